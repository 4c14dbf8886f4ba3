import type { Node as PMNode } from '@tiptap/pm/model';
import { agreedView } from '../negotiation/decisions.ts';
import type { Language } from './languages.ts';

/**
 * Language versions of a text (issue 17). A version is a document of its own — its own text,
 * amendments and room — made from its original with the same paragraph ids, so paragraph `p`
 * of the Spanish version is paragraph `p` of the English one, numbered alike. Whether a
 * paragraph's translation is up to date is read from fingerprints of the agreed text: when the
 * Secretariat says a version's paragraph is aligned, the original's paragraph and the version's
 * own are fingerprinted; a later change on either side (an amendment accepted, a direct edit)
 * makes the fingerprints differ, and the other side's paragraph is pending translation.
 */

/** A document's language and, for a version, the document it is a version of. */
export interface DocumentLanguage {
  documentId: string;
  language: Language;
  /** Null for an original. */
  originalId: string | null;
}

/** What the Secretariat confirmed last for one paragraph of a version. */
export interface ParagraphAlignment {
  pid: string;
  /** The original's paragraph, as it stood when the version's was aligned with it. */
  sourceHash: string;
  /** The version's own paragraph at that moment. */
  ownHash: string;
}

/** A paragraph's agreed words reduced to a short fingerprint; spacing does not count as a change. */
export function paragraphFingerprint(text: string): string {
  const normal = text.replace(/\s+/g, ' ').trim();
  // FNV-1a, 32 bits twice over (two seeds): enough to tell a changed paragraph, and pure.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ normal.length;
  for (let i = 0; i < normal.length; i++) {
    const c = normal.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Each paragraph's fingerprint by pid: the agreed text of one version. */
export type Fingerprints = ReadonlyMap<string, string>;

export interface VersionState {
  documentId: string;
  fingerprints: Fingerprints;
  alignments: ReadonlyMap<string, ParagraphAlignment>;
}

/**
 * The paragraphs pending translation in the original and in each version, by document id.
 * A version's paragraph is pending when the original's changed since it was aligned (or it was
 * never aligned); the original's is pending when a version's own changed since then (an
 * amendment accepted in Spanish must reach the English original too). Paragraphs that are not
 * in the original (proposed in a version only) are the version's own and pend nowhere.
 */
export function pendingTranslation(original: { documentId: string; fingerprints: Fingerprints }, versions: readonly VersionState[]): Map<string, string[]> {
  const pending = new Map<string, string[]>([[original.documentId, []]]);
  const originalPending = new Set<string>();
  for (const version of versions) {
    const own: string[] = [];
    for (const [pid, sourceNow] of original.fingerprints) {
      const mine = version.fingerprints.get(pid);
      if (mine === undefined) continue;
      const aligned = version.alignments.get(pid);
      if (!aligned || aligned.sourceHash !== sourceNow) own.push(pid);
      else if (aligned.ownHash !== mine) originalPending.add(pid);
    }
    pending.set(version.documentId, own);
  }
  pending.set(original.documentId, [...original.fingerprints.keys()].filter((pid) => originalPending.has(pid)));
  return pending;
}

/** The fingerprint of each paragraph's agreed words (as if every pending amendment were rejected), by pid. */
export function agreedFingerprints(doc: PMNode): Map<string, string> {
  const out = new Map<string, string>();
  agreedView(doc).descendants((node) => {
    const pid = node.attrs.pid as string | null | undefined;
    if (node.isTextblock && pid) out.set(pid, paragraphFingerprint(node.textContent));
    return !node.isTextblock;
  });
  return out;
}
