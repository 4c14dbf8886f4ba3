/**
 * The comparison of two states of a document (two revisions, or a revision and the live
 * text), paragraph by paragraph, as negotiators read it: what text came in or went out of the
 * agreed text, and whose amendment (and which decision) brought it.
 */

export interface Attribution {
  /** The amendment behind the change, if one is known. */
  amendmentId: string | null;
  /** Proposer label: a delegation code, `Chair` or `Secretariat`; null for a direct edit. */
  delegation: string | null;
  /**
   * `accepted` by the Chair (the amendment's words came in or went out), `restored` with a
   * revision, `undone` (a decision taken back), or `edited` directly. (`rejected` and
   * `withdrawn` leave the agreed text as it was; they are kept for older answers.)
   */
  how: 'accepted' | 'rejected' | 'withdrawn' | 'edited' | 'restored' | 'undone';
  /** The decision (its number in the audit log) that made the change; null for a direct edit. */
  decision?: number | null;
  /** For a restore: the revision restored. For an undo: the decision undone, as `decision N`. */
  detail?: string | null;
  /** For a direct edit: who edited (a participant's name, or `system`). */
  by?: string | null;
}

export interface ComparedSegment {
  text: string;
  change: 'same' | 'inserted' | 'removed';
  attribution: Attribution | null;
}

export interface ComparedParagraph {
  pid: string | null;
  /** Numbering as in the app ("3", "3 bis"), in the newer state; null for unnumbered. */
  number: string | null;
  kind: string;
  blockType: 'paragraph' | 'heading';
  /** Whole paragraph added or removed between the two states, or changed inside. */
  change: 'same' | 'inserted' | 'removed' | 'changed';
  segments: ComparedSegment[];
}

export interface AmendmentRef {
  id: string;
  delegation: string;
  inserted: string;
  deleted: string;
  pid: string | null;
  /** The decision that settled, set aside, brought back or returned it. */
  decision?: number | null;
}

export interface ComparisonSummary {
  accepted: AmendmentRef[];
  rejected: AmendmentRef[];
  /** Taken back by their proposers: pending in the older state, gone, and no decision about them. */
  withdrawn: AmendmentRef[];
  /** Pending in the newer state but not in the older, and not brought back by a decision. */
  proposed: AmendmentRef[];
  /** Pending amendments a restore removed: no delegation withdrew them. */
  setAside?: AmendmentRef[];
  /** Pending amendments a restore or an undo brought back. */
  broughtBack?: AmendmentRef[];
}

export interface Comparison {
  from: { label: string };
  to: { label: string };
  paragraphs: ComparedParagraph[];
  summary: ComparisonSummary;
}
