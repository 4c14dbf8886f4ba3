import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, applyDecisions, DecisionError } from '../../shared/negotiation/decisions.ts';
import { SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import type { Participant } from '../../shared/participants.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import type { AuditRecord } from '../../server/store/store.ts';
import { documentStateFromContent, restoreDocument } from '../../server/sync/document-state.ts';
import { editDirectly, editorDoc, propose, writeBack } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Random negotiations through the real server (REST, sync sockets, SQLite): delegations propose
 * (alternatives arise when two replace the same words), support and withdraw; the Secretariat
 * edits directly; the Chair decides, undoes, restores and issues revisions. Then, for every pair
 * of revisions (and the live text): each change the comparison shows is credited to a decision
 * the audit log has between the two, of the kind it says, or to a direct edit that happened
 * between them; its summary's accepted and rejected are the log's; nothing a restore set aside
 * is called withdrawn. And the agreed export says what the agreed view says.
 * ACCORD_HISTORY_SEED replays a run (the seed is in the test's name); ACCORD_HISTORY_RUNS sets how many.
 */
const SEED = Number(process.env.ACCORD_HISTORY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.ACCORD_HISTORY_RUNS ?? 6);
const WORDS = ['regional ', 'all ', 'further', 'inter-American ', ' and', 'effective'];
const START = {
  type: 'doc',
  content: ['to promote cooperation among member states', 'in dealing with criminal gangs', 'and the social reinsertion of transgressors', 'through technical assistance'].map((text, i) => ({
    type: 'paragraph', attrs: { pid: `p${i}`, kind: 'operative' }, content: [{ type: 'text', text }],
  })),
};

type Op =
  | { kind: 'propose' | 'edit'; who: number; block: number; start: number; length: number; word: number }
  | { kind: 'support' | 'withdraw'; who: number; pick: number }
  /** A delegation proposes a new paragraph after a block: Enter at its end, then words. */
  | { kind: 'paragraph'; who: number; block: number; word: number }
  | { kind: 'decide'; accept: boolean; pick: number; scope: 'amendment' | 'paragraph' | 'delegation' }
  | { kind: 'agree'; block: number; status: 'agreed' | 'open' }
  | { kind: 'undo' | 'restore'; pick: number }
  | { kind: 'revision' };

const who = fc.nat({ max: 2 });
const place = { block: fc.nat({ max: 3 }), start: fc.nat({ max: 40 }), length: fc.nat({ max: 8 }), word: fc.nat({ max: WORDS.length - 1 }) };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('propose' as const), who, ...place }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), who, ...place }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('paragraph' as const), who, block: place.block, word: place.word }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('support' as const), who, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('decide' as const), accept: fc.boolean(), pick: fc.nat(), scope: fc.constantFrom('amendment' as const, 'paragraph' as const, 'delegation' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agree' as const), block: fc.nat({ max: 3 }), status: fc.constantFrom('agreed' as const, 'open' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revision' as const) }) },
);

let server: TestServer;
let chair: string;
let delegations: { cookie: string; participant: Participant }[];
let secretariat: { cookie: string; participant: Participant };

beforeAll(async () => {
  server = await startTestServer();
  chair = await signIn(server, { role: 'chair' });
  delegations = await Promise.all(['MEX', 'USA', 'CAN'].map(async (code) => {
    const cookie = await signIn(server, { role: 'delegation', delegation: code });
    return { cookie, participant: await me(server, cookie) };
  }));
  const cookie = await signIn(server, { role: 'secretariat' });
  secretariat = { cookie, participant: await me(server, cookie) };
});
afterAll(async () => server.dispose());

/** A state to compare: a revision, or the live text; what had happened when it was taken. */
interface Checkpoint { ref: string; lastDecision: number; directEdits: number }

