import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import type { RoomPeer } from '../../server/sync/room.ts';
import { RoomPresence } from '../../server/sync/room-presence.ts';

const chair: Participant = { id: 'chair', name: 'Chair', role: 'chair', delegation: null };
const mexico: Participant = { id: 'mex', name: 'Mexico', role: 'delegation', delegation: 'MEX' };
const usa: Participant = { id: 'usa', name: 'United States', role: 'delegation', delegation: 'USA' };

const opened: { destroy(): void }[] = [];
afterEach(() => {
  for (const thing of opened.splice(0)) thing.destroy();
});

/** A participant's copy of the document: its own presence, with a caret. */
function copyOf(): awarenessProtocol.Awareness {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  opened.push(awareness);
  const at = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), 0);
  awareness.setLocalStateField('cursor', { anchor: at, head: at });
  return awareness;
}

/** Its presence, as its provider sends it. */
const announce = (awareness: awarenessProtocol.Awareness) => awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);

function connection(participant: Participant): RoomPeer {
  return { participant, awarenessClients: new Set(), send: () => undefined, close: () => undefined };
}

function room(writers = new Map<number, string>()) {
  const peers = new Set<RoomPeer>();
  const presence = new RoomPresence(new Y.Doc(), peers, writers);
  opened.push(presence);
  const join = (participant: Participant) => {
    const peer = connection(participant);
    peers.add(peer);
    return peer;
  };
  const leave = (peer: RoomPeer) => {
    peers.delete(peer);
    presence.leave(peer);
  };
  const labelOf = (client: number) => (presence.awareness.getStates().get(client)?.user as { label?: string } | undefined)?.label;
  return { presence, join, leave, labelOf };
}

describe('presence in a room', () => {
  it('does not give a departed delegation\u2019s presence to a client that echoes its removal; the delegation takes it back on return', () => {
    const { presence, join, leave, labelOf } = room();
    const chairCopy = copyOf();
    const mexicoCopy = copyOf();
    const chairPeer = join(chair);
    const mexicoPeer = join(mexico);
    presence.apply(chairPeer, announce(chairCopy));
    presence.apply(mexicoPeer, announce(mexicoCopy));
    const mexicoState = awarenessProtocol.encodeAwarenessUpdate(presence.awareness, [mexicoCopy.clientID]);

    leave(mexicoPeer);
    // y-websocket sends back every awareness change it receives: the removal, and a late copy of the state.
    const removal = awarenessProtocol.encodeAwarenessUpdate(presence.awareness, [mexicoCopy.clientID]);
    expect(presence.apply(chairPeer, removal)).toBe(true);
    expect(presence.apply(chairPeer, mexicoState)).toBe(true);
    expect([...chairPeer.awarenessClients]).toEqual([chairCopy.clientID]);
    expect(labelOf(mexicoCopy.clientID)).toBeUndefined();

    // Back, with its clock moved on as the client does when its link is lost.
    mexicoCopy.setLocalState(mexicoCopy.getLocalState());
    const back = join(mexico);
    presence.apply(back, announce(mexicoCopy));
    expect(labelOf(mexicoCopy.clientID)).toBe('MEX');
    expect([...back.awarenessClients]).toEqual([mexicoCopy.clientID]);
  });

  it('lets a delegation\u2019s new connection take its presence from its dead one, which then leaves without erasing it', () => {
    const { presence, join, leave, labelOf } = room();
    const mexicoCopy = copyOf();
    const dead = join(mexico);
    presence.apply(dead, announce(mexicoCopy));

    mexicoCopy.setLocalState(mexicoCopy.getLocalState());
    const fresh = join(mexico);
    presence.apply(fresh, announce(mexicoCopy));
    expect(dead.awarenessClients.size).toBe(0);
    expect(fresh.awarenessClients.has(mexicoCopy.clientID)).toBe(true);

    leave(dead);
    expect(labelOf(mexicoCopy.clientID)).toBe('MEX');
  });

  it('keeps one participant from taking another\u2019s presence, and each connection to one presence', () => {
    const mexicoCopy = copyOf();
    const usaCopy = copyOf();
    const { presence, join, leave, labelOf } = room(new Map([[mexicoCopy.clientID, mexico.id]]));
    const mexicoPeer = join(mexico);
    const usaPeer = join(usa);
    presence.apply(mexicoPeer, announce(mexicoCopy));
    presence.apply(usaPeer, announce(usaCopy));

    // USA's connection speaks for USA only, whatever ids it sends and however new their clocks.
    mexicoCopy.setLocalState(mexicoCopy.getLocalState());
    presence.apply(usaPeer, announce(mexicoCopy));
    expect([...usaPeer.awarenessClients]).toEqual([usaCopy.clientID]);
    // Not even on a connection of its own, once Mexico has gone: Mexico writes the text under that id.
    leave(mexicoPeer);
    mexicoCopy.setLocalState(mexicoCopy.getLocalState());
    const another = join(usa);
    presence.apply(another, announce(mexicoCopy));
    expect(another.awarenessClients.size).toBe(0);
    expect(labelOf(mexicoCopy.clientID)).toBeUndefined();
    expect(labelOf(usaCopy.clientID)).toBe('USA');
  });
});
