import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { CLOSE } from '../shared/protocol.ts';
import { createApp } from './app.ts';
import { databaseFile } from './config.ts';
import { seedDemoWorkspace, type DemoLink } from './demo/seed.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import { RoomRegistry } from './sync/rooms.ts';

export interface ServerOptions {
  port: number;
  host?: string;
  dataDir: string;
  publicUrl?: string;
  /** Serve the built client from this folder (dist/). */
  clientDir?: string;
  seedDemo?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  store: SqliteStore;
  registry: RoomRegistry;
  /** Sign-in links created by the demo seed on first start (null if the store was not empty). */
  demoLinks: DemoLink[] | null;
  /** Stops accepting, closes sockets, finishes pending writes, closes the store. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  let ready = false;
  const store = new SqliteStore(databaseFile(options.dataDir));
  const registry = new RoomRegistry(store);
  let publicUrl = options.publicUrl ?? '';

  const { app, injectWebSocket } = createApp({
    store,
    registry,
    publicUrl: () => publicUrl,
    isReady: () => ready,
    clientDir: options.clientDir,
    events: {
      onRevoked: (participantId) => {
        void registry.loaded().then((rooms) => {
          for (const room of rooms) {
            for (const peer of room.peers) if (peer.participant.id === participantId) peer.close(CLOSE.unauthenticated, 'access revoked');
          }
        });
      },
    },
  });

  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, () => resolveServer(s));
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`;
  publicUrl ||= url;

  const demoLinks = options.seedDemo ? await seedDemoWorkspace(store, publicUrl) : null;
  ready = true;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      const stopped = new Promise<void>((r) => server.close(() => r()));
      await registry.closeAll(CLOSE.serverShutdown, 'server restarting');
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      await store.close();
    })();
    return closing;
  };
  return { url, port, store, registry, demoLinks, close };
}
