import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { documentSchema } from '../../shared/schema.ts';

/** Small document builders, in the spirit of prosemirror-test-builder. */
export const schema = documentSchema();
const AT = '2026-11-28T10:00:00.000Z';

type Inline = PMNode | string;
const inline = (parts: Inline[]): PMNode[] => parts.map((p) => (typeof p === 'string' ? schema.text(p) : p));

function amendmentMark(kind: 'insertion' | 'deletion', id: string): Mark {
  const delegation = id.split(':')[0]!;
  return schema.marks[kind]!.create({ id, delegation, author: `${delegation}-delegate`, at: AT });
}

/** Text proposed for insertion by amendment `id` (its proposer is the id's prefix). */
export const ins = (id: string, text: string | PMNode): PMNode =>
  typeof text === 'string' ? schema.text(text, [amendmentMark('insertion', id)]) : text.mark([...text.marks, amendmentMark('insertion', id)]);
/** Text proposed for deletion by amendment `id`. */
export const del = (id: string, text: string | PMNode): PMNode =>
  typeof text === 'string' ? schema.text(text, [amendmentMark('deletion', id)]) : text.mark([...text.marks, amendmentMark('deletion', id)]);

export const p = (attrs: Record<string, unknown> | string, ...parts: Inline[]): PMNode =>
  schema.nodes.paragraph!.create(typeof attrs === 'string' ? { pid: attrs, kind: 'operative' } : { kind: 'operative', ...attrs }, inline(parts));
export const doc = (...blocks: PMNode[]): PMNode => schema.nodes.doc!.create(null, blocks);

/** Text with its amendments in a compact notation: `{+MEX:1 words}` inserted, `{-USA:2 words}` deleted. */
export function bracketed(node: PMNode): string[] {
  const lines: string[] = [];
  node.descendants((n) => {
    if (!n.isTextblock) return true;
    let line = n.attrs.proposal ? `(${n.attrs.proposal as string}) ` : '';
    n.forEach((t) => {
      const marks = t.marks.filter((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
      let text = t.text ?? '';
      for (const m of [...marks].reverse()) text = `{${m.type.name === 'insertion' ? '+' : '-'}${m.attrs.id as string} ${text}}`;
      line += text;
    });
    lines.push(line);
    return false;
  });
  return lines;
}
