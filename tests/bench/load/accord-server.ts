import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { startServer } from '../../../server/server.ts';
import { restoreDocument } from '../../../server/sync/document-state.ts';
import { prepareAccordStore } from './accord-setup.ts';
import { commandSchema, setupSchema, type ChildMessage } from './ipc.ts';

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
const { documentId, participants, attack } = await prepareAccordStore(server.store, server.url, setup, state);

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
      send({ type: 'loaded', value: server.registry.isLoaded(documentId) });
    } else if (command.type === 'load-timing') {
      // The two halves of a cold load, timed apart: reading the rows, rebuilding the Y.Doc.
      const readMs: number[] = [];
      const restoreMs: number[] = [];
      for (let i = 0; i < command.times; i++) {
        const t0 = performance.now();
        const stored = await server.store.loadDocumentState(documentId);
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

send({ type: 'ready', url: server.url, documentId, participants, attack });
