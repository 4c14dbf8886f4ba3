import type { exportsEn } from './en.ts';

/** The comparison export's words in Spanish (see ./en.ts). */
export const exportsEs: Record<keyof typeof exportsEn, string> = {
  "doc.compare.editedDirectly": "editado directamente",
  "doc.compare.editedBy": "editado directamente por {by}",
  "doc.compare.delegationEdited": "{delegation}, editada",
  "doc.compare.restored": "restablecido {what}",
  "doc.compare.aRevision": "una revisión",
  "doc.compare.undone": "deshecho",
  "doc.compare.delegationUndone": "{delegation}, deshecha",
  "doc.compare.decided": "{delegation}, {how}",
  "doc.compare.decision": ", decisión {decision}",
};
