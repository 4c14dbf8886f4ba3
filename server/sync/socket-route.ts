import type { NodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { servedParticipant } from '../../shared/access.ts';
import { documentIdSchema } from '../../shared/documents.ts';
import type { Participant } from '../../shared/participants.ts';
import { CLOSE, SCHEMA_VERSION } from '../../shared/protocol.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { hashToken } from '../auth/tokens.ts';
import type { ClusterDocuments } from '../cluster/cluster-documents.ts';
import type { ClientLink } from '../cluster/client-link.ts';
import type { Store } from '../store/store.ts';
import type { Admission } from './admission.ts';
import { Peer } from './peer.ts';
import type { RoomRegistry } from './rooms.ts';

type SocketVariables = { participant: Participant; documentId: string; sessionHash: string };

/** The parts of the `ws` socket a peer needs beyond Hono's WSContext. */
interface RawSocket {
  bufferedAmount: number;
  readyState: number;
  terminate(): void;
  ping(): void;
  on(event: 'pong', listener: () => void): void;
}

/**
 * `/sync/:documentId`: the y-websocket endpoint. The session, the document, access and the
 * participant's connection limits are checked at the HTTP upgrade, so a refused socket never
 * causes a document to load.
 */
export function syncRoutes(
  store: Store, registry: RoomRegistry, admission: Admission, upgradeWebSocket: NodeWebSocket['upgradeWebSocket'],
  /** Several processes (issue 15): the socket is served by the document's authority, wherever it is. */
  cluster: ClusterDocuments | null = null,
) {
  return new Hono<{ Variables: SocketVariables }>().get(
    '/:documentId',
    async (c, next) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      const sessionHash = cookie && cookie.length <= 200 ? hashToken(cookie) : null;
      const participant = sessionHash ? await store.findSession(sessionHash) : null;
      if (!participant || !sessionHash) return c.json({ error: 'not signed in' }, 401);
      const id = documentIdSchema.safeParse(c.req.param('documentId'));
      const document = id.success ? await store.getDocument(id.data) : null;
      if (!document) return c.json({ error: 'no such document' }, 404);
      const served = servedParticipant(participant, document);
      if (!served) return c.json({ error: 'no access to this document' }, 403);
      const refusal = admission.refusal(participant.id, document.id) ?? (await cluster?.admissionRefusal(participant.id, document.id)) ?? null;
      if (refusal) return c.json({ error: refusal }, 429);
      // One who may only read (the officers on a party's published working copy, a party invited to a
      // call on a restricted draft) is judged as an observer: every change refused.
      c.set('participant', served);
      c.set('documentId', document.id);
      c.set('sessionHash', sessionHash);
      await next();
    },
    upgradeWebSocket((c) => {
      const participant = c.get('participant');
      const documentId = c.get('documentId');
      const sessionHash = c.get('sessionHash');
      const schemaVersion = c.req.query('schema');
      let peer: Peer | null = null;
      let link: ClientLink | null = null;
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as RawSocket;
          peer = new Peer(
            participant,
            documentId,
            sessionHash,
            {
              send: (message) => {
                if (ws.readyState === 1) ws.send(message as Uint8Array<ArrayBuffer>);
              },
              close: (code, reason) => ws.close(code, reason),
              terminate: () => raw.terminate(),
              bufferedAmount: () => raw.bufferedAmount,
              ping: () => {
                if (raw.readyState === 1) raw.ping();
              },
            },
            admission.limits,
            admission.budget(participant.id),
          );
          admission.add(peer);
          const beating = peer;
          raw.on('pong', () => beating.heard());
          heartbeat = setInterval(() => beating.heartbeat(), admission.limits.heartbeatIntervalMs);
          if (schemaVersion !== String(SCHEMA_VERSION)) {
            peer.close(CLOSE.schemaMismatch, `schema version ${SCHEMA_VERSION} required`);
            return;
          }
          const opened = peer;
          if (cluster) {
            link = cluster.connect(opened);
            return;
          }
          registry.open(documentId).then(
            (room) => opened.attach(room),
            (error: unknown) => {
              console.error(`[sync] could not load document ${documentId}`, error);
              opened.close(1011, 'the document could not be loaded');
            },
          );
        },
        onMessage(event, ws) {
          if (!(event.data instanceof ArrayBuffer)) {
            ws.close(CLOSE.malformedMessage, 'binary messages only');
            return;
          }
          peer?.receive(new Uint8Array(event.data));
        },
        onClose() {
          clearInterval(heartbeat);
          if (!peer) return;
          admission.remove(peer);
          if (link) cluster?.disconnect(link);
          const room = peer.detach();
          if (room) void registry.release(room);
        },
      };
    }),
  );
}
