import type { exportsEn } from './en.ts';

/** The comparison export's words in Portuguese (see ./en.ts). */
export const exportsPt: Record<keyof typeof exportsEn, string> = {
  "doc.compare.editedDirectly": "editado diretamente",
  "doc.compare.editedBy": "editado diretamente por {by}",
  "doc.compare.delegationEdited": "{delegation}, editada",
  "doc.compare.restored": "restaurado {what}",
  "doc.compare.aRevision": "uma revisão",
  "doc.compare.undone": "desfeito",
  "doc.compare.delegationUndone": "{delegation}, desfeita",
  "doc.compare.decided": "{delegation}, {how}",
  "doc.compare.decision": ", decisão {decision}",
};
