import type { workingCopiesEn } from './en.ts';

/** Working copies in Spanish (see ./en.ts). */
export const workingCopiesEs: Record<keyof typeof workingCopiesEn, string> = {
  "workingCopy.documentTitle": "Copia de trabajo de {party} — {title}",
  "calls.workingCopyOpen": "Proponer en la aplicación, sobre una copia de trabajo",
  "calls.workingCopyHint": "Una copia privada del texto: lo que proponga en ella será su contribución cuando la presente.",
  "calls.workingCopyGoTo": "Abrir su copia de trabajo",
  "calls.workingCopySubmit": "Presentar la copia de trabajo",
  "calls.fromWorkingCopy": "propuesta en la aplicación",
  "calls.readWorkingCopy": "Leer la copia de trabajo",
  "calls.withBrackets": "Párrafo {paragraph} con los corchetes de su autor",
  "calls.withBracketsLabel": "con los corchetes de su autor",
  "editor.workingCopyOwn": "Su copia de trabajo para una convocatoria de contribuciones. Nadie más la lee hasta que la Secretaría publique las contribuciones; lo que proponga aquí será su contribución cuando la presente, hasta el plazo.",
  "editor.workingCopySubmit": "Presentar como nuestra contribución",
  "editor.workingCopySubmitted": "Presentada el {at, date, medium} a las {at, time, short}. Puede seguir proponiendo y volver a presentarla hasta el plazo.",
  "editor.workingCopyToCall": "Volver a la convocatoria",
  "editor.workingCopyOther": "Copia de trabajo de {party}, publicada con las contribuciones: solo lectura.",
  "editor.notAvailable": "Este documento no está disponible para usted: no existe o no le está abierto (un proyecto que preparan la Presidencia y la Secretaría, o la copia de trabajo de otra parte).",
  "document.workingCopy": "Copia de trabajo",
  "msg.workingCopy.readOnly": "esta copia de trabajo es de su parte: puede leerla, no modificarla",
  "msg.workingCopy.none": "no tiene copia de trabajo para esta convocatoria",
  "msg.workingCopy.openFirst": "no tiene copia de trabajo para esta convocatoria: abra una y proponga en ella primero",
  "msg.workingCopy.nothing": "su copia de trabajo aún no propone nada: proponga en ella sus enmiendas y luego preséntela",
  "msg.workingCopy.noParagraph": "la contribución de {party} no tiene el párrafo {pid} de su copia de trabajo",
  "msg.workingCopy.takenTwice": "los párrafos {first} y {second} del proyecto toman ambos el párrafo {pid} de la copia de trabajo de {party}: tómelo una sola vez",
  "msg.workingCopy.pid": "un identificador de párrafo (pid) de la copia de trabajo",
};
