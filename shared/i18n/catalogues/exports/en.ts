/**
 * The fixed words of a comparison's export beside each change (`MEX, accepted, decision 12`),
 * merged into each catalogue (kept apart: the catalogues were already long).
 */
export const exportsEn = {
  "doc.compare.editedDirectly": "edited directly",
  "doc.compare.editedBy": "edited directly by {by}",
  "doc.compare.delegationEdited": "{delegation}, edited",
  "doc.compare.restored": "restored {what}",
  "doc.compare.aRevision": "a revision",
  "doc.compare.undone": "undone",
  "doc.compare.delegationUndone": "{delegation}, undone",
  "doc.compare.decided": "{delegation}, {how}",
  "doc.compare.decision": ", decision {decision}",
} as const;
