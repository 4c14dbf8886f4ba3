import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, cleanView } from '../../shared/negotiation/decisions.ts';
import { decide } from '../../server/negotiation/decide.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { copyDocument } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { Room } from '../../server/sync/room.ts';
import { del, doc, ins, p } from '../support/builders.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { delegate, negotiatedDocument } from './fixtures.ts';

export interface Measured {
  name: string;
  unit: string;
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function summarize(name: string, unit: string, samples: number[]): Measured {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { name, unit, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0, n: samples.length };
}

/** The server's cost to judge one keystroke of a delegation in a large negotiated document. */
export function validationCost(keystrokes: number, paragraphs: number, amendments: number): Measured {
  const live = negotiatedDocument(paragraphs, amendments);
  const shadow = copyDocument(live);
  const mexico = delegate('MEX');
  const typist = copyDocument(live);
  const samples: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    const before = Y.encodeStateVector(typist);
    const block = (i * 7) % paragraphs;
    propose(typist, mexico, (tr) => tr.insertText('x', blockStart(editorDoc(typist), block) + 3));
    const update = Y.encodeStateAsUpdate(typist, before);
    const start = performance.now();
    const judgement = judgeUpdate(live, shadow, update, mexico, new Map());
    samples.push(performance.now() - start);
    if (!judgement.accepted || !judgement.change) throw new Error(`benchmark keystroke refused: ${JSON.stringify(judgement)}`);
    Y.applyUpdate(live, judgement.change);
  }
  return summarize(`judge one keystroke (${paragraphs} paragraphs, ${amendments} amendments)`, 'ms', samples);
}

/** The Chair accepting every pending amendment at once, committed and audited. */
export async function acceptAllCost(paragraphs: number, amendments: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const store = new SqliteStore(join(dir, 'accord.sqlite'));
  try {
    const source = negotiatedDocument(paragraphs, amendments);
    const pending = listAmendments(editorDoc(source)).length;
    const document = await store.createDocument({ title: 'Bench', symbol: '', kind: 'resolution', restricted: false }, Y.encodeStateAsUpdate(source), []);
    const room = await Room.load(document.id, store);
    const chair = await store.createParticipant({ name: 'Chair', role: 'chair', delegation: null });
    const start = performance.now();
    const outcome = await decide(room, store, chair, [{ action: 'accept', scope: { kind: 'all' } }]);
    const elapsed = performance.now() - start;
    if (listAmendments(editorDoc(room.doc)).length !== 0 || outcome.decided.length !== pending) throw new Error('accept all left amendments pending');
    room.destroy();
    return summarize(`accept all ${pending} amendments (${paragraphs} paragraphs)`, 'ms', [elapsed]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A document of `paragraphs` paragraphs, each with a pair of alternatives and an insertion: three amendments. */
function contestedDocument(paragraphs: number): PMNode {
  const id = (code: string, n: number) => `${code}:${n.toString(36).padStart(8, '0')}`;
  return doc(
    ...Array.from({ length: paragraphs }, (_, i) =>
      p(`p${i}`, 'to ', del(id('MEX', 3 * i), del(id('USA', 3 * i + 1), 'promote')), ins(id('MEX', 3 * i), 'foster'), ins(id('USA', 3 * i + 1), 'advance'), ' ', ins(id('BRA', 3 * i + 2), 'regional '), 'cooperation'),
    ),
  );
}

/**
 * The clean and agreed views (every amendment accepted, every one rejected) at two sizes, four
 * times apart: a linear cost takes about four times as long at the larger, a quadratic one
 * sixteen times (the clean view did, deciding one amendment at a time).
 */
export function viewCosts(amendments: number, reps: number): Measured[] {
  const results: Measured[] = [];
  for (const size of [amendments, amendments * 4]) {
    const source = contestedDocument(Math.ceil(size / 3));
    const pending = listAmendments(source).length;
    for (const [name, view] of [['clean', cleanView], ['agreed', agreedView]] as const) {
      const samples: number[] = [];
      view(source); // warm: the first call of a size would time the compiler too
      for (let i = 0; i < reps; i++) {
        const start = performance.now();
        const result = view(source);
        samples.push(performance.now() - start);
        if (listAmendments(result).length !== 0) throw new Error(`the ${name} view left amendments pending`);
      }
      results.push(summarize(`${name} view of ${pending} amendments`, 'ms', samples));
    }
  }
  return results;
}
