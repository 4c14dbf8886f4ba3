import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { mayOpenDocument } from '../../shared/access.ts';
import { compilationSchema, contributionRefusal, contributionSchema, lateSchema, newCallSchema, visibleContributions, type CallRecord, type ContributionRecord } from '../../shared/calls.ts';
import { compilationProblem, compiledContent } from '../calls/compile.ts';
import { documentStateFromContent, restoreDocument } from '../sync/document-state.ts';
import { textState } from '../revisions/revision-text.ts';
import { isDelegationCode } from '../../shared/delegations.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { jsonBody, validate, type Parsed } from '../http/validation.ts';
import { MAX_IMPORT_BYTES } from '../import/docx-import.ts';
import type { DocxImporter } from '../import/import-runner.ts';
import type { Store } from '../store/store.ts';
import type { WordReading } from '../word/word-reading.ts';
import { readUploadedWord } from './word-upload.ts';
import { workingCopyRoutes } from './working-copies.ts';
import { callToContribute, contributionRefused, findCall, type SessionContext } from '../calls/call-access.ts';
import type { Documents } from '../documents/document-handle.ts';

const OFFICERS_ONLY = 'only the Chair and the Secretariat run calls for contributions';

/**
 * Calls for contributions (issue 16; the rules in shared/calls.ts).
 *
 *   GET    /api/documents/:id/calls               200 CallRecord[]
 *   POST   /api/documents/:id/calls NewCall       201 CallRecord                 (chair, secretariat)
 *   GET    /api/calls/:id                         200 {call, contributions} (those the caller may read)
 *   POST   /api/calls/:id/contributions {body}    201 ContributionRecord (its party's, replacing its standing one)
 *                                                 403 not invited | 409 deadline passed and not accepted as late
 *   POST   /api/calls/:id/contributions/word (multipart: file)   201 the same, its text read from a Word file
 *   DELETE /api/calls/:id/contributions           204 (its party's standing one withdrawn) | 404 none | 409 deadline
 *   POST   /api/calls/:id/late {party}            200 CallRecord (the party may contribute late) (chair, secretariat)
 *   POST   /api/calls/:id/publish                 200 CallRecord (everyone reads the contributions) (chair, secretariat)
 *   POST   /api/calls/:id/compilation Compilation 201 DocumentSummary: the consolidated draft, restricted (chair, secretariat)
 *   POST   /api/calls/:id/working-copy               201 DocumentSummary: its party's private copy of the text (200: the one it has)
 *   GET    /api/calls/:id/working-copy               200 DocumentSummary | 404 (its party's)
 *   POST   /api/calls/:id/contributions/working-copy 201 ContributionRecord: the amendments of its party's working copy
 *          (server/routes/working-copies.ts)
 *   GET    /api/documents/:id/sources             200 {call, paragraphs: {pid: parties}, contributions} | 404 not compiled
 *          (contributions, the annex: the standing ones, for the officers or once published)
 */
export function documentCallRoutes(store: Store) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/calls', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      return c.json(await store.listCalls(document.value.id));
    })
    .post('/:id/calls', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: OFFICERS_ONLY }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const body = await jsonBody(c, newCallSchema);
      if (!body.ok) return body.response;
      const now = new Date();
      if (Date.parse(body.value.deadline) <= now.getTime()) return c.json({ error: 'the deadline must be in the future' }, 400);
      const unknown = [];
      for (const party of body.value.invitees) if (!isDelegationCode(party) && !(await store.getOrganization(party))) unknown.push(party);
      if (unknown.length > 0) return c.json({ error: `no organization recorded with the code ${unknown.join(', ')}` }, 400);
      return c.json(await store.createCall(document.value.id, body.value, c.get('participant').id, now.toISOString()), 201);
    })
    .get('/:id/sources', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const sources = await store.documentSources(document.value.id);
      const call = sources ? await store.getCall(sources.callId) : null;
      if (!sources || !call) return c.json({ error: 'this document was not compiled from contributions' }, 404);
      const annex = managesWorkspace(c.get('participant').role) || call.publishedAt !== null;
      const contributions = annex ? (await store.listContributions(call.id)).filter((x) => x.withdrawnAt === null) : [];
      // Each sourced paragraph's first words, as the stored text has them, so the sources can be listed by paragraph.
      const stored = restoreDocument(await store.loadDocumentState(document.value.id));
      const words: Record<string, string> = {};
      try {
        textState(stored).doc.descendants((node) => {
          const pid = node.attrs.pid as string | undefined;
          if (node.isTextblock && pid && sources.paragraphs[pid]) words[pid] = node.textContent.slice(0, 80);
          return !node.isTextblock;
        });
      } finally {
        stored.destroy();
      }
      // In the text's order, which is how they are read.
      const paragraphs = Object.fromEntries([...Object.keys(words), ...Object.keys(sources.paragraphs)].map((pid) => [pid, sources.paragraphs[pid]!]));
      return c.json({ call, paragraphs, words, contributions: contributions.map(({ party, submittedAt, late }) => ({ party, submittedAt, late })) });
    });
}

