import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { ClientLink, type Endpoint, type EndpointWiring } from '../../server/cluster/client-link.ts';
import { decodeDelivery, decodeRelay, decodeReply, decodeRequest, encodeDelivery, encodeRelay, encodeReply, encodeRequest } from '../../server/cluster/link-frames.ts';
import type { Participant } from '../../shared/participants.ts';
import { encodeVerdict, MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP_1, SYNC_UPDATE } from '../../shared/protocol.ts';

const mexico: Participant = { id: 'p-mex', name: 'Mexico', role: 'delegation', delegation: 'MEX' };

const update = (n: number) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, new Uint8Array([n]));
  return encoding.toUint8Array(encoder);
};
const presence = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);
const stepOne = new Uint8Array([MESSAGE_SYNC, SYNC_STEP_1, 1, 0]);

/** An authority as a link sees it: what it was sent, and the wiring to answer. */
function authority() {
  const received: Uint8Array[] = [];
  let wiring: EndpointWiring | null = null;
  let left = false;
  const connect = (w: EndpointWiring): Endpoint => {
    wiring = w;
    return { send: (m) => received.push(m), leave: () => (left = true) };
  };
  return { connect, received, wiring: () => wiring!, left: () => left };
}

function link() {
  const toClient: Uint8Array[] = [];
  const closes: number[] = [];
  const socket = { participant: mexico, sessionHash: 'h', send: (m: Uint8Array) => toClient.push(m), close: (code: number) => closes.push(code) };
  return { link: new ClientLink('node-a/1', 'doc', socket), toClient, closes };
}

const isWholeDocumentRequest = (m: Uint8Array) => {
  const d = decoding.createDecoder(m);
  return decoding.readVarUint(d) === MESSAGE_SYNC && decoding.readVarUint(d) === SYNC_STEP_1 && decoding.readVarUint8Array(d).length === 1;
};

describe('a client link across authorities', () => {
  it('holds what came before any authority, then hands it over in order', () => {
    const { link: l } = link();
    l.fromClient(stepOne);
    l.fromClient(update(1));
    const first = authority();
    l.bind(first.connect);
    expect(first.wiring().firstSeq).toBe(0);
    // The content first (it waits for a verdict either way), then the rest; no whole-document request on a first link.
    expect(first.received).toEqual([update(1), stepOne]);
  });

  it('sends a new authority exactly the unanswered changes, numbered on from the last verdict', () => {
    const { link: l, toClient } = link();
    const first = authority();
    l.bind(first.connect);
    for (const n of [1, 2, 3, 4]) l.fromClient(update(n));
    l.fromClient(presence);
    first.wiring().deliver(encodeVerdict({ seq: 2, outcome: 'committed' }));
    expect(l.pending).toBe(2);

    const second = authority();
    l.bind(second.connect);
    expect(first.left()).toBe(true);
    expect(second.wiring().firstSeq).toBe(2);
    expect(isWholeDocumentRequest(second.received[0]!)).toBe(true);
    expect(second.received.slice(1)).toEqual([update(3), update(4), presence]);
    // The old authority is not heard any more: not its verdicts, not its closes.
    first.wiring().deliver(encodeVerdict({ seq: 3, outcome: 'refused', reason: 'late' }));
    first.wiring().close(4000, 'late');
    expect(toClient).toHaveLength(1);
    second.wiring().deliver(encodeVerdict({ seq: 4, outcome: 'committed' }));
    expect(l.pending).toBe(0);
    expect(toClient).toHaveLength(2);
  });

  it('keeps changes made while no authority serves it, and sends nothing once closed', () => {
    const { link: l } = link();
    const first = authority();
    l.bind(first.connect);
    l.unbind();
    l.fromClient(update(7));
    expect(first.received).toEqual([]);
    const second = authority();
    l.bind(second.connect);
    expect(second.received.slice(1)).toEqual([update(7)]);
    l.close();
    l.fromClient(update(8));
    expect(second.received.slice(1)).toEqual([update(7)]);
    expect(second.left()).toBe(true);
  });
});

describe('frames between processes', () => {
  it('carry relays, deliveries, requests and replies, bytes as they are', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const relay = decodeRelay(encodeRelay('node-b', 3, [
      { op: 'join', link: 'node-a/1', participant: mexico, firstSeq: 5 },
      { op: 'message', link: 'node-a/1', message: bytes },
      { op: 'leave', link: 'node-a/1' },
      { op: 'alive', links: ['node-a/2'] },
    ]));
    expect(relay).toEqual({ to: 'node-b', token: 3, ops: [
      { op: 'join', link: 'node-a/1', participant: mexico, firstSeq: 5 },
      { op: 'message', link: 'node-a/1', message: bytes },
      { op: 'leave', link: 'node-a/1' },
      { op: 'alive', links: ['node-a/2'] },
    ] });
    const delivery = decodeDelivery(encodeDelivery('node-a', 3, [{ links: ['node-a/1', 'node-a/2'], message: bytes }, { link: 'node-a/1', close: 4000, reason: 'refused' }]));
    expect(delivery.entries).toEqual([{ links: ['node-a/1', 'node-a/2'], message: bytes }, { link: 'node-a/1', close: 4000, reason: 'refused' }]);
    expect(decodeRequest(encodeRequest({ to: 'b', from: 'a', id: 1, op: 'copy', args: null }))).toEqual({ to: 'b', from: 'a', id: 1, op: 'copy', args: null });
    expect(decodeReply(encodeReply({ to: 'a', id: 1, ok: true, result: null, bytes }))).toEqual({ to: 'a', id: 1, ok: true, result: null, bytes });
  });

  it('refuse what is not one: a forged participant role, a missing part, trailing bytes', () => {
    const forged = encodeRelay('node-b', 3, [{ op: 'join', link: 'node-a/1', participant: { ...mexico, role: 'emperor' as 'chair' }, firstSeq: 0 }]);
    expect(() => decodeRelay(forged)).toThrow();
    const frame = encodeRelay('node-b', 3, [{ op: 'message', link: 'node-a/1', message: new Uint8Array([1]) }]);
    expect(() => decodeRelay(frame.subarray(0, frame.length - 2))).toThrow();
    expect(() => decodeRelay(new Uint8Array([...frame, 9]))).toThrow();
    expect(() => decodeDelivery(encodeRelay('node-b', 3, []))).toThrow();
  });
});
