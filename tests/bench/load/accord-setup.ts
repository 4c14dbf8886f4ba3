import * as Y from 'yjs';
import { issueInvitation } from '../../../server/auth/invitations.ts';
import type { Store } from '../../../server/store/store.ts';
import { DELEGATIONS } from '../../../shared/delegations.ts';
import type { Participant } from '../../../shared/participants.ts';
import type { ServerSetup } from './ipc.ts';
import { Typist } from './keystrokes.ts';

/**
 * What a benchmark asks of Accord's store before the first client arrives — the document, one
 * participant per client with a sign-in token, a session's logged keystrokes, the attacked room —
 * made the same way for one process on SQLite (accord-server.ts) and for several on PostgreSQL
 * (cluster-server.ts). Nothing in the server changes.
 */
export interface AccordBenchSetup {
  documentId: string;
  /** Typists first, then readers (and the logged typist, when there is one). */
  participants: { participant: Participant; token: string }[];
  attack?: { documentId: string; participant: Participant; token: string };
}

export async function prepareAccordStore(store: Store, publicUrl: string, setup: ServerSetup, state: Uint8Array): Promise<AccordBenchSetup> {
  const document = await store.createDocument({ title: 'Benchmark resolution', symbol: 'BENCH/1', kind: 'resolution', restricted: false }, state, []);
  const participants: AccordBenchSetup['participants'] = [];
  const add = async (name: string, role: Participant['role'], delegation: string | null): Promise<Participant> => {
    const participant = await store.createParticipant({ name, role, delegation });
    participants.push({ participant, token: (await issueInvitation(store, participant.id, publicUrl)).token });
    return participant;
  };
  for (let i = 0; i < setup.typists; i++) await add(`Typist ${i + 1}`, 'delegation', DELEGATIONS[i % DELEGATIONS.length]!.code);
  for (let i = 0; i < setup.readers; i++) await add(`Reader ${i + 1}`, 'observer', null);
  if (setup.loggedUpdates > 0) await logKeystrokes(store, document.id, state, await add('Logged typist', 'delegation', 'MEX'), setup.loggedUpdates);
  const attack = setup.attack ? await prepareAttack(store, publicUrl, state) : undefined;
  return { documentId: document.id, participants, attack };
}

/** Another room with the same text, and a delegation of its own in it (not among `participants`). */
async function prepareAttack(store: Store, publicUrl: string, state: Uint8Array) {
  const room = await store.createDocument({ title: 'Attacked resolution', symbol: 'BENCH/2', kind: 'resolution', restricted: false }, state, []);
  const participant = await store.createParticipant({ name: 'Attacker', role: 'delegation', delegation: DELEGATIONS.at(-1)!.code });
  return { documentId: room.id, participant, token: (await issueInvitation(store, participant.id, publicUrl)).token };
}

/** Stores a session's worth of keystrokes after the snapshot, as the room would have. */
async function logKeystrokes(store: Store, documentId: string, state: Uint8Array, author: Participant, count: number): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const typist = new Typist(doc, author, 0);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  typist.open();
  while (updates.length < count) typist.type();
  const who = { participantId: author.id, role: author.role, delegation: author.delegation };
  for (const [i, update] of updates.entries()) await store.appendUpdates(documentId, [{ update, author: who, newClients: i === 0 ? [doc.clientID] : [] }]);
  doc.destroy();
}
