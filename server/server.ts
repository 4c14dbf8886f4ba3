import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { servedParticipant } from '../shared/access.ts';
import type { DocumentSummary } from '../shared/documents.ts';
import { CLOSE } from '../shared/protocol.ts';
import { createApp } from './app.ts';
import { Bus } from './cluster/bus.ts';
import { ClusterDocuments } from './cluster/cluster-documents.ts';
import type { ClusterTiming } from './cluster/cluster-context.ts';
import { defaultNodeId } from './config.ts';
import { LocalDocuments } from './documents/local-document.ts';
import { closePdfRenderer } from './export/index.ts';
import { seedDemoWorkspace, type DemoLink } from './demo/seed.ts';
import { openStore } from './store/open-store.ts';
import { exclusively } from './store/postgres-exclusive.ts';
import { PostgresStore } from './store/postgres-store.ts';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './store/sessions.ts';
import type { Store } from './store/store.ts';
import { Admission } from './sync/admission.ts';
import { DEFAULT_LIMITS, type SyncLimits } from './sync/limits.ts';
import { RoomRegistry } from './sync/rooms.ts';
import { warmUp } from './sync/warm-up.ts';

export interface ServerOptions {
  port: number;
  /** How long a client may take to send its request headers (slow or idle connections are cut). */
  headersTimeoutMs?: number;
  limits?: Partial<SyncLimits>;
  host?: string;
  dataDir: string;
  /** PostgreSQL's address (DATABASE_URL); SQLite under `dataDir` when not given. */
  databaseUrl?: string;
  /** Redis's address (REDIS_URL), for several processes; none when not given. */
  redisUrl?: string;
  /** This process's name among several (ACCORD_NODE_ID); hostname:pid when not given. */
  nodeId?: string;
  publicUrl?: string;
  /** Serve the built client from this folder (dist/). */
  clientDir?: string;
  seedDemo?: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); 0 when not given. */
  trustProxy?: number;
  /** How long sessions last; DEFAULT_SESSION_LIFETIME when not given. */
  sessions?: SessionLifetime;
  /** Lease and relay timings when several processes share the documents (tests shorten them). */
  clusterTiming?: Partial<ClusterTiming>;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** This process's node id. */
  node: string;
  /** The messages between processes, when REDIS_URL is configured. */
  bus: Bus | null;
  registry: RoomRegistry;
  /** With PostgreSQL and Redis: the documents shared with other processes (each led by one). */
  cluster: ClusterDocuments | null;
  admission: Admission;
  /** Sign-in links created by the demo seed on first start (null if the store was not empty). */
  demoLinks: DemoLink[] | null;
  /** Stops accepting, closes sockets, finishes pending writes, closes the store. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  let ready = false;
  const sessions = options.sessions ?? DEFAULT_SESSION_LIFETIME;
  const store = openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, sessions });
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw new Error(`cannot write to the database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const node = options.nodeId ?? defaultNodeId();
  let bus: Bus | null = null;
  try {
    if (options.redisUrl) bus = await Bus.connect({ url: options.redisUrl, node });
  } catch (error) {
    await store.close();
    throw error;
  }
  warmUp();
  const limits: SyncLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const registry = new RoomRegistry(store, limits);
  const admission = new Admission(limits);
  let publicUrl = options.publicUrl ?? '';
  const closeSocketsOf = (participantId: string) => {
    for (const peer of admission.of(participantId)) peer.close(CLOSE.unauthenticated, 'access revoked');
  };
  // Several processes on one PostgreSQL, told apart by Redis: each document led by one of them.
  let cluster: ClusterDocuments | null = null;
  if (bus && store instanceof PostgresStore) {
    cluster = await ClusterDocuments.start({ node, bus, store, leases: store.leases, limits, timing: options.clusterTiming, onRevoked: closeSocketsOf });
  } else if (bus) {
    console.warn('REDIS_URL is set but the store is SQLite: documents stay in this process (several processes need DATABASE_URL too).');
  }

  const { app, injectWebSocket } = createApp({
    store,
    registry,
    documents: cluster ?? new LocalDocuments(registry, store),
    cluster,
    admission,
    publicUrl: () => publicUrl,
    publicUrlConfigured: Boolean(options.publicUrl),
    trustedProxies: options.trustProxy ?? 0,
    sessionMaxAgeMs: sessions.maxMs,
    isReady: () => ready,
    node,
    redis: bus,
    clientDir: options.clientDir,
    events: {
      onRevoked: (participantId) => {
        closeSocketsOf(participantId);
        // Every other process closes its sockets too, at once rather than at its next session check.
        cluster?.revoked(participantId).catch((error: unknown) => console.warn('[cluster] could not announce a revocation', error));
      },
    },
  });

  // A client that opens a connection and then dawdles is cut off, signed in or not; Node checks
  // these timeouts on an interval, which must be shorter than them to mean anything.
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const serverOptions = { headersTimeout, requestTimeout: 30_000, connectionsCheckingInterval: Math.min(1_000, headersTimeout / 2) };
  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1', serverOptions }, () => resolveServer(s));
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`;
  publicUrl ||= url;

  // Processes starting together on an empty database seed it once: the first under the lock does.
  const seed = () => seedDemoWorkspace(store, publicUrl);
  const demoLinks = !options.seedDemo ? null : options.databaseUrl ? await exclusively(options.databaseUrl, 'demo seed', seed) : await seed();
  // One sweep at a time (a slow store skips a tick), its failure logged, not thrown: a store
  // error in a sweep once ended the process, and a sweep still running at shutdown met the
  // store closed under it.
  let sweep: Promise<void> | null = null;
  const sessionCheck = setInterval(() => {
    sweep ??= closeStaleSockets(store, admission)
      .catch((error: unknown) => console.error('[sessions] could not check the open sockets against their sessions; trying again shortly', error))
      .finally(() => {
        sweep = null;
      });
  }, limits.sessionCheckMs);
  ready = true;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      clearInterval(sessionCheck);
      const stopped = new Promise<void>((r) => server.close(() => r()));
      await registry.closeAll(CLOSE.serverShutdown, 'server restarting');
      await cluster?.closeAll(CLOSE.serverShutdown, 'server restarting');
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      await closePdfRenderer();
      await bus?.close();
      await sweep;
      await store.close();
    })();
    return closing;
  };
  return { url, port, store, node, bus, registry, cluster, admission, demoLinks, close };
}

/**
 * Closes sockets whose session has ended, whose participant changed since they opened, or that
 * may no longer be served as they were (a revocation by the CLI, from another process, or a
 * document restricted again reaches open sockets this way within seconds).
 */
async function closeStaleSockets(store: Store, admission: Admission): Promise<void> {
  // The documents' summaries, read once a sweep: what the socket serves a participant as depends on them.
  const documents = new Map<string, Promise<DocumentSummary | null>>();
  const documentOf = (id: string) => documents.get(id) ?? documents.set(id, store.getDocument(id)).get(id)!;
  for (const peer of admission.all()) {
    const now = await store.findSession(peer.sessionHash);
    const document = now ? await documentOf(peer.documentId) : null;
    // Compared as the socket serves it: a reader (served as an observer) is not a participant whose role changed.
    const served = now && document ? servedParticipant(now, document) : null;
    if (!served || served.role !== peer.participant.role || served.delegation !== peer.participant.delegation) {
      peer.close(CLOSE.unauthenticated, 'access changed');
    }
  }
}
