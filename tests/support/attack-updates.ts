import * as Y from 'yjs';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument } from '../../server/sync/document-state.ts';
import { blockStart, editDirectly, editorDoc } from './editing.ts';

/**
 * Updates a hostile participant builds with Yjs against a document (issue 13): schema-invalid
 * content in a paragraph of its own, another's mark copied or spread, a date of its own
 * choosing, another's amendment carried into another paragraph. Each is what the client would
 * send: the difference its replica made.
 */

function update(live: Y.Doc, edit: (replica: Y.Doc) => void): Uint8Array {
  const replica = copyDocument(live);
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

let serial = 0;
const blocks = (doc: Y.Doc) => doc.getXmlFragment(TEXT_FIELD).toArray() as Y.XmlElement[];

/** The formatting attribute (key and value) of another delegation's insertion in the text. */
function anothersMark(doc: Y.Doc, label: string): { key: string; value: unknown; block: number } | null {
  for (const [index, block] of blocks(doc).entries()) {
    for (const child of block.toArray()) {
      if (!(child instanceof Y.XmlText)) continue;
      for (const op of child.toDelta() as { attributes?: Record<string, { delegation?: string }> }[]) {
        for (const [key, value] of Object.entries(op.attributes ?? {})) {
          if (key.startsWith('insertion') && value.delegation !== label) return { key, value, block: index };
        }
      }
    }
  }
  return null;
}

/** Updates a delegation may not send, whatever it owns. */
export function delegationAttacks(live: Y.Doc, sender: Participant): Uint8Array[] {
  const label = sender.delegation!;
  const mark = (at = new Date().toISOString()) => ({ id: `${label}:${(++serial).toString(36).padStart(8, '0')}`, delegation: label, author: sender.id, at });
  /** A new paragraph proposed by the sender, after the first, then spoiled by `spoil`. */
  const ownParagraph = (spoil: (paragraph: Y.XmlElement) => void) =>
    update(live, (replica) => {
      const attrs = mark();
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('pid', `p-attack${serial}`);
      paragraph.setAttribute('proposal', attrs.id);
      replica.getXmlFragment(TEXT_FIELD).insert(1, [paragraph]);
      const words = new Y.XmlText();
      paragraph.insert(0, [words]);
      words.insert(0, 'proposed words', { 'insertion--AAAAAAAA': attrs });
      spoil(paragraph);
    });
  const other = anothersMark(live, label);
  const attacks = [
    ownParagraph((p) => p.insert(p.length, [new Y.XmlElement('script')])),
    ownParagraph((p) => {
      for (let i = 0; i < 40; i++) {
        const quotation = new Y.XmlElement('blockquote');
        p.insert(p.length, [quotation]);
        p = quotation;
      }
    }),
    ownParagraph((p) => p.setAttribute('status', 'agreed')),
    ownParagraph((p) => p.setAttribute('kind', 'x'.repeat(20_000))),
    update(live, (replica) => (blocks(replica)[0]!.get(0) as Y.XmlText).insert(0, 'dated ', { 'insertion--AAAAAAAB': mark('1999-01-01T00:00:00.000Z') })),
  ];
  if (other) {
    attacks.push(
      // Copied onto words of its own: impersonation.
      ownParagraph((p) => (p.get(0) as Y.XmlText).format(0, 8, { [other.key]: other.value })),
      // Spread over base text of the paragraph it stands in.
      update(live, (replica) => (blocks(replica)[other.block]!.get(0) as Y.XmlText).format(0, 2, { [other.key]: other.value })),
    );
  }
  return attacks;
}

/** An officer carrying another's amendment into a new paragraph, in one update. */
export function officerAttacks(live: Y.Doc, sender: Participant): Uint8Array[] {
  const label = sender.role === 'chair' ? 'Chair' : 'Secretariat';
  // An amendment with words to carry (a paragraph just proposed by Enter has none yet).
  const target = listAmendments(editorDoc(live)).find((a) => a.delegation !== label && a.ranges.length > 0);
  if (!target) return [];
  return [
    update(live, (replica) =>
      editDirectly(replica, (tr) => {
        const { from, to } = target.ranges[0]!;
        const moved = documentSchema().nodes.paragraph!.create({ pid: `p-moved${++serial}` }, tr.doc.slice(from, to).content);
        tr.insert(blockStart(tr.doc, target.blockIndex) - 1 + tr.doc.child(target.blockIndex).nodeSize, moved);
        return tr.delete(from, to);
      }),
    ),
  ];
}
