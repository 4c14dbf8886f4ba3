import { useEffect, useState } from 'react';
import { presenceUser, type Participant, type PresenceUser } from '../../shared/participants.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';

/** The presence this client announces; the server overwrites it from the session anyway. */
export function presenceOf(participant: Participant): PresenceUser {
  return presenceUser(participant);
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.participantId === 'string' && typeof v.name === 'string' && typeof v.label === 'string' && typeof v.color === 'string';
}

export interface PresentParticipant extends PresenceUser {
  /** How many tabs or devices this participant has in the room. */
  connections: number;
}

/**
 * Who is in the room, one entry per participant: the same person in two tabs (or on a laptop
 * and the room's screen) is one person to the negotiators.
 */
function readPresence(connection: DocumentConnection): PresentParticipant[] {
  const byParticipant = new Map<string, PresentParticipant>();
  for (const state of connection.provider.awareness.getStates().values()) {
    const user: unknown = state.user;
    if (!isPresenceUser(user)) continue;
    const seen = byParticipant.get(user.participantId);
    if (seen) seen.connections++;
    else byParticipant.set(user.participantId, { ...user, connections: 1 });
  }
  return [...byParticipant.values()].sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
}

/** Follows the awareness of the connection's current provider (it is replaced on each generation). */
export function usePresence(connection: DocumentConnection | null, generation: number): PresentParticipant[] {
  const [present, setPresent] = useState<PresentParticipant[]>([]);

  useEffect(() => {
    if (!connection) return;
    const awareness = connection.provider.awareness;
    const update = () => setPresent(readPresence(connection));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [connection, generation]);

  return present;
}
