import type { WorkingCopyParagraph } from '../../shared/working-copy.ts';

interface InlineNode {
  type?: string;
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/**
 * A paragraph of a submitted working copy (issue 16) as the Secretariat compiles it: its words,
 * the party's insertions and deletions marked as a comparison marks them, each with the party's
 * code, the way it will stand bracketed in the draft.
 */
export function WorkingCopyParagraphView({ paragraph }: { paragraph: WorkingCopyParagraph }) {
  const nodes = (paragraph.content.content ?? []) as InlineNode[];
  return (
    <p className="compile-form__copy" data-testid="working-copy-paragraph" data-pid={paragraph.pid}>
      {nodes.map((node, i) => {
        const text = node.text ?? '';
        const mark = node.marks?.find((m) => m.type === 'insertion' || m.type === 'deletion');
        const party = typeof mark?.attrs?.delegation === 'string' ? mark.attrs.delegation : '';
        if (mark?.type === 'insertion') {
          return (
            <ins key={i} className="comparison__insert" title={party}>
              {text}
            </ins>
          );
        }
        if (mark?.type === 'deletion') {
          return (
            <del key={i} className="comparison__remove" title={party}>
              {text}
            </del>
          );
        }
        return <span key={i}>{text}</span>;
      })}
    </p>
  );
}
