import type { workingCopiesEn } from './en.ts';

/** Working copies in French (see ./en.ts). */
export const workingCopiesFr: Record<keyof typeof workingCopiesEn, string> = {
  "workingCopy.documentTitle": "Copie de travail de {party} — {title}",
  "calls.workingCopyOpen": "Proposer dans l’application, sur une copie de travail",
  "calls.workingCopyHint": "Une copie privée du texte : ce que vous y proposez devient votre contribution lorsque vous la soumettez.",
  "calls.workingCopyGoTo": "Ouvrir votre copie de travail",
  "calls.workingCopySubmit": "Soumettre la copie de travail",
  "calls.fromWorkingCopy": "proposée dans l’application",
  "calls.readWorkingCopy": "Lire la copie de travail",
  "calls.withBrackets": "Paragraphe {paragraph} avec les crochets de son auteur",
  "calls.withBracketsLabel": "avec les crochets de son auteur",
  "editor.workingCopyOwn": "Votre copie de travail pour un appel à contributions. Personne d’autre ne la lit avant que le Secrétariat publie les contributions ; ce que vous proposez ici devient votre contribution lorsque vous la soumettez, jusqu’à la date limite.",
  "editor.workingCopySubmit": "Soumettre comme notre contribution",
  "editor.workingCopySubmitted": "Soumise le {at, date, medium} à {at, time, short}. Vous pouvez continuer à proposer et la soumettre de nouveau jusqu’à la date limite.",
  "editor.workingCopyToCall": "Retour à l’appel",
  "editor.workingCopyOther": "Copie de travail de {party}, publiée avec les contributions : lecture seule.",
  "editor.notAvailable": "Ce document ne vous est pas accessible : il n’existe pas, ou il ne vous est pas ouvert (un projet que préparent la Présidence et le Secrétariat, ou la copie de travail d’une autre partie).",
  "document.workingCopy": "Copie de travail",
  "msg.workingCopy.readOnly": "cette copie de travail appartient à sa partie : vous pouvez la lire, non la modifier",
  "msg.workingCopy.none": "vous n’avez pas de copie de travail pour cet appel",
  "msg.workingCopy.openFirst": "vous n’avez pas de copie de travail pour cet appel : ouvrez-en une et proposez-y d’abord",
  "msg.workingCopy.nothing": "votre copie de travail ne propose encore rien : proposez-y vos amendements, puis soumettez-la",
  "msg.workingCopy.noParagraph": "la contribution de {party} n’a pas de paragraphe {pid} de sa copie de travail",
  "msg.workingCopy.takenTwice": "les paragraphes {first} et {second} du projet reprennent tous deux le paragraphe {pid} de la copie de travail de {party} : reprenez-le une seule fois",
  "msg.workingCopy.pid": "un identifiant de paragraphe (pid) de la copie de travail",
};