async function run(ops: Op[]): Promise<void> {
  const initial = documentStateFromContent(START);
  const document = await server.store.createDocument({ title: 'History', symbol: 'H', kind: 'resolution', restricted: false }, initial.update, initial.clients);
  const path = `/api/documents/${document.id}`;
  const post = (cookie: string, to: string, body: unknown = {}) => api(server, cookie, `${path}${to}`, { method: 'POST', body: JSON.stringify(body) });
  const stored = async () => editorDoc(restoreDocument(await server.store.loadDocumentState(document.id)));
  const audit = async (): Promise<AuditRecord[]> => (await (await api(server, chair, `${path}/audit`)).json()) as AuditRecord[];
  const open = (cookie: string) => connect(server, cookie, document.id);
  const clients = delegations.map((d) => ({ ...d, connection: open(d.cookie) }));
  const officer = { ...secretariat, connection: open(secretariat.cookie) };
  const everyone: DocumentConnection[] = [...clients.map((c) => c.connection), officer.connection];
  const synced = async (c: DocumentConnection) => {
    await until(c, (s) => s.link === 'connected' && s.save === 'saved');
    const text = JSON.stringify((await stored()).toJSON());
    await eventually(() => JSON.stringify(editorDoc(c.doc).toJSON()), (mine) => mine === text);
  };
  const checkpoints: Checkpoint[] = [];
  const withdrawn = new Set<string>();
  let directEdits = 0;
  const lastDecision = async () => Math.max(0, ...(await audit()).map((r) => r.decision));
  try {
    for (const c of everyone) await synced(c);
    for (const o of ops) {
      const text = await stored();
      if (o.kind === 'propose' || o.kind === 'edit') {
        const { connection, participant } = o.kind === 'edit' ? officer : clients[o.who]!;
        await synced(connection);
        const block = o.block % text.childCount;
        if (o.kind === 'edit' && text.child(block).attrs.status !== 'open') continue;
        let pos = 1;
        for (let i = 0; i < block; i++) pos += text.child(i).nodeSize;
        const size = text.child(block).content.size;
        const from = pos + (o.start % (size + 1));
        const to = Math.min(from + o.length, pos + size);
        const change = (tr: import('@tiptap/pm/state').Transaction) => (o.word % 3 === 0 && to > from ? tr.delete(from, to) : tr.insertText(WORDS[o.word]!, from, to));
        try {
          if (o.kind === 'edit') editDirectly(connection.doc, change);
          else propose(connection.doc, participant, change);
        } catch (error) {
          expect(String(error)).toMatch(/agreed|joined|typing|nothing/);
        }
        await synced(connection);
        if (o.kind === 'edit' && !(await stored()).eq(text)) directEdits++;
      } else if (o.kind === 'paragraph') {
        const { connection, participant } = clients[o.who]!;
        await synced(connection);
        const block = o.block % text.childCount;
        let end = 0;
        for (let i = 0; i <= block; i++) end += text.child(i).nodeSize;
        let proposed = true;
        try {
          propose(connection.doc, participant, (tr) => tr.split(end - 1));
          propose(connection.doc, participant, (tr) => tr.insertText(`New ${WORDS[o.word]!.trim()} paragraph.`, end + 1));
        } catch (error) {
          expect(String(error)).toMatch(/agreed|joined|typing|nothing/);
          proposed = false;
        }
        await synced(connection);
        if (proposed) expect((await stored()).childCount).toBe(text.childCount + 1);
      } else if (o.kind === 'support' || o.kind === 'withdraw') {
        const { connection, participant } = clients[o.who]!;
        await synced(connection);
        const label = proposerLabel(participant);
        const candidates = listAmendments(editorDoc(connection.doc)).filter((a) => (a.delegation === label) === (o.kind === 'withdraw'));
        const target = candidates[o.pick % Math.max(1, candidates.length)];
        if (!target) continue;
        if (o.kind === 'support') connection.doc.getMap(SUPPORTERS).set(supporterKey(target.id, label), { author: participant.id, at: new Date().toISOString() });
        else {
          try {
            writeBack(connection.doc, applyDecisions(editorDoc(connection.doc), [{ action: 'reject', scope: { kind: 'amendment', id: target.id } }]).doc);
            withdrawn.add(target.id);
          } catch (error) {
            if (!(error instanceof DecisionError)) throw error;
          }
        }
        await synced(connection);
      } else if (o.kind === 'decide') {
        const pending = listAmendments(text);
        const target = pending[o.pick % Math.max(1, pending.length)];
        if (!target) continue;
        const scope = o.scope === 'amendment' ? { kind: 'amendment', id: target.id } : o.scope === 'paragraph' ? { kind: 'paragraph', pid: target.pid } : { kind: 'delegation', delegation: target.delegation };
        expect((await post(chair, '/decisions', { action: o.accept ? 'accept' : 'reject', scope })).status).toBe(200);
      } else if (o.kind === 'agree') {
        const pid = text.child(o.block % text.childCount).attrs.pid as string;
        expect([200, 409]).toContain((await post(chair, '/decisions', { action: 'status', pid, status: o.status })).status);
      } else if (o.kind === 'undo') {
        const undoable = [...new Set((await audit()).filter((r) => r.undoable).map((r) => r.decision))];
        const decision = undoable[o.pick % Math.max(1, undoable.length)];
        if (decision === undefined) continue;
        const answer = await post(chair, `/decisions/${decision}/undo`);
        expect([200, 409]).toContain(answer.status);
        // Refused: the words are gone, and nothing changed.
        if (answer.status === 409) expect((await stored()).eq(text)).toBe(true);
      } else if (o.kind === 'restore') {
        const revision = checkpoints[o.pick % Math.max(1, checkpoints.length)];
        if (!revision) continue;
        expect((await post(chair, `/revisions/${revision.ref}/restore`)).status).toBe(200);
      } else {
        const created = (await (await post(chair, '/revisions')).json()) as { id: string };
        checkpoints.push({ ref: created.id, lastDecision: await lastDecision(), directEdits });
      }
    }
    for (const c of everyone) await synced(c);
    const log = await audit();
    const states = [...checkpoints, { ref: 'live', lastDecision: await lastDecision(), directEdits }];
    for (let i = 0; i < states.length; i++) {
      for (let j = i + 1; j < states.length; j++) {
        const [older, newer] = [states[i]!, states[j]!];
        const comparison = (await (await api(server, chair, `${path}/compare?from=${older.ref}&to=${newer.ref}`)).json()) as Comparison;
        checkComparison(comparison, log.filter((r) => r.decision > older.lastDecision && r.decision <= newer.lastDecision), newer.directEdits > older.directEdits, withdrawn);
      }
    }
    await checkAgreedExport(server, chair, path, agreedView(await stored()));
  } finally {
    for (const c of everyone) c.destroy();
  }
}

