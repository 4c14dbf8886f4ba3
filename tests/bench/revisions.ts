import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { compareDocuments } from '../../shared/revisions/compare.ts';
import { decide } from '../../server/negotiation/decide.ts';
import { exportDocument } from '../../server/export/index.ts';
import { revisionState, takeSnapshot, textState } from '../../server/revisions/revision-text.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { Room } from '../../server/sync/room.ts';
import { editorDoc } from '../support/editing.ts';
import { negotiatedDocument } from './fixtures.ts';
import { summarize, type Measured } from './negotiation.ts';

/**
 * Revisions and export on a document in full negotiation: taking a revision (a Yjs
 * snapshot), comparing it with the text after the Chair accepted half of the amendments, and
 * writing the compilation to Word with its tracked changes.
 */
export async function revisionCosts(paragraphs: number, amendments: number, repeats: number): Promise<Measured[]> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-rev-'));
  const store = new SqliteStore(join(dir, 'accord.sqlite'));
  try {
    const source = negotiatedDocument(paragraphs, amendments);
    const document = await store.createDocument({ title: 'Bench', symbol: 'BENCH/1', kind: 'resolution', restricted: false }, Y.encodeStateAsUpdate(source), []);
    const room = await Room.load(document.id, store);
    const chair = await store.createParticipant({ name: 'Chair', role: 'chair', delegation: null });

    const snapshotTimes: number[] = [];
    let snapshot: Uint8Array = new Uint8Array();
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      snapshot = takeSnapshot(room.doc);
      await store.createRevision(document.id, { note: '' }, snapshot, chair.id);
      snapshotTimes.push(performance.now() - start);
    }

    const pending = listAmendments(editorDoc(room.doc));
    const half = pending.filter((_, i) => i % 2 === 0).map((a) => ({ action: 'accept' as const, scope: { kind: 'amendment' as const, id: a.id } }));
    const outcome = await decide(room, store, chair, half.slice(0, Math.min(half.length, 100)));
    const decisions = outcome.decided.map((d) => ({ amendmentId: d.id, action: d.outcome, delegation: d.delegation, inserted: d.inserted, deleted: d.deleted, pid: d.pid }));

    const compareTimes: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      const older = revisionState(room.doc, snapshot);
      compareDocuments({ older: { label: 'Rev.1', doc: older.doc }, newer: { label: 'Live', doc: textState(room.doc).doc }, decisions });
      compareTimes.push(performance.now() - start);
    }

    const exportTimes: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      const state = textState(room.doc);
      await exportDocument(state.doc, { format: 'docx', variant: 'compilation', meta: { title: 'Bench', symbol: 'BENCH/1', generatedAt: new Date() }, supporters: state.supporters });
      exportTimes.push(performance.now() - start);
    }
    room.destroy();
    const size = `${paragraphs} paragraphs, ${amendments} amendments`;
    return [
      summarize(`take a revision (${size}; ${snapshot.length} bytes)`, 'ms', snapshotTimes),
      summarize(`compare a revision with the live text (${size})`, 'ms', compareTimes),
      summarize(`export the compilation to DOCX (${size})`, 'ms', exportTimes),
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
