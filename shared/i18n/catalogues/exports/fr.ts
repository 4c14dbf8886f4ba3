import type { exportsEn } from './en.ts';

/** The comparison export's words in French (see ./en.ts). */
export const exportsFr: Record<keyof typeof exportsEn, string> = {
  "doc.compare.editedDirectly": "modifié directement",
  "doc.compare.editedBy": "modifié directement par {by}",
  "doc.compare.delegationEdited": "{delegation}, modifié",
  "doc.compare.restored": "rétabli {what}",
  "doc.compare.aRevision": "une révision",
  "doc.compare.undone": "annulé",
  "doc.compare.delegationUndone": "{delegation}, annulé",
  "doc.compare.decided": "{delegation}, {how}",
  "doc.compare.decision": ", décision {decision}",
};