function checkComparison(comparison: Comparison, between: AuditRecord[], editedBetween: boolean, withdrawn: ReadonlySet<string>): void {
  const decisions = new Map<number, AuditRecord[]>();
  for (const row of between) decisions.set(row.decision, [...(decisions.get(row.decision) ?? []), row]);
  for (const paragraph of comparison.paragraphs) {
    if (paragraph.change === 'inserted' || paragraph.change === 'removed') expect(paragraph.segments.map((s) => s.text).join('').trim()).not.toBe('');
    for (const segment of paragraph.segments) {
      if (segment.change === 'same') continue;
      const a = segment.attribution!;
      if (a.how === 'edited') {
        expect({ editedBetween, by: a.by }).toEqual({ editedBetween: true, by: secretariat.participant.name });
        continue;
      }
      const rows = decisions.get(a.decision ?? -1);
      expect(rows, `${segment.change} “${segment.text}” credited to decision ${a.decision}, not between the two`).toBeDefined();
      const actions = rows!.map((r) => r.action);
      if (a.how === 'accepted') expect(a.amendmentId === null || rows!.some((r) => r.action === 'accepted' && r.amendmentId === a.amendmentId)).toBe(true);
      else if (a.how === 'restored') expect(rows![0]).toMatchObject({ action: 'restored', detail: a.detail });
      else expect([a.how, actions[0]]).toEqual(['undone', 'undone']);
    }
  }
  const ids = (action: string) => [...new Set(between.filter((r) => r.action === action && r.amendmentId).map((r) => r.amendmentId!))].sort();
  expect(comparison.summary.accepted.map((r) => r.id).sort()).toEqual(ids('accepted'));
  expect(comparison.summary.rejected.map((r) => r.id).sort()).toEqual(ids('rejected'));
  for (const r of comparison.summary.withdrawn) expect(withdrawn.has(r.id), `${r.id} called withdrawn`).toBe(true);
  const setAside = new Set(between.filter((r) => r.amendmentId && (r.action === 'restored' || r.action === 'undone')).map((r) => r.amendmentId!));
  for (const r of comparison.summary.setAside ?? []) expect(setAside.has(r.id)).toBe(true);
}

/** The agreed export (HTML) holds each paragraph of the agreed view, with its words, and no other. */
async function checkAgreedExport(server: TestServer, cookie: string, path: string, agreed: import('@tiptap/pm/model').Node): Promise<void> {
  const html = await (await api(server, cookie, `${path}/export?format=html&variant=agreed`)).text();
  const { document } = parseHTML(html);
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  const expected = new Map<string, string>();
  agreed.descendants((node) => {
    if (node.isTextblock && typeof node.attrs.pid === 'string' && flat(node.textContent) !== '') expected.set(node.attrs.pid, flat(node.textContent));
    return !node.isTextblock;
  });
  const exported = new Map([...document.querySelectorAll('[data-pid]')].map((e) => [e.getAttribute('data-pid')!, flat(e.textContent ?? '')]));
  expect([...exported.keys()].filter((pid) => exported.get(pid) !== '').sort()).toEqual([...expected.keys()].sort());
  for (const [pid, text] of expected) expect(exported.get(pid)!.endsWith(text), `${pid}: “${exported.get(pid)}” for “${text}”`).toBe(true);
}

describe('random negotiations, told as they happened', () => {
  it(`every comparison credits each change to what the audit log says made it; the agreed export is the agreed view (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 8, maxLength: 30 }), run), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 300_000);
});
