import type { Node as PMNode } from '@tiptap/pm/model';
import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';

/** How negotiators refer to a paragraph: `OP 3`, `OP 3 bis`, `PP 2`, or its first words. */
export interface ParagraphRef {
  pid: string;
  label: string;
  kind: string;
  status: string;
  /** Position of the paragraph's content, to jump to it. */
  pos: number;
}

export function paragraphRefs(doc: PMNode): Map<string, ParagraphRef> {
  const numbers = paragraphNumbers(doc);
  const refs = new Map<string, ParagraphRef>();
  let preambular = 0;
  doc.forEach((block, offset) => {
    const pid = block.attrs.pid as string | null | undefined;
    const kind = block.type.name === 'heading' ? 'heading' : ((block.attrs.kind as string | undefined) ?? 'body');
    if (kind === 'preambular') preambular++;
    if (!pid) return;
    const number = numbers.get(pid);
    const start = block.textContent.slice(0, 28).trim();
    const label = number ? `OP ${number}` : kind === 'preambular' ? `PP ${preambular}` : block.type.name === 'heading' ? `Heading “${start}…”` : `“${start}…”`;
    refs.set(pid, { pid, label, kind, status: (block.attrs.status as string | undefined) ?? 'open', pos: offset + 1 });
  });
  return refs;
}

const quote = (text: string, max = 80) => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;

/** One line saying what an amendment proposes, in the negotiators' words. */
export function describeAmendment(a: Pick<Amendment, 'shape' | 'inserted' | 'deleted'>): string {
  switch (a.shape) {
    case 'paragraph':
      return a.inserted ? `New paragraph: ${quote(a.inserted)}` : 'New paragraph (empty so far)';
    case 'insertion':
      return `Insert ${quote(a.inserted)}`;
    case 'deletion':
      return `Delete ${quote(a.deleted)}`;
    case 'replacement':
      return `Replace ${quote(a.deleted, 40)} by ${quote(a.inserted, 40)}`;
  }
}

/** A time stamp as a participant reads it: today's as a time, older ones with the date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
