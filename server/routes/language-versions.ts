import type { Node as PMNode } from '@tiptap/pm/model';
import { Hono } from 'hono';
import { mayOpenDocument } from '../../shared/access.ts';
import { agreedView } from '../../shared/negotiation/decisions.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedFingerprints, pendingTranslation, type DocumentLanguage, type ParagraphAlignment } from '../../shared/i18n/language-versions.ts';
import { alignedParagraphsSchema, newLanguageVersionSchema, type LanguageVersions, type VersionProposal } from '../../shared/i18n/language-versions-api.ts';
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES } from '../../shared/i18n/languages.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { jsonBody } from '../http/validation.ts';
import { textState } from '../revisions/revision-text.ts';
import type { Store } from '../store/store.ts';
import { documentStateFromContent } from '../sync/document-state.ts';

/** A document's language: as recorded, else an English original (every document before issue 17). */
async function languageOf(store: Store, documentId: string): Promise<DocumentLanguage> {
  return (await store.documentLanguage(documentId)) ?? { documentId, language: DEFAULT_LANGUAGE, originalId: null };
}

/** The live text as the editor has it, read from a copy (never through the live document). */
function liveText(documents: Documents, documentId: string): Promise<PMNode> {
  return documents.use(documentId, (handle) => readCopy(handle, (live) => textState(live).doc));
}

/**
 * /api/documents/:id/languages — the language versions of a text (issue 17):
 * GET the versions, the paragraphs pending translation in each and the amendments pending in
 * the others; POST a version in another language (the Chair and the Secretariat), made from
 * the original's agreed text with the same paragraph ids; POST …/aligned: the Secretariat's word
 * that paragraphs agree again.
 */
export function languageVersionRoutes(store: Store, documents: Documents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/languages', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const participant = c.get('participant');
      const own = await languageOf(store, document.value.id);
      const originalId = own.originalId ?? own.documentId;
      const family = [await languageOf(store, originalId), ...(await store.languageVersions(originalId))];
      const summaries = await Promise.all(family.map((v) => store.getDocument(v.documentId)));
      const open = family.flatMap((v, i) => (summaries[i] && mayOpenDocument(participant, summaries[i]) ? [{ ...v, title: summaries[i].title }] : []));
      const texts = new Map(await Promise.all(family.map(async (v) => [v.documentId, await liveText(documents, v.documentId)] as const)));
      const versions = await Promise.all(
        family.slice(1).map(async (v) => ({
          documentId: v.documentId,
          fingerprints: agreedFingerprints(texts.get(v.documentId)!),
          alignments: new Map((await store.paragraphAlignments(v.documentId)).map((a) => [a.pid, a])),
        })),
      );
      const pending = pendingTranslation({ documentId: originalId, fingerprints: agreedFingerprints(texts.get(originalId)!) }, versions);
      const visible = new Set(open.map((v) => v.documentId));
      const proposals: VersionProposal[] = family
        .filter((v) => v.documentId !== own.documentId && visible.has(v.documentId))
        .flatMap((v) =>
          listAmendments(texts.get(v.documentId)!).flatMap((a) =>
            a.pid ? [{ documentId: v.documentId, language: v.language, pid: a.pid, id: a.id, delegation: a.delegation, shape: a.shape, inserted: a.inserted, deleted: a.deleted }] : [],
          ),
        );
      const answer: LanguageVersions = {
        documentId: own.documentId,
        language: own.language,
        originalId,
        versions: open.map(({ documentId, language, title }) => ({ documentId, language, title })),
        pending: Object.fromEntries([...pending].filter(([id]) => visible.has(id))),
        proposals,
      };
      return c.json(answer);
    })
    // The agreed text of one version, for reading it beside another, paragraph by paragraph.
    .get('/:id/languages/text', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const own = await languageOf(store, document.value.id);
      return c.json({ documentId: own.documentId, language: own.language, content: agreedView(await liveText(documents, own.documentId)).toJSON() });
    })
    .post('/:id/languages', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat add language versions' }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const body = await jsonBody(c, newLanguageVersionSchema);
      if (!body.ok) return body.response;
      const original = await languageOf(store, document.value.id);
      if (original.originalId) return c.json({ error: 'a version is made from the original, not from another version' }, 409);
      const originalLanguage = (await store.documentLanguage(original.documentId)) ? original.language : (body.value.originalLanguage ?? original.language);
      const taken = [originalLanguage, ...(await store.languageVersions(original.documentId)).map((v) => v.language)];
      if (taken.includes(body.value.language)) return c.json({ error: `the text already has a version in ${body.value.language}` }, 409);
      // The translators start from the agreed text, paragraph for paragraph, ids and all: that is the alignment.
      const agreed = agreedView(await liveText(documents, original.documentId));
      const state = documentStateFromContent(agreed.toJSON());
      const { title, symbol, kind, restricted } = document.value;
      // Until the translators title it, the version is told apart from its original by its language's own name.
      const versionTitle = body.value.title ?? `${title} \u2014 ${LANGUAGE_NAMES[body.value.language]}`;
      const created = await store.createDocument({ title: versionTitle.slice(0, 300), symbol, kind, restricted }, state.update, state.clients);
      await store.setDocumentLanguage(original.documentId, originalLanguage, null);
      await store.setDocumentLanguage(created.id, body.value.language, original.documentId);
      return c.json(created, 201);
    })
    .post('/:id/languages/aligned', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat align language versions' }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const body = await jsonBody(c, alignedParagraphsSchema);
      if (!body.ok) return body.response;
      const own = await languageOf(store, document.value.id);
      const originalId = own.originalId ?? own.documentId;
      const source = agreedFingerprints(await liveText(documents, originalId));
      const by = c.get('participant').id;
      if (own.originalId) {
        // A version's paragraphs now say what the original's say.
        const mine = agreedFingerprints(await liveText(documents, own.documentId));
        const aligned: ParagraphAlignment[] = body.value.pids.flatMap((pid) => (source.has(pid) && mine.has(pid) ? [{ pid, sourceHash: source.get(pid)!, ownHash: mine.get(pid)! }] : []));
        await store.alignParagraphs(own.documentId, aligned, by);
        return c.json({ aligned: aligned.map((a) => a.pid) });
      }
      // The original took in what a version changed: each version's change is accounted for, but
      // the original has changed too, so every version's paragraph waits for its own update.
      for (const version of await store.languageVersions(originalId)) {
        const theirs = agreedFingerprints(await liveText(documents, version.documentId));
        const before = new Map((await store.paragraphAlignments(version.documentId)).map((a) => [a.pid, a]));
        const aligned = body.value.pids.flatMap((pid) => (theirs.has(pid) ? [{ pid, sourceHash: before.get(pid)?.sourceHash ?? '', ownHash: theirs.get(pid)! }] : []));
        await store.alignParagraphs(version.documentId, aligned, by);
      }
      return c.json({ aligned: body.value.pids.filter((pid) => source.has(pid)) });
    });
}
