import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { issueInvitation } from '../../../server/auth/invitations.ts';
import { startServer } from '../../../server/server.ts';
import { restoreDocument } from '../../../server/sync/document-state.ts';
import { DELEGATIONS } from '../../../shared/delegations.ts';
import type { Participant } from '../../../shared/participants.ts';
import { commandSchema, setupSchema, type ChildMessage } from './ipc.ts';
import { Typist } from './keystrokes.ts';

/**
 * Accord as shipped (`startServer`, default limits, SQLite with synchronous=FULL), in its own
 * process. The benchmark's setup — the document, one participant per client, sign-in tokens —
 * is made through the store before the first client arrives; nothing in the server changes.
 * It can also profile itself on request (the V8 sampling profiler, what --cpu-prof uses),
 * so that the profile covers the measured window only.
 */
// If the harness dies, the server goes with it.
process.on('disconnect', () => process.exit(0));
const setup = setupSchema.parse(JSON.parse(process.env.BENCH_SETUP ?? '{}'));
if (!setup.dataDir) throw new Error('Accord needs a data directory');
const send = (message: ChildMessage) => process.send?.(message);

const server = await startServer({ port: 0, dataDir: setup.dataDir, clientDir: setup.clientDir });
const state = new Uint8Array(readFileSync(setup.fixtureFile));
const document = await server.store.createDocument({ title: 'Benchmark resolution', symbol: 'BENCH/1', kind: 'resolution', restricted: false }, state, []);

const participants: { participant: Participant; token: string }[] = [];
async function add(name: string, role: Participant['role'], delegation: string | null): Promise<Participant> {
  const participant = await server.store.createParticipant({ name, role, delegation });
  participants.push({ participant, token: (await issueInvitation(server.store, participant.id, server.url)).token });
  return participant;
}
for (let i = 0; i < setup.typists; i++) await add(`Typist ${i + 1}`, 'delegation', DELEGATIONS[i % DELEGATIONS.length]!.code);
for (let i = 0; i < setup.readers; i++) await add(`Reader ${i + 1}`, 'observer', null);
if (setup.loggedUpdates > 0) await logKeystrokes(setup.loggedUpdates);
const attack = setup.attack ? await prepareAttack() : undefined;

/** Another room with the same text, and a delegation of its own in it (not among `participants`). */
async function prepareAttack() {
  const room = await server.store.createDocument({ title: 'Attacked resolution', symbol: 'BENCH/2', kind: 'resolution', restricted: false }, state, []);
  const participant = await server.store.createParticipant({ name: 'Attacker', role: 'delegation', delegation: DELEGATIONS.at(-1)!.code });
  return { documentId: room.id, participant, token: (await issueInvitation(server.store, participant.id, server.url)).token };
}

/** Stores a session's worth of keystrokes after the snapshot, as the room would have. */
async function logKeystrokes(count: number): Promise<void> {
  const author = await add('Logged typist', 'delegation', 'MEX');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const typist = new Typist(doc, author, 0);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  typist.open();
  while (updates.length < count) typist.type();
  const who = { participantId: author.id, role: author.role, delegation: author.delegation };
  for (const [i, update] of updates.entries()) await server.store.appendUpdates(document.id, [{ update, author: who, newClients: i === 0 ? [doc.clientID] : [] }]);
  doc.destroy();
}

let profiler: Session | null = null;
process.on('message', (raw) => {
  void (async () => {
    const command = commandSchema.parse(raw);
    if (command.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 250 });
      await profiler.post('Profiler.start');
      send({ type: 'profiling' });
    } else if (command.type === 'profile-stop') {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(command.file, JSON.stringify(profile));
      profiler.disconnect();
      profiler = null;
      send({ type: 'profiled', file: command.file });
    } else if (command.type === 'loaded?') {
      send({ type: 'loaded', value: server.registry.isLoaded(document.id) });
    } else if (command.type === 'load-timing') {
      // The two halves of a cold load, timed apart: reading the rows, rebuilding the Y.Doc.
      const readMs: number[] = [];
      const restoreMs: number[] = [];
      for (let i = 0; i < command.times; i++) {
        const t0 = performance.now();
        const stored = await server.store.loadDocumentState(document.id);
        const t1 = performance.now();
        restoreDocument(stored).destroy();
        readMs.push(t1 - t0);
        restoreMs.push(performance.now() - t1);
      }
      send({ type: 'load-timing', readMs, restoreMs });
    } else {
      await server.close();
      process.exit(0);
    }
  })();
});

send({ type: 'ready', url: server.url, documentId: document.id, participants, attack });
