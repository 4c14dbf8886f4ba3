import { Server } from '@hocuspocus/server';
import type { ChildMessage } from './ipc.ts';

/**
 * Hocuspocus with its default configuration and no extensions (so no persistence), in its
 * own process. The document is pushed to it by the first client, as nothing is stored.
 */
// If the harness dies, the server goes with it.
process.on('disconnect', () => process.exit(0));
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
await server.listen();
const ready: ChildMessage = { type: 'ready', url: `ws://127.0.0.1:${server.address.port}`, documentId: 'bench', participants: [] };
process.send?.(ready);
process.on('message', () => {
  void server.destroy().then(() => process.exit(0));
});
