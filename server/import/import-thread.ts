import { parentPort, workerData } from 'node:worker_threads';
import { documentStateFromContent } from '../sync/document-state.ts';
import { readWordFile } from '../word/word-reading.ts';
import { ImportError, importDocx } from './docx-import.ts';
import type { ImportJob, ImportReply } from './import-runner.ts';

/**
 * One import on a thread of its own: the file in, the new document's first state out; or, for
 * the Word round trip, the file's paragraphs and tracked changes (word-reading.ts).
 */
const port = parentPort;
if (!port) throw new Error('import-thread runs as a worker thread');
const { bytes, job } = workerData as { bytes: Uint8Array; job?: ImportJob };

const failure = (error: unknown): ImportReply =>
  error instanceof ImportError ? { kind: 'refused', message: error.message } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };

if (job === 'read-word') {
  Promise.resolve()
    .then(() => readWordFile(bytes))
    .then(
      (reading) => port.postMessage({ kind: 'read', reading } satisfies ImportReply),
      (error: unknown) => port.postMessage(failure(error)),
    );
} else {
  importDocx(bytes).then(
    (content) => {
      const state = documentStateFromContent(content);
      port.postMessage({ kind: 'done', update: state.update, clients: state.clients } satisfies ImportReply, [state.update.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage(failure(error)),
  );
}