/** A Word contribution's text: its paragraphs as they read with their tracked changes accepted. */
export function contributionText(reading: WordReading): string {
  return reading.paragraphs
    .map((p) => p.segments.filter((s) => s.kind !== 'del' && !s.struck).map((s) => s.text).join('').replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

export function callRoutes(store: Store, importer: DocxImporter, documents: Documents) {
  const callOf = (c: SessionContext) => findCall(c, store);
  const refused = contributionRefused;
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id', async (c) => {
      const call = await callOf(c);
      if (!call.ok) return call.response;
      return c.json({ call: call.value, contributions: visibleContributions(call.value, await store.listContributions(call.value.id), c.get('participant')) });
    })
    .post('/:id/contributions', async (c) => {
      const contributing = await callToContribute(c, store);
      if (!contributing.ok) return contributing.response;
      const { call, party } = contributing.value;
      const body = await jsonBody(c, contributionSchema);
      if (!body.ok) return body.response;
      const now = new Date();
      const late = now.getTime() > Date.parse(call.deadline);
      const participant = c.get('participant');
      return c.json(await store.submitContribution(call.id, party, participant.id, body.value.body, late, now.toISOString()), 201);
    })
    .post(
      '/:id/contributions/word',
      bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: (c) => c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413) }),
      async (c) => {
        const contributing = await callToContribute(c, store);
        if (!contributing.ok) return contributing.response;
        const { call, party } = contributing.value;
        let form: Record<string, string | File>;
        try {
          form = (await c.req.parseBody()) as Record<string, string | File>;
        } catch {
          return c.json({ error: 'send the file as multipart/form-data' }, 400);
        }
        if (!(form.file instanceof File) || Object.keys(form).length !== 1) return c.json({ error: 'file: a .docx file is required, and nothing else' }, 400);
        const reading = await readUploadedWord(c, form.file, importer, c.get('participant').id);
        if (!reading.ok) return reading.response;
        const body = contributionSchema.safeParse({ body: contributionText(reading.value) });
        if (!body.success) return c.json({ error: body.error.issues.map((i) => i.message).join('; ') }, 400);
        // Reading took time: the deadline is checked again at the moment of submission.
        const tooLate = refused(c, call);
        if (tooLate) return tooLate;
        const now = new Date();
        const participant = c.get('participant');
        const late = now.getTime() > Date.parse(call.deadline);
        return c.json(await store.submitContribution(call.id, party, participant.id, body.data.body, late, now.toISOString()), 201);
      },
    )
    .delete('/:id/contributions', async (c) => {
      const contributing = await callToContribute(c, store);
      if (!contributing.ok) return contributing.response;
      const { call, party } = contributing.value;
      const withdrawn = await store.withdrawContribution(call.id, party, new Date().toISOString());
      return withdrawn ? c.body(null, 204) : c.json({ error: 'there is no contribution of yours to withdraw' }, 404);
    })
    .post('/:id/late', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: OFFICERS_ONLY }, 403);
      const call = await callOf(c);
      if (!call.ok) return call.response;
      const body = await jsonBody(c, lateSchema);
      if (!body.ok) return body.response;
      if (!(await store.allowLateContribution(call.value.id, body.value.party, c.get('participant').id, new Date().toISOString()))) {
        return c.json({ error: `${body.value.party} is not invited to this call` }, 400);
      }
      return c.json(await store.getCall(call.value.id));
    })
    .post('/:id/compilation', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: OFFICERS_ONLY }, 403);
      const call = await callOf(c);
      if (!call.ok) return call.response;
      const body = await jsonBody(c, compilationSchema);
      if (!body.ok) return body.response;
      // A source is a party whose contribution stands: the draft's sources are what was received.
      const standing = new Map<string, ContributionRecord>();
      for (const x of await store.listContributions(call.value.id)) if (x.withdrawnAt === null) standing.set(x.party, x);
      const problem = compilationProblem(body.value, standing);
      if (problem) return c.json({ error: problem }, 400);
      const source = await store.getDocument(call.value.documentId);
      const { content, sources } = compiledContent(body.value, standing);
      const state = documentStateFromContent(content);
      const participant = c.get('participant');
      const draft = await store.createDocument({ title: body.value.title, symbol: body.value.symbol, kind: source?.kind ?? 'other', restricted: true }, state.update, state.clients, {
        callId: call.value.id, compiledBy: participant.id, sources,
      });
      return c.json(draft, 201);
    })
    .post('/:id/publish', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: OFFICERS_ONLY }, 403);
      const call = await callOf(c);
      if (!call.ok) return call.response;
      return c.json(await store.publishCall(call.value.id, new Date().toISOString()));
    })
    .route('/', workingCopyRoutes(store, documents));
}
