import type { Node as PMNode } from '@tiptap/pm/model';
import type { Language } from '../i18n/languages.ts';

const LATIN = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'];

function latinSuffix(n: number): string {
  return LATIN[n - 1] ?? `(${n + 1})`;
}

/** The word before a number that does not exist yet, as each language's negotiators say it. */
const NEW: Record<Language, string> = { es: 'nuevo', en: 'new', fr: 'nouveau', pt: 'novo' };

function newFirst(n: number, language: Language): string {
  return n === 1 ? `${NEW[language]} 1` : `${NEW[language]} 1 ${latinSuffix(n - 1)}`;
}

/**
 * Paragraph numbers as negotiators cite them: operative paragraphs are numbered, preambular
 * ones are not, and a paragraph proposed as new is numbered after the one it follows — `3 bis`,
 * `3 ter` — until the Chair accepts it. One proposed before the first operative paragraph
 * follows none: it is `new 1` (it would become paragraph 1), the next `new 1 bis`; there is no
 * paragraph 0 to cite. Returns the label for each numbered paragraph's pid. The Latin
 * suffixes are the same in every language; `new` is `nuevo`, `nouveau`, `novo`.
 */
export function paragraphNumbers(doc: PMNode, language: Language = 'en'): Map<string, string> {
  const labels = new Map<string, string>();
  let number = 0;
  let proposedSince = 0;
  doc.forEach((block) => {
    if (block.type.name !== 'paragraph' || block.attrs.kind !== 'operative') return;
    const pid = block.attrs.pid as string | null;
    if (block.attrs.proposal) {
      proposedSince++;
      if (pid) labels.set(pid, number === 0 ? newFirst(proposedSince, language) : `${number} ${latinSuffix(proposedSince)}`);
      return;
    }
    number++;
    proposedSince = 0;
    if (pid) labels.set(pid, String(number));
  });
  return labels;
}
