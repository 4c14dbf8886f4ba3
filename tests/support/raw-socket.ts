import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/server.ts';

/** A bare WebSocket on the sync endpoint: for sending what no well-behaved client would. */
export async function rawSocket(server: RunningServer, cookie: string, documentId: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${documentId}?schema=${SCHEMA_VERSION}`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  return socket;
}

/** Resolves with the close code the server sends, or rejects after `ms`. */
export function closeCode(socket: WebSocket, ms = 5_000): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.reject(new Error('already closed'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not closed in time')), ms);
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}
