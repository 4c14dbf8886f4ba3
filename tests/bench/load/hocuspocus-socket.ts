import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

/** Hocuspocus message types that differ from y-websocket's (the shared ones are 0, 1, 3). */
const AUTH = 2;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;
const SYNC = 0;
const AUTH_TOKEN = 0;

/**
 * Lets an unmodified y-websocket `WebsocketProvider` talk to Hocuspocus. Hocuspocus speaks the
 * same sync and awareness messages, but prefixes each with the document name, wants a token
 * message first, answers sync requests with its own "sync reply" type and acknowledges each
 * update. This socket adds the prefix and the (empty) token on the way out and, on the way in,
 * strips the prefix, renames a sync reply to a sync message and drops what y-websocket has no
 * handler for (authenticated, acknowledgements). The cost is one small copy per message.
 */
export class HocuspocusSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  binaryType = 'arraybuffer';
  /** Updates Hocuspocus confirmed (its sync-status messages), across all sockets. */
  static acknowledged = 0;
  private readonly socket: WebSocket;
  private readonly prefix: Uint8Array;

  constructor(url: string) {
    const parsed = new URL(url);
    const name = decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
    const prefix = encoding.createEncoder();
    encoding.writeVarString(prefix, name);
    this.prefix = encoding.toUint8Array(prefix);
    this.socket = new WebSocket(`${parsed.protocol}//${parsed.host}/`);
    this.socket.binaryType = 'arraybuffer';
    this.socket.on('open', () => {
      this.socket.send(this.withPrefix(Uint8Array.of(AUTH, AUTH_TOKEN, 0)));
      this.onopen?.();
    });
    this.socket.on('message', (data: ArrayBuffer) => {
      const message = this.fromServer(new Uint8Array(data));
      if (message) this.onmessage?.({ data: message.buffer as ArrayBuffer });
    });
    this.socket.on('close', (code: number, reason: Buffer) => this.onclose?.({ code, reason: reason.toString() }));
    this.socket.on('error', (error: Error) => this.onerror?.(error));
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  send(data: Uint8Array): void {
    this.socket.send(this.withPrefix(data));
  }

  close(): void {
    this.socket.close();
  }

  private withPrefix(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.prefix.length + data.length);
    out.set(this.prefix, 0);
    out.set(data, this.prefix.length);
    return out;
  }

  private fromServer(data: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC_STATUS) {
      HocuspocusSocket.acknowledged++;
      return null;
    }
    if (type === AUTH) {
      if (decoding.readVarUint(decoder) !== 2) throw new Error('Hocuspocus refused the connection');
      return null;
    }
    if (type > 3 && type !== SYNC_REPLY) return null;
    const rest = data.subarray(decoder.pos);
    const out = new Uint8Array(rest.length + 1);
    out[0] = type === SYNC_REPLY ? SYNC : type;
    out.set(rest, 1);
    return out;
  }
}
