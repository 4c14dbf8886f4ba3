import { parentPort, workerData } from 'node:worker_threads';
import { documentStateFromContent } from '../sync/document-state.ts';
import { ImportError, importDocx } from './docx-import.ts';
import type { ImportReply } from './import-runner.ts';

/** One import on a thread of its own: the file in, the new document's first state out. */
const port = parentPort;
if (!port) throw new Error('import-thread runs as a worker thread');
const { bytes } = workerData as { bytes: Uint8Array };

importDocx(bytes).then(
  (content) => {
    const state = documentStateFromContent(content);
    port.postMessage({ kind: 'done', update: state.update, clients: state.clients } satisfies ImportReply, [state.update.buffer as ArrayBuffer]);
  },
  (error: unknown) => {
    const reply: ImportReply = error instanceof ImportError ? { kind: 'refused', message: error.message } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  },
);
