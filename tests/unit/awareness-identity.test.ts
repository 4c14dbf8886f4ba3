import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { rewriteAwarenessIdentity } from '../../server/sync/awareness-identity.ts';

const mexico: Participant = { id: 'mex', name: 'Mexico', role: 'delegation', delegation: 'MEX' };

function awarenessUpdate(state: Record<string, unknown> | null): { update: Uint8Array; client: number } {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return { update, client: doc.clientID };
}

function decode(update: Uint8Array): Map<number, unknown> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
  const states = new Map(awareness.getStates());
  awareness.destroy();
  return states;
}

describe('presence identity', () => {
  it('replaces whatever user a client claims with the one from its session, keeping the rest', () => {
    const caret = { anchor: { type: { client: 7, clock: 3 }, tname: null, item: { client: 7, clock: 9 }, assoc: 0 }, head: { type: null, tname: 'default', item: null, assoc: -1 } };
    const { update, client } = awarenessUpdate({ user: { name: 'The Chair', role: 'chair' }, cursor: caret, extra: 'dropped' });
    const rewritten = rewriteAwarenessIdentity(update, mexico, () => true);
    expect(rewritten?.clients).toEqual([client]);
    expect(decode(rewritten!.update).get(client)).toEqual({
      cursor: caret,
      user: { participantId: 'mex', name: 'Mexico', role: 'delegation', delegation: 'MEX', label: 'MEX', color: expect.stringMatching(/^#[0-9a-f]{6}$/) },
    });
  });

  it('drops entries for client ids the sender does not control', () => {
    const { update } = awarenessUpdate({ user: { name: 'x' } });
    expect(rewriteAwarenessIdentity(update, mexico, () => false)?.clients).toEqual([]);
  });

  it('rejects malformed and oversized states', () => {
    expect(rewriteAwarenessIdentity(new Uint8Array([1, 5]), mexico, () => true)).toBeNull();
    expect(rewriteAwarenessIdentity(awarenessUpdate({ big: 'x'.repeat(10_000) }).update, mexico, () => true)).toBeNull();
  });

  it('refuses a caret that is not a pair of relative positions of bounded size', () => {
    const at = { type: null, tname: 'default', item: null, assoc: 0 };
    for (const cursor of [{ anchor: 1 }, { anchor: at }, { anchor: at, head: { ...at, tname: 'x'.repeat(100) } }, { anchor: at, head: { ...at, item: { client: -1, clock: 0 } } }, { anchor: at, head: { ...at, evil: true } }, 'here']) {
      expect(rewriteAwarenessIdentity(awarenessUpdate({ cursor }).update, mexico, () => true), JSON.stringify(cursor)).toBeNull();
    }
    expect(rewriteAwarenessIdentity(awarenessUpdate({ cursor: null }).update, mexico, () => true)).not.toBeNull();
  });
});
