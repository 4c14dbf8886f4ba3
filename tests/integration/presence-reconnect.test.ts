import { afterEach, describe, expect, it } from 'vitest';
import { DocumentConnection } from '../../client/sync/document-connection.ts';
import type { Room } from '../../server/sync/room.ts';
import type { SyncLimits } from '../../server/sync/limits.ts';
import { SilentLink } from '../support/silent-link.ts';
import { connect, cookieWebSocket, eventually, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * A delegation whose link dies and comes back must be in everyone's "In the room" again, with
 * its caret, and must see the others again itself. Two ways the server may have let it go
 * meanwhile: it has not noticed the dead socket yet (it still holds the delegation's presence
 * id), or it has, and the presence was dropped at the clock it had.
 */
const LINK = { quietMs: 100, silenceMs: 2_000, connectMs: 3_000 };
/** Where the delegation's caret was: the presence the others must see again. */
const CARET = { anchor: { type: null, tname: 'default', item: null, assoc: 0 }, head: { type: null, tname: 'default', item: null, assoc: 0 } };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function room(server: TestServer, documentId: string): Promise<Room> {
  const found = (await server.registry.loaded()).find((r) => r.documentId === documentId);
  if (!found) throw new Error('the room is not loaded');
  return found;
}

/** The chair connected directly, Mexico through a link that can fall silent; both in the room. */
async function negotiationRoom(limits: Partial<SyncLimits>) {
  const server = await startTestServer(undefined, { limits });
  cleanup.push(() => server.dispose());
  const documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  const link = await SilentLink.open(server.port);
  cleanup.push(() => link.dispose());
  const chair = connect(server, await signIn(server, { role: 'chair' }), documentId);
  cleanup.push(() => chair.destroy());
  const mexico = new DocumentConnection({
    syncUrl: `${link.url.replace(/^http/, 'ws')}/sync`,
    documentId,
    WebSocketClass: cookieWebSocket(await signIn(server, { role: 'delegation', delegation: 'MEX' })),
    link: LINK,
  });
  cleanup.push(() => mexico.destroy());
  await until(chair, (s) => s.link === 'connected');
  await until(mexico, (s) => s.link === 'connected');
  // As the editor does on opening (a state still at its first clock is taken by no one).
  chair.provider.awareness.setLocalStateField('cursor', null);
  mexico.provider.awareness.setLocalStateField('cursor', CARET);
  await eventually(() => mexicoAsChairSeesIt(chair, mexico), (state) => state?.cursor !== undefined);
  await eventually(() => mexico.provider.awareness.getStates().has(chair.doc.clientID), Boolean);
  return { server, documentId, link, chair, mexico };
}

function mexicoAsChairSeesIt(chair: DocumentConnection, mexico: DocumentConnection): Record<string, unknown> | undefined {
  return chair.provider.awareness.getStates().get(mexico.doc.clientID);
}

describe('presence after a reconnect', () => {
  it('comes back while the server still holds the dead socket, after the presence timed out', async () => {
    // The server notices dead sockets late here: Mexico is back long before.
    const { server, documentId, link, chair, mexico } = await negotiationRoom({ heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 120_000 });
    link.cut();
    await until(mexico, (s) => s.link === 'offline');
    // Offline longer than awareness allows (30 s): the server's own check drops Mexico's presence.
    const held = await room(server, documentId);
    held.presence.awareness.meta.get(mexico.doc.clientID)!.lastUpdated -= 31_000;
    await eventually(() => mexicoAsChairSeesIt(chair, mexico), (state) => state === undefined);

    link.restore();
    await until(mexico, (s) => s.link === 'connected');
    const back = await eventually(() => mexicoAsChairSeesIt(chair, mexico), (state) => state !== undefined);
    expect(back).toMatchObject({ user: { label: 'MEX' }, cursor: CARET });
    await eventually(() => mexico.provider.awareness.getStates().has(chair.doc.clientID), Boolean);

    // The dead socket is still there; when it finally goes, it must not take Mexico's presence with it.
    expect(held.peers.size).toBe(3);
    const removed: number[] = [];
    chair.provider.awareness.on('change', ({ removed: gone }: { removed: number[] }) => removed.push(...gone));
    link.sever();
    await eventually(() => held.peers.size, (n) => n === 2);
    const moved = { ...CARET, head: { ...CARET.head, assoc: -1 } };
    mexico.provider.awareness.setLocalStateField('cursor', moved);
    await eventually(() => mexicoAsChairSeesIt(chair, mexico)?.cursor, (cursor) => JSON.stringify(cursor) === JSON.stringify(moved));
    expect(removed).not.toContain(mexico.doc.clientID);
  });

  it('comes back after the server dropped the dead socket and the presence with it', async () => {
    const { server, documentId, link, chair, mexico } = await negotiationRoom({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 2_000 });
    link.cut();
    await until(mexico, (s) => s.link === 'offline');
    const held = await room(server, documentId);
    await eventually(() => held.peers.size, (n) => n === 1);
    expect(mexicoAsChairSeesIt(chair, mexico)).toBeUndefined();

    link.restore();
    await until(mexico, (s) => s.link === 'connected');
    const back = await eventually(() => mexicoAsChairSeesIt(chair, mexico), (state) => state !== undefined);
    expect(back).toMatchObject({ user: { label: 'MEX' }, cursor: CARET });
    await eventually(() => mexico.provider.awareness.getStates().has(chair.doc.clientID), Boolean);
  });
});
