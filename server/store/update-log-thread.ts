import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, UpdateLog } from './update-log.ts';
import type { WriterReply, WriterRequest } from './update-log-writer.ts';

/** The writer thread: one connection, one request at a time, in the order they came. */
const port = parentPort;
if (!port) throw new Error('update-log-thread runs as a worker thread');
const db = openDatabase((workerData as { file: string }).file);
// It only appends: the pages it writes are never read again through it. better-sqlite3's
// default cache (16 MB a connection) would fill with them as the log grows (RSS rising about
// 1 MB a minute in the soak); 2 MB holds the tables' and indexes' last pages.
db.pragma('cache_size = -2000');
const log = new UpdateLog(db);
port.postMessage({ kind: 'ready' } satisfies WriterReply);

port.on('message', (request: WriterRequest) => {
  if (request.op === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    if (request.op === 'append') reply = { kind: 'done', id: request.id, seq: log.append(request.documentId, request.changes) };
    else {
      log.snapshot(request.documentId, request.state, request.uptoSeq);
      reply = { kind: 'done', id: request.id, seq: request.uptoSeq };
    }
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    reply = { kind: 'failed', id: request.id, message: typeof message === 'string' ? message : String(error), code: typeof code === 'string' ? code : null };
  }
  port.postMessage(reply);
});
