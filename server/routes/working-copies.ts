import { Hono } from 'hono';
import { contributionSchema, partyOf } from '../../shared/calls.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { agreedView } from '../../shared/negotiation/views.ts';
import { workingCopyBody, workingCopyParagraphs } from '../../shared/working-copy.ts';
import type { SessionVariables } from '../auth/session.ts';
import { callToContribute, contributionRefused, findCall } from '../calls/call-access.ts';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { requestLanguage } from '../http/request-language.ts';
import { textState } from '../revisions/revision-text.ts';
import type { Store } from '../store/store.ts';
import { documentStateFromContent } from '../sync/document-state.ts';

/**
 * Working copies (issue 16): a party invited to a call proposes its contribution in the app, on
 * its own private copy of the call's text, with the ordinary editor, so what it types there is
 * its amendments as everywhere; submitting the copy makes those amendments its contribution
 * (shared/working-copy.ts). Who may open the copy is shared/access.ts's rule, which every route
 * to a document applies. Mounted under /api/calls by callRoutes, behind its session check.
 *
 *   POST /:id/working-copy               201 DocumentSummary (made now) | 200 (the one the party has)
 *                                        403 not a party or not invited | 409 deadline passed, not accepted as late
 *   GET  /:id/working-copy               200 DocumentSummary | 404 the party has none
 *   POST /:id/contributions/working-copy 201 ContributionRecord: the copy's amendments, by paragraph, as they stand now
 *                                        (replacing the party's standing contribution) | 400 nothing proposed | 404 no copy
 */
export function workingCopyRoutes(store: Store, documents: Documents) {
  return new Hono<{ Variables: SessionVariables }>()
    .post('/:id/working-copy', async (c) => {
      const contributing = await callToContribute(c, store);
      if (!contributing.ok) return contributing.response;
      const { call, party } = contributing.value;
      const participant = c.get('participant');
      const existing = await store.findWorkingCopy(call.id, party);
      if (existing) return c.json(existing, 200);
      const source = (await store.getDocument(call.documentId))!;
      // The text as it stands with nothing pending: the party's brackets are then the only ones in its copy.
      const content = await documents.use(source.id, (handle) => readCopy(handle, (live) => agreedView(textState(live).doc).toJSON()));
      const state = documentStateFromContent(content);
      const title = translate(requestLanguage(c), 'workingCopy.documentTitle', { party, title: source.title }).slice(0, 300);
      const { document, created } = await store.createWorkingCopy(
        { callId: call.id, party, createdBy: participant.id, organization: participant.role === 'organization' },
        { title, symbol: source.symbol, kind: source.kind, restricted: true },
        state.update,
        state.clients,
      );
      if (created) {
        const language = await store.documentLanguage(source.id);
        if (language) await store.setDocumentLanguage(document.id, language.language, null);
      }
      return c.json(document, created ? 201 : 200);
    })
    .get('/:id/working-copy', async (c) => {
      const call = await findCall(c, store);
      if (!call.ok) return call.response;
      const party = partyOf(c.get('participant'));
      const copy = party ? await store.findWorkingCopy(call.value.id, party) : null;
      return copy ? c.json(copy) : c.json({ error: 'you have no working copy for this call' }, 404);
    })
    .post('/:id/contributions/working-copy', async (c) => {
      const contributing = await callToContribute(c, store);
      if (!contributing.ok) return contributing.response;
      const { call, party } = contributing.value;
      const participant = c.get('participant');
      const copy = await store.findWorkingCopy(call.id, party);
      if (!copy) return c.json({ error: 'you have no working copy for this call: open one and propose in it first' }, 404);
      const paragraphs = await documents.use(copy.id, (handle) => readCopy(handle, (live) => workingCopyParagraphs(textState(live).doc, party)));
      if (paragraphs.length === 0) return c.json({ error: 'your working copy proposes nothing yet: propose your amendments in it, then submit it' }, 400);
      // Reading the copy took time: the deadline is checked again at the moment of submission.
      const tooLate = contributionRefused(c, call);
      if (tooLate) return tooLate;
      const now = new Date();
      const late = now.getTime() > Date.parse(call.deadline);
      // A paragraph the party only deletes reads as nothing: the contribution still says which.
      const body = contributionSchema.safeParse({ body: workingCopyBody(paragraphs) || paragraphs.map((p) => p.pid).join(', ') });
      if (!body.success) return c.json({ error: body.error.issues.map((i) => i.message).join('; ') }, 400);
      return c.json(await store.submitContribution(call.id, party, participant.id, body.data.body, late, now.toISOString(), { documentId: copy.id, paragraphs }), 201);
    });
}
