import { createClient } from '@redis/client';
import {
  channelPrefixSchema, decodeClusterMessage, decodeDocumentMessage, documentIdSchema, encodeMessage, nodeIdSchema,
  type ClusterMessage, type ClusterMessageKind, type Decoded, type DocumentMessage, type DocumentMessageKind,
} from './bus-message.ts';

/** A connection that retries once it has been up, but reports a Redis missing at start-up at once. */
function openRedis(url: string, where: string, connected: () => boolean, name: string) {
  return createClient({
    url,
    // Seen in Redis's CLIENT LIST: which process, which connection.
    name,
    // While the connection is down, a publish or ping fails at once rather than waiting in a
    // queue for a Redis that may not come back: its caller (a health check, a room) decides.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // At start-up a missing Redis is a configuration error to report, not to wait out.
      reconnectStrategy: (retries, cause) =>
        connected() ? Math.min(100 * 2 ** Math.min(retries, 5), 3_000) : new Error(`Redis is not reachable at ${where}: ${cause.message}`),
    },
  });
}

type RedisClient = ReturnType<typeof openRedis>;

const RESUBSCRIBED_MS = 250;
type FrameListener = (frame: Buffer) => void;

export interface BusOptions {
  /** Redis's address, redis://host:port. */
  url: string;
  /** This process's node id: the `from` of what it publishes. */
  node: string;
  /** Channel names start with it: deployments (or tests) sharing one Redis do not hear each other. */
  prefix?: string;
  /** Where a dropped message or a lost connection is told (console.warn by default). */
  log?: (line: string) => void;
}

/** Undoes a subscription: its listener hears nothing more. */
export type Unsubscribe = () => Promise<void>;

/**
 * Messages between Accord processes over Redis pub/sub (issue 15): a channel per document
 * (`accord:doc:<id>`) and one for the whole cluster (`accord:cluster`). Pub/sub delivers only to
 * whoever listens at that moment and keeps nothing: what must not be lost goes to PostgreSQL
 * first, and the bus only says it happened.
 *
 * Two connections, as Redis requires: one that publishes, one that only listens. Frames are read
 * as Buffers (binary-safe: Yjs updates are bytes), and each is checked before any listener sees
 * it; a malformed one is dropped with a log line. A process does not hear its own messages: it
 * has already acted on them.
 */
export class Bus {
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly publisher: RedisClient,
    private readonly listener: RedisClient,
    readonly node: string,
    private readonly prefix: string,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Connects both connections; rejects, naming the address, if Redis does not answer. Once
   * connected, a lost connection is retried (listening ones resubscribe) and told in the log.
   */
  static async connect(options: BusOptions): Promise<Bus> {
    const node = nodeIdSchema.parse(options.node);
    const prefix = channelPrefixSchema.parse(options.prefix ?? 'accord');
    const log = options.log ?? ((line: string) => console.warn(line));
    const where = describeRedis(options.url);
    let connected = false;
    const isConnected = () => connected;
    const named = (role: string) => `${prefix}:${node}:${role}`.replace(/[^A-Za-z0-9._:/-]/g, '-');
    const [publisher, listener] = [openRedis(options.url, where, isConnected, named('publish')), openRedis(options.url, where, isConnected, named('listen'))];
    for (const [role, client] of [['publishing', publisher], ['listening', listener]] as const) {
      client.on('error', (error: Error) => {
        if (connected) log(`[bus] the ${role} connection to Redis at ${where} failed: ${error.message}`);
      });
    }
    try {
      await Promise.all([publisher.connect(), listener.connect()]);
    } catch (error) {
      await Promise.allSettled([publisher.destroy(), listener.destroy()]);
      throw error instanceof Error && error.message.startsWith('Redis is not reachable') ? error : new Error(`Redis is not reachable at ${where}: ${String(error)}`);
    }
    connected = true;
    const bus = new Bus(publisher, listener, node, prefix, log);
    // From now on 'ready' means connected again after a loss (the listening one has resubscribed).
    // A moment's grace: the listening connection resubscribes as it comes back.
    for (const client of [publisher, listener]) client.on('ready', () => setTimeout(() => bus.reconnected(), RESUBSCRIBED_MS));
    return bus;
  }

  private readonly reconnectListeners = new Set<() => void>();

