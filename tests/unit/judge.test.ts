import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { copyDocument, documentStateFromContent, newYDoc } from '../../server/sync/document-state.ts';
import { blockText } from '../support/text.ts';

const chair: Participant = { id: 'chair', name: 'Chair', role: 'chair', delegation: null };
const observer: Participant = { id: 'obs', name: 'Observer', role: 'observer', delegation: null };
const mexico: Participant = { id: 'mex', name: 'Mexico', role: 'delegation', delegation: 'MEX' };

function liveDocument(): Y.Doc {
  const doc = newYDoc();
  const { update } = documentStateFromContent({
    type: 'doc',
    content: [{ type: 'paragraph', attrs: { pid: 'p1' }, content: [{ type: 'text', text: 'to promote cooperation' }] }],
  });
  Y.applyUpdate(doc, update);
  return doc;
}

/** An edit made by a client on its own replica, as the update it would send. */
function edit(live: Y.Doc, clientId: number, change: (doc: Y.Doc) => void): Uint8Array {
  const replica = copyDocument(live);
  replica.clientID = clientId;
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

describe('judging an update', () => {
  it('accepts an edit by the Chair and reports exactly what it changes and the new client id', () => {
    const live = liveDocument();
    const update = edit(live, 101, (d) => blockText(d, 0).insert(3, 'further '));
    const judgement = judgeUpdate(live, copyDocument(live), update, chair, new Map());
    expect(judgement).toMatchObject({ accepted: true, newClients: [101] });
    if (!judgement.accepted || !judgement.change) throw new Error('expected a change');
    Y.applyUpdate(live, judgement.change);
    expect(blockText(live, 0).toString()).toBe('to further promote cooperation');
  });

  it('refuses any change by an observer', () => {
    const live = liveDocument();
    const insert = edit(live, 102, (d) => blockText(d, 0).insert(0, 'x'));
    const remove = edit(live, 102, (d) => blockText(d, 0).delete(0, 3));
    for (const update of [insert, remove]) {
      expect(judgeUpdate(live, copyDocument(live), update, observer, new Map())).toMatchObject({ accepted: false, malformed: false });
    }
  });

  it('accepts an observer\u2019s update that changes nothing (a sync reply with what the server has)', () => {
    const live = liveDocument();
    const judgement = judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(live), observer, new Map());
    expect(judgement).toEqual({ accepted: true, change: null, correction: null, newClients: [] });
  });

  it('refuses structs under a client id bound to another participant', () => {
    const live = liveDocument();
    const update = edit(live, 103, (d) => blockText(d, 0).insert(0, 'x'));
    const judgement = judgeUpdate(live, copyDocument(live), update, chair, new Map([[103, mexico.id]]));
    expect(judgement).toMatchObject({ accepted: false, reason: expect.stringMatching(/client id/) });
  });

  it('refuses an update that depends on changes the server does not have', () => {
    const live = liveDocument();
    const replica = copyDocument(live);
    replica.clientID = 104;
    blockText(replica, 0).insert(0, 'first ');
    const before = Y.encodeStateVector(replica);
    blockText(replica, 0).insert(0, 'second ');
    const dependent = Y.encodeStateAsUpdate(replica, before);
    expect(judgeUpdate(live, copyDocument(live), dependent, chair, new Map())).toMatchObject({ accepted: false, reason: expect.stringMatching(/depends/) });
  });

  it('refuses bytes that are not an update, without touching the shadow', () => {
    const live = liveDocument();
    const shadow = copyDocument(live);
    const valid = edit(live, 105, (d) => blockText(d, 0).insert(0, 'x'));
    for (const garbage of [new Uint8Array([1, 2, 3, 250, 250]), valid.slice(0, valid.length - 3)]) {
      expect(judgeUpdate(live, shadow, garbage, chair, new Map())).toMatchObject({ accepted: false, malformed: true });
    }
    expect(Y.encodeStateAsUpdate(shadow)).toEqual(Y.encodeStateAsUpdate(live));
  });
});
