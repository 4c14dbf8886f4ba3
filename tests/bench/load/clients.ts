import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { defineDocumentParts } from '../../../shared/document-parts.ts';
import { MESSAGE_SYNC, MESSAGE_VERDICT, readVerdict, SCHEMA_VERSION, SYNC_STEP_2 } from '../../../shared/protocol.ts';
import { HocuspocusSocket } from './hocuspocus-socket.ts';
import type { BenchServer } from './servers.ts';

/** What went wrong on the connections of a run, counted (must all stay zero). */
export interface ConnectionTrouble {
  refused: number;
  /** Accord asking a client for its whole state again (must not happen without a crash). */
  resyncs: number;
  /** Close codes the server sent, e.g. 4529 when a rate limit cut a connection. */
  closes: Map<number, number>;
}

export function newTrouble(): ConnectionTrouble {
  return { refused: 0, resyncs: 0, closes: new Map() };
}

/** One participant's connection: an unmodified y-websocket provider on a Y.Doc of its own. */
export interface LoadClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the time the first full sync arrived (performance.now()). */
  synced: Promise<number>;
}

export interface ClientOptions {
  /** Accord's session cookie for this client. */
  cookie?: string;
  /**
   * Record when the server's document arrives but do not apply it. Used only to measure many
   * clients joining at once from one process: applying a large document costs the client
   * ~15–35 ms, and 200 applies in one process would measure the harness, not the server.
   */
  deferApply?: boolean;
  trouble: ConnectionTrouble;
  /** Each of Accord's verdicts on this client's changes, as it arrives (the failover run counts the committed ones). */
  onVerdict?: (outcome: 'committed' | 'refused' | 'resync') => void;
}

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, messageType: number) => void;

/** What a client needs to know of the server: also all a reader process is told (reader-ipc.ts). */
export type ServerAddress = Pick<BenchServer, 'kind' | 'syncUrl' | 'documentId'> & { syncUrls?: string[] };

/**
 * Where the `index`-th client of a run connects: with several processes (cluster-server.ts),
 * round-robin over them, as a load balancer without sticky sessions would spread them.
 */
export function clientAddress(server: ServerAddress, index: number): ServerAddress {
  const urls = server.syncUrls ?? [];
  return urls.length > 1 ? { kind: server.kind, syncUrl: urls[index % urls.length]!, documentId: server.documentId } : server;
}

export function openClient(server: ServerAddress, doc: Y.Doc, options: ClientOptions): LoadClient {
  defineDocumentParts(doc);
  const WebSocketClass =
    server.kind === 'accord'
      ? cookieSocket(options.cookie ?? null)
      : server.kind === 'hocuspocus'
        ? (HocuspocusSocket as unknown as typeof globalThis.WebSocket)
        : (WebSocket as unknown as typeof globalThis.WebSocket);
  const provider = new WebsocketProvider(server.syncUrl, server.documentId, doc, {
    WebSocketPolyfill: WebSocketClass,
    params: server.kind === 'accord' ? { schema: String(SCHEMA_VERSION) } : {},
    disableBc: true,
  });
  const handlers = provider.messageHandlers as Handler[];
  // Accord answers each change with a verdict; a refusal here means the harness typed
  // something a delegation may not, which would void the run.
  handlers[MESSAGE_VERDICT] = (_encoder, decoder) => {
    const verdict = readVerdict(decoder);
    options.onVerdict?.(verdict.outcome);
    if (verdict.outcome === 'refused') options.trouble.refused++;
    else if (verdict.outcome === 'resync') options.trouble.resyncs++;
  };
  provider.on('connection-close', (event) => {
    if (event) options.trouble.closes.set(event.code, (options.trouble.closes.get(event.code) ?? 0) + 1);
  });
  let arrived: ((at: number) => void) | null = null;
  const synced = new Promise<number>((resolve) => {
    arrived = resolve;
  });
  if (options.deferApply) {
    const sync = handlers[MESSAGE_SYNC]!;
    handlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
      if (decoder.arr[decoder.pos] === SYNC_STEP_2 && !p.synced) {
        arrived?.(performance.now());
        p.synced = true;
        return;
      }
      sync(encoder, decoder, p, emitSynced, type);
    };
  } else {
    provider.on('sync', (state: boolean) => {
      if (state) arrived?.(performance.now());
    });
  }
  return { doc, provider, synced };
}

/**
 * A Node WebSocket that presents a session cookie, as the browser does. tests/support/server.ts
 * has the same, but importing it loads the whole server and the app's client code: ~1.6 s of
 * CPU for each reader process to start, on the machine the server is measured on.
 */
function cookieSocket(cookie: string | null): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

export function closeClient(client: LoadClient): void {
  client.provider.destroy();
  client.doc.destroy();
}

/** Signs a participant in through its invitation token, as the join page does; returns the cookie. */
export async function signIn(server: BenchServer, token: string): Promise<string> {
  const response = await fetch(`${server.httpUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(';')[0] ?? '';
}

/** Cookies for Accord's participants (typists first), signed in a few at a time. */
export async function signInAll(server: BenchServer): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < server.participants.length; i += 20) {
    cookies.push(...(await Promise.all(server.participants.slice(i, i + 20).map((p) => signIn(server, p.token)))));
  }
  return cookies;
}

/** A Y.Doc holding the fixture document, as a client that already has it would. */
export function docWith(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