  /**
   * Calls `listener` each time a lost connection to Redis is back. Pub/sub kept nothing of what
   * was sent meanwhile: whoever relies on the messages resynchronises.
   */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private reconnected(): void {
    if (this.closing) return;
    this.log(`[bus] connected to Redis again`);
    for (const listener of this.reconnectListeners) {
      try {
        listener();
      } catch (error) {
        this.log(`[bus] a reconnect listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  documentChannel(documentId: string): string {
    return `${this.prefix}:doc:${documentIdSchema.parse(documentId)}`;
  }

  get clusterChannel(): string {
    return `${this.prefix}:cluster`;
  }

  /** Sends to every other process listening to the document; resolves with how many connections heard it. */
  async publishToDocument(documentId: string, kind: DocumentMessageKind, payload: Uint8Array): Promise<number> {
    const frame = encodeMessage({ kind, documentId, from: this.node, payload });
    return this.publisher.publish(this.documentChannel(documentId), frame);
  }

  async publishToCluster(kind: ClusterMessageKind, payload: Uint8Array, documentId: string | null = null): Promise<number> {
    if (documentId !== null) documentIdSchema.parse(documentId);
    return this.publisher.publish(this.clusterChannel, encodeMessage({ kind, documentId, from: this.node, payload }));
  }

  /** Hears what other processes say about the document, from the moment this resolves. */
  subscribeDocument(documentId: string, hear: (message: DocumentMessage) => void): Promise<Unsubscribe> {
    const channel = this.documentChannel(documentId);
    return this.subscribe(channel, (frame) => this.deliver(channel, decodeDocumentMessage(frame, documentId), hear));
  }

  subscribeCluster(hear: (message: ClusterMessage) => void): Promise<Unsubscribe> {
    const channel = this.clusterChannel;
    return this.subscribe(channel, (frame) => this.deliver(channel, decodeClusterMessage(frame), hear));
  }

  private async subscribe(channel: string, listen: FrameListener): Promise<Unsubscribe> {
    await this.listener.subscribe(channel, listen, true);
    let done = false;
    return async () => {
      if (done || this.closing) return;
      done = true;
      // Only this listener: others on the same channel in this process keep hearing it.
      await this.listener.unsubscribe(channel, listen, true);
    };
  }

  private deliver<T extends { from: string }>(channel: string, decoded: Decoded<T>, hear: (message: T) => void): void {
    if (!decoded.ok) {
      this.log(`[bus] dropped a malformed message on ${channel}: ${decoded.reason}`);
      return;
    }
    if (decoded.message.from === this.node) return;
    try {
      hear(decoded.message);
    } catch (error) {
      // A listener's bug must not stop the others, nor the connection's reading.
      this.log(`[bus] a listener on ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Counts an event under `key` across every process, in a window of `windowMs` that starts with
   * its first count (sign-in failures per address): resolves with the count so far, this one in.
   */
  async countInWindow(key: string, windowMs: number): Promise<number> {
    const name = `${this.prefix}:count:${key}`;
    const count = await this.publisher.incr(name);
    if (count === 1) await this.publisher.pExpire(name, windowMs);
    return count;
  }

  /**
   * This process's share of a record every process writes its own field of (the connections a
   * participant has open on each): the whole record lasts `ttlMs` from the last write of any.
   */
  async writeShare(key: string, value: string | null, ttlMs: number): Promise<void> {
    const name = `${this.prefix}:share:${key}`;
    if (value === null) await this.publisher.hDel(name, this.node);
    else await this.publisher.multi().hSet(name, this.node, value).pExpire(name, ttlMs).exec();
  }

  /** Every process's share of the record, this one's included, by node. */
  async readShares(key: string): Promise<Record<string, string>> {
    return this.publisher.hGetAll(`${this.prefix}:share:${key}`);
  }

  /** Whether Redis answers now (GET /api/health asks). */
  async ping(): Promise<boolean> {
    try {
      return (await this.publisher.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes both connections; with Redis gone, at once (a graceful close would wait for it forever). */
  close(): Promise<void> {
    this.closing ??= Promise.allSettled([this.publisher, this.listener].map((client) => (client.isReady ? client.close() : client.destroy()))).then(() => undefined);
    return this.closing;
  }
}

/** Redis's address for messages: never its password. */
export function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an invalid REDIS_URL';
  }
}
