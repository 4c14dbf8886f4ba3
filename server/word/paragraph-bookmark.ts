import { createHash } from 'node:crypto';

/**
 * How an Accord Word file names its paragraphs, invisibly, so that a delegation's edited copy
 * can be read back paragraph by paragraph (the Word round trip, issue 16).
 *
 * Each paragraph of the text carries a hidden bookmark (a name starting with `_`, which Word
 * keeps but does not list) where its own words start, after any number and tab:
 * `_Acc_<fingerprint>_<pid>`. The fingerprint is a short hash of the paragraph's base text as
 * exported (its words without anyone's pending insertions, whitespace collapsed): on upload it
 * tells whether the paragraph still reads in Accord as it did in the file, so that differences
 * made without Track Changes can be read as the uploader's own. The pid is written with `_` as
 * an escape (`-` → `_h`, `_` → `_u`), since Word bookmark names hold letters, digits and `_`.
 * Word limits a name to 40 characters: a paragraph whose id does not fit gets no bookmark and is
 * found by its text instead.
 *
 * The file as a whole names the document it was exported from in a custom document property.
 */
export const DOCUMENT_PROPERTY = 'AccordDocument';

const PREFIX = '_Acc_';
const MAX_NAME = 40;
const FINGERPRINT = /^[0-9a-z]{6}$/;

/** Whitespace as Word and the views may tidy it: not a difference anyone made. */
export function normalizedWords(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function textFingerprint(baseText: string): string {
  const digest = createHash('sha256').update(normalizedWords(baseText)).digest();
  return (digest.readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
}

export function paragraphBookmark(pid: string, baseText: string): string | null {
  const name = `${PREFIX}${textFingerprint(baseText)}_${pid.replace(/[_-]/g, (c) => (c === '-' ? '_h' : '_u'))}`;
  return name.length <= MAX_NAME ? name : null;
}

/** The paragraph id and fingerprint a bookmark name carries, or null if it is not one of ours. */
export function readParagraphBookmark(name: string): { pid: string; fingerprint: string } | null {
  if (!name.startsWith(PREFIX) || name.length > MAX_NAME) return null;
  const fingerprint = name.slice(PREFIX.length, PREFIX.length + 6);
  const encoded = name.slice(PREFIX.length + 7);
  if (!FINGERPRINT.test(fingerprint) || name[PREFIX.length + 6] !== '_' || !/^(?:[A-Za-z0-9]|_h|_u)+$/.test(encoded)) return null;
  return { pid: encoded.replace(/_h|_u/g, (e) => (e === '_h' ? '-' : '_')), fingerprint };
}
