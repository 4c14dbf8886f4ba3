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

/** A paragraph number worded in English (`new 1 bis`) as `language` words it (`nuevo 1 bis`). */
export function paragraphNumberIn(number: string, language: Language): string {
  return number.startsWith(`${NEW.en} `) ? `${NEW[language]}${number.slice(NEW.en.length)}` : number;
}

/**
 * How a message names a paragraph, in English, for the catalogue to translate (`msg.paragraph.*`):
 * `OP 3`, `OP 3 bis`, `OP new 1`, `PP 2`, or, for one with no number, its first words quoted.
 */
export function paragraphLabel(doc: PMNode, pid: string): string {
  const number = paragraphNumbers(doc).get(pid);
  if (number) return `OP ${number}`;
  let preambular = 0;
  let label = 'the paragraph “”';
  doc.forEach((block) => {
    if (block.attrs.kind === 'preambular') preambular++;
    if (block.attrs.pid !== pid) return;
    const words = block.textContent.replace(/\s+/g, ' ').trim();
    label = block.attrs.kind === 'preambular' ? `PP ${preambular}` : `the paragraph “${words.length > 40 ? `${words.slice(0, 39).trim()}…` : words}”`;
  });
  return label;
}
