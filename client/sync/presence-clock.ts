import type { WebsocketProvider } from 'y-websocket';

/**
 * Keeps presence through a reconnect. Awareness takes a client's state only when its clock is
 * newer than the last one seen for that client, and a lost link leaves two stale clocks behind:
 *
 * - Ours, at the others. The server drops our state when the link closes (on leave, or when it
 *   times out) at the clock it last had, and tells everyone. Announced again at that same clock
 *   on the next connection, it would be ignored by all: the delegation back, its edits arriving,
 *   but absent from "In the room" and without a caret until its clock next moved. So the clock
 *   moves on as soon as the link is lost; the provider sends the state when it reconnects.
 * - Theirs, here. The provider drops everyone else's state when its link closes but keeps their
 *   clocks, and what the server sends on the next connection carries those same clocks for
 *   everyone who did not move meanwhile: ignored, it would leave our room empty. So their clocks
 *   are forgotten with their states, and whatever the server says next is taken.
 */
export function announceAgainOnReconnect(provider: WebsocketProvider): void {
  provider.on('status', ({ status }) => {
    if (status !== 'disconnected') return;
    const awareness = provider.awareness;
    const local = awareness.getLocalState();
    if (local !== null) awareness.setLocalState(local);
    for (const client of [...awareness.meta.keys()]) {
      if (client !== awareness.clientID && !awareness.states.has(client)) awareness.meta.delete(client);
    }
  });
}
