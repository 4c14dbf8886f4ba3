import type { workingCopiesEn } from './en.ts';

/** Working copies in Portuguese (see ./en.ts). */
export const workingCopiesPt: Record<keyof typeof workingCopiesEn, string> = {
  "workingCopy.documentTitle": "Cópia de trabalho de {party} — {title}",
  "calls.workingCopyOpen": "Propor no aplicativo, numa cópia de trabalho",
  "calls.workingCopyHint": "Uma cópia privada do texto: o que propuser nela será sua contribuição quando a apresentar.",
  "calls.workingCopyGoTo": "Abrir sua cópia de trabalho",
  "calls.workingCopySubmit": "Apresentar a cópia de trabalho",
  "calls.fromWorkingCopy": "proposta no aplicativo",
  "calls.readWorkingCopy": "Ler a cópia de trabalho",
  "calls.withBrackets": "Parágrafo {paragraph} com os colchetes de seu autor",
  "calls.withBracketsLabel": "com os colchetes de seu autor",
  "editor.workingCopyOwn": "Sua cópia de trabalho para uma convocatória de contribuições. Ninguém mais a lê até que a Secretaria publique as contribuições; o que propuser aqui será sua contribuição quando a apresentar, até o prazo.",
  "editor.workingCopySubmit": "Apresentar como nossa contribuição",
  "editor.workingCopySubmitted": "Apresentada em {at, date, medium} às {at, time, short}. Pode continuar propondo e apresentá-la de novo até o prazo.",
  "editor.workingCopyToCall": "Voltar à convocatória",
  "editor.workingCopyOther": "Cópia de trabalho de {party}, publicada com as contribuições: somente leitura.",
  "editor.notAvailable": "Este documento não está disponível para você: não existe ou não lhe está aberto (um projeto que a Presidência e a Secretaria preparam, ou a cópia de trabalho de outra parte).",
  "document.workingCopy": "Cópia de trabalho",
  "msg.workingCopy.readOnly": "esta cópia de trabalho é de sua parte: pode lê-la, não modificá-la",
  "msg.workingCopy.none": "não tem cópia de trabalho para esta convocatória",
  "msg.workingCopy.openFirst": "não tem cópia de trabalho para esta convocatória: abra uma e proponha nela primeiro",
  "msg.workingCopy.nothing": "sua cópia de trabalho ainda não propõe nada: proponha nela suas emendas e depois apresente-a",
  "msg.workingCopy.noParagraph": "a contribuição de {party} não tem o parágrafo {pid} de sua cópia de trabalho",
  "msg.workingCopy.takenTwice": "os parágrafos {first} e {second} do projeto tomam ambos o parágrafo {pid} da cópia de trabalho de {party}: tome-o uma só vez",
  "msg.workingCopy.pid": "um identificador de parágrafo (pid) da cópia de trabalho",
};
