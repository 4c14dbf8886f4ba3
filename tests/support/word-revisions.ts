import { DOMParser } from 'linkedom';

/**
 * What Word's "Accept All Changes" and "Reject All Changes" leave of a `word/document.xml`,
 * read with a real XML parser:
 * - accept keeps what `w:ins` holds and drops what `w:del` holds;
 * - reject drops what `w:ins` holds and keeps what `w:del` holds (its `w:delText` is text again);
 * - a paragraph whose mark is removed (`<w:pPr><w:rPr><w:ins/>` on reject, `<w:del/>` on
 *   accept) joins what is left of it to the next paragraph, so a proposed paragraph whose
 *   words and mark are inserted vanishes entirely on reject.
 */

export type Verdict = 'accept' | 'reject';

/** The little of an element this reads (linkedom's own types are partial). */
interface XmlElement {
  tagName: string;
  textContent: string | null;
  children: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
}

function parse(xml: string): XmlElement {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement;
}

const childrenOf = (element: XmlElement): XmlElement[] => Array.from(element.children);

function body(xml: string): XmlElement {
  const found = childrenOf(parse(xml)).find((e) => e.tagName === 'w:body');
  if (!found) throw new Error('document.xml has no w:body');
  return found;
}

/** The text of an element as it reads after the verdict (`all`: every word, deleted or not): tabs as \t, line breaks as \n. */
function textAfter(element: XmlElement, verdict: Verdict | 'all'): string {
  let text = '';
  for (const child of childrenOf(element)) {
    const tag = child.tagName;
    if (tag === 'w:pPr' || tag === 'w:rPr') continue;
    if ((tag === 'w:ins' && verdict === 'reject') || (tag === 'w:del' && verdict === 'accept')) continue;
    if (tag === 'w:t' || tag === 'w:delText') text += child.textContent ?? '';
    else if (tag === 'w:tab') text += '\t';
    else if (tag === 'w:br') text += '\n';
    else text += textAfter(child, verdict);
  }
  return text;
}

function markRemoved(paragraph: XmlElement, verdict: Verdict): boolean {
  const properties = childrenOf(paragraph).find((e) => e.tagName === 'w:pPr');
  const mark = properties && childrenOf(properties).find((e) => e.tagName === 'w:rPr');
  return !!mark && childrenOf(mark).some((e) => e.tagName === (verdict === 'accept' ? 'w:del' : 'w:ins'));
}

/** The body's paragraphs once every tracked change is accepted, or every one rejected. */
export function paragraphsAfter(xml: string, verdict: Verdict): string[] {
  const out: string[] = [];
  let joined = '';
  for (const paragraph of childrenOf(body(xml)).filter((e) => e.tagName === 'w:p')) {
    const text = joined + textAfter(paragraph, verdict);
    if (markRemoved(paragraph, verdict)) joined = text;
    else {
      out.push(text);
      joined = '';
    }
  }
  if (joined) out.push(joined);
  return out;
}

/** The body's paragraphs as the file shows them with every change still tracked (deleted words left out). */
export const paragraphsAsShown = (xml: string): string[] => childrenOf(body(xml)).filter((e) => e.tagName === 'w:p').map((p) => textAfter(p, 'accept'));

export interface TrackedChange {
  kind: 'ins' | 'del';
  /** A paragraph mark's change rather than words. */
  mark: boolean;
  id: string;
  author: string;
  date: string | null;
  /** The words it holds (inserted text, or deleted text), tabs as \t. */
  text: string;
}

/** Every `w:ins` and `w:del` of the body, in document order. */
export function trackedChanges(xml: string): TrackedChange[] {
  const out: TrackedChange[] = [];
  const visit = (element: XmlElement, inMark: boolean) => {
    for (const child of childrenOf(element)) {
      const tag = child.tagName;
      if (tag === 'w:ins' || tag === 'w:del') {
        out.push({
          kind: tag === 'w:ins' ? 'ins' : 'del',
          mark: inMark,
          id: child.getAttribute('w:id') ?? '',
          author: child.getAttribute('w:author') ?? '',
          date: child.getAttribute('w:date'),
          text: textAfter(child, 'all'),
        });
      }
      visit(child, inMark || tag === 'w:pPr');
    }
  };
  visit(body(xml), false);
  return out;
}
