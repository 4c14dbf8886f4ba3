import { TokenBucket, type SyncLimits } from '../sync/limits.ts';
import { Peer } from '../sync/peer.ts';
import type { Room } from '../sync/room.ts';
import type { Bus } from './bus.ts';
import type { ClientLink, Endpoint, EndpointWiring } from './client-link.ts';
import { encodeRelay, type RelayOp } from './link-frames.ts';

/** A follower's way to the authority it relays to: whom, under which token, and its links there. */
export interface RelayRoute {
  node: string;
  token: number;
  links: Map<string, EndpointWiring>;
}

/**
 * A link served by the room in this process: a peer of the room like any, whose socket is the
 * link. The link's own socket (its Peer in socket-route.ts) already watches the buffer and the
 * heartbeats and counted the messages against the participant's budget.
 */
export function roomEndpoint(room: Room, link: ClientLink, wiring: EndpointWiring, limits: SyncLimits): Endpoint {
  const peer = new Peer(
    link.participant, room.documentId, link.socket.sessionHash,
    { send: wiring.deliver, close: wiring.close, terminate: () => wiring.close(4508, 'not reading'), bufferedAmount: () => 0, ping: () => undefined },
    limits, new TokenBucket(limits.participantMessagesPerSecond, limits.participantMessageBurst), wiring.firstSeq,
  );
  peer.attach(room);
  return { send: (message) => peer.receive(message), leave: () => void peer.detach() };
}

/** A link served by another process: its messages go there over the bus; the answers come back through `route.links`. */
export function relayEndpoint(bus: Bus, documentId: string, route: RelayRoute, link: ClientLink, wiring: EndpointWiring): Endpoint {
  route.links.set(link.id, wiring);
  relay(bus, documentId, route, [{ op: 'join', link: link.id, participant: link.participant, firstSeq: wiring.firstSeq }]);
  return {
    send: (message) => relay(bus, documentId, route, [{ op: 'message', link: link.id, message }]),
    leave: () => {
      if (route.links.delete(link.id)) relay(bus, documentId, route, [{ op: 'leave', link: link.id }]);
    },
  };
}

export function relay(bus: Bus, documentId: string, route: RelayRoute, ops: RelayOp[]): void {
  bus.publishToDocument(documentId, 'relay', encodeRelay(route.node, route.token, ops)).catch((error: unknown) => {
    // Lost with the connection to Redis: the links are served anew when it is back (resync).
    console.warn(`[cluster] could not relay to ${route.node} for document ${documentId}: ${error instanceof Error ? error.message : String(error)}`);
  });
}
