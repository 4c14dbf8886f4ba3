import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument, newYDoc } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { del, doc, ins, p } from './builders.ts';
import { blockStart, editDirectly, editorDoc, writeBack } from './editing.ts';

/** A live document with amendments of every kind, and the verdict on an edit made on a replica of it. */

const participant = (role: Participant['role'], delegation: string | null, id: string): Participant => ({ id, name: id, role, delegation });
export const MEX = participant('delegation', 'MEX', 'MEX-delegate');
export const USA = participant('delegation', 'USA', 'USA-delegate');
export const CHAIR = participant('chair', null, 'Chair-delegate');
export const SECRETARIAT = participant('secretariat', null, 'Secretariat-delegate');
export const OBSERVER = participant('observer', null, 'observer');
export const AT = '2026-11-28T10:00:00.000Z';

/**
 * Block 0: open base text. Block 1: agreed. Block 2: USA's pending replacement. Block 3: MEX's
 * own pending amendments. Block 4: MEX's proposed paragraph. Block 5: USA's sub-amendment nested
 * in MEX's insertion. Block 6: MEX's sub-amendment nested in USA's insertion.
 */
export function liveDocument(): Y.Doc {
  const live = newYDoc();
  writeBack(
    live,
    doc(
      p('p1', 'to promote cooperation'),
      p({ pid: 'p2', status: 'agreed' }, 'An agreed paragraph.'),
      p('p3', 'to ', del('USA:0000000a', 'strengthen'), ins('USA:0000000a', 'reinforce'), ' institutions'),
      p('p4', 'with ', ins('MEX:0000000b', 'full '), del('MEX:0000000c', 'due '), 'respect'),
      p({ pid: 'p5', proposal: 'MEX:0000000d' }, ins('MEX:0000000d', 'A paragraph Mexico proposes.')),
      p('p6', 'in ', ins('MEX:0000000e', 'full '), ins('USA:0000000f', ins('MEX:0000000e', 'and complete ')), ins('MEX:0000000e', 'respect')),
      p('p7', 'with ', ins('USA:00000010', 'due '), ins('MEX:00000011', ins('USA:00000010', 'and full ')), ins('USA:00000010', 'care')),
    ),
  );
  return live;
}

let nextClient = 1000;
/** The verdict on an edit a participant makes on its own replica of the live document. */
export function judge(who: Participant, edit: (replica: Y.Doc) => void, now = Date.now()) {
  const live = liveDocument();
  const replica = copyDocument(live);
  replica.clientID = nextClient++;
  const before = Y.encodeStateVector(replica);
  edit(replica);
  const update = Y.encodeStateAsUpdate(replica, before);
  return judgeUpdate(live, copyDocument(live), update, who, new Map(), Number.POSITIVE_INFINITY, now);
}

/**
 * Whether an edit leaves the text as it was: refused, or accepted with the server's correction
 * undoing it. Deleting another's formatting boundary is undone rather than refused: Yjs itself
 * deletes boundaries it finds redundant on a stale copy, and the two look the same.
 */
export function leavesTextAsItWas(who: Participant, edit: (replica: Y.Doc) => void): boolean {
  const live = liveDocument();
  const replica = copyDocument(live);
  replica.clientID = nextClient++;
  const before = Y.encodeStateVector(replica);
  edit(replica);
  const verdict = judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(replica, before), who, new Map());
  if (!verdict.accepted) return true;
  const after = copyDocument(live);
  if (verdict.change) Y.applyUpdate(after, verdict.change);
  if (verdict.correction) Y.applyUpdate(after, verdict.correction);
  return textWithMarks(after) === textWithMarks(live);
}

function textWithMarks(d: Y.Doc): string {
  const node = (n: Y.XmlElement | Y.XmlText | Y.XmlHook): unknown =>
    n instanceof Y.XmlText ? n.toDelta() : n instanceof Y.XmlElement ? [n.nodeName, n.getAttributes(), n.toArray().map(node)] : null;
  return JSON.stringify(d.getXmlFragment(TEXT_FIELD).toArray().map(node));
}
/** Enter in the middle of paragraph 0, as the editor does it: the new half gets an id of its own. */
export const splitWithFreshId = (r: Y.Doc) =>
  editDirectly(r, (tr) => {
    tr.split(at(r, 0, 5));
    return tr.setNodeMarkup(tr.doc.child(0).nodeSize, undefined, { ...tr.doc.child(1).attrs, pid: 'p-fresh' });
  });
export const accepted = (j: ReturnType<typeof judge>) => j.accepted && j.change !== null;
export const at = (replica: Y.Doc, block: number, offset = 0) => blockStart(editorDoc(replica), block) + offset;
export const text = (replica: Y.Doc, block: number) => {
  const element = replica.getXmlFragment(TEXT_FIELD).get(block) as Y.XmlElement;
  return element.get(0) as Y.XmlText;
};

