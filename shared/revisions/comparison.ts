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
  /** `accepted` / `rejected` by the Chair, `withdrawn` by its proposer, or `edited` directly. */
  how: 'accepted' | 'rejected' | 'withdrawn' | 'edited';
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
}

export interface ComparisonSummary {
  accepted: AmendmentRef[];
  rejected: AmendmentRef[];
  withdrawn: AmendmentRef[];
  /** Pending in the newer state but not in the older. */
  proposed: AmendmentRef[];
}

export interface Comparison {
  from: { label: string };
  to: { label: string };
  paragraphs: ComparedParagraph[];
  summary: ComparisonSummary;
}
