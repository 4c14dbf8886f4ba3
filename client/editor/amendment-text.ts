import type { Node as PMNode } from '@tiptap/pm/model';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Translate } from '../../shared/i18n/translate.ts';

/** How negotiators refer to a paragraph: `OP 3`, `OP 3 bis`, `PP 2`, or its first words. */
export interface ParagraphRef {
  pid: string;
  label: string;
  kind: string;
  status: string;
  /** Position of the paragraph's content, to jump to it. */
  pos: number;
}

export function paragraphRefs(doc: PMNode, t: Translate, language: Language): Map<string, ParagraphRef> {
  const numbers = paragraphNumbers(doc, language);
  const refs = new Map<string, ParagraphRef>();
  let preambular = 0;
  doc.forEach((block, offset) => {
    const pid = block.attrs.pid as string | null | undefined;
    const kind = block.type.name === 'heading' ? 'heading' : ((block.attrs.kind as string | undefined) ?? 'body');
    if (kind === 'preambular') preambular++;
    if (!pid) return;
    const number = numbers.get(pid);
    const start = block.textContent.slice(0, 28).trim();
    const label = number
      ? t('ref.operative', { number })
      : kind === 'preambular'
        ? t('ref.preambular', { number: preambular })
        : block.type.name === 'heading'
          ? t('ref.heading', { start })
          : t('ref.body', { start });
    refs.set(pid, { pid, label, kind, status: (block.attrs.status as string | undefined) ?? 'open', pos: offset + 1 });
  });
  return refs;
}

const quote = (t: Translate, text: string, max = 80) => t('amendment.quote', { text: text.length > max ? `${text.slice(0, max - 1)}…` : text });

/** One line saying what an amendment proposes, in the negotiators' words. */
export function describeAmendment(a: Pick<Amendment, 'shape' | 'inserted' | 'deleted'>, t: Translate): string {
  switch (a.shape) {
    case 'paragraph':
      return a.inserted ? t('amendment.newParagraph', { text: quote(t, a.inserted) }) : t('amendment.newParagraphEmpty');
    case 'insertion':
      return t('amendment.insert', { text: quote(t, a.inserted) });
    case 'deletion':
      return t('amendment.delete', { text: quote(t, a.deleted) });
    case 'replacement':
      return t('amendment.replace', { deleted: quote(t, a.deleted, 40), inserted: quote(t, a.inserted, 40) });
  }
}

/** A time stamp as a participant reads it: today's as a time, older ones with the date. */
export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(language, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
