import { Hono } from 'hono';
import { z } from 'zod';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { EXPORT_FORMATS, EXPORT_VARIANTS, exportComparison, exportDocument, PdfRendererUnavailable, type ExportedFile } from '../export/index.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { validate } from '../http/validation.ts';
import type { AuditRecord, Store } from '../store/store.ts';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { exportSources } from '../calls/export-sources.ts';
import { compareStates, resolveState } from './revisions.ts';
import { languageSchema, type Language } from '../../shared/i18n/languages.ts';
import { requestLanguage } from '../http/request-language.ts';
import { translate } from '../../shared/i18n/translate.ts';

const exportQuerySchema = z
  .object({
    // Worded as every route's inputs are, after the field's name; translated by validate().
    format: z.enum(EXPORT_FORMATS, { message: `the file’s format, one of ${EXPORT_FORMATS.join(', ')}` }),
    variant: z.enum(EXPORT_VARIANTS, { message: `the text to export, one of ${EXPORT_VARIANTS.join(', ')}` }),
    revision: z.string().uuid('a revision’s id, or nothing for the text as it stands').optional(),
    // The language of the file's own words; without it, the one the request asks for.
    lang: languageSchema.optional(),
  })
  .strict();

/** A state to compare: a revision, or `live`; what zod says of the branch that failed would not say so. */
const stateSchema = z.string().refine((value) => value === 'live' || z.uuid().safeParse(value).success, 'a revision’s id, or live for the text as it stands');

const comparisonQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS, { message: `the file’s format, one of ${EXPORT_FORMATS.join(', ')}` }),
    from: stateSchema,
    to: stateSchema,
    lang: languageSchema.optional(),
  })
  .strict();

/**
 * The languages of an export: the text's own (its lang tag, Word's document language), and the
 * language of the file's fixed words ("Agreed text", "Proposed by", the comparison's labels).
 * A language version is the text in that language, published as such with an "Original: …"
 * line: its fixed words are in its language whoever exports it. An original's (or a text with
 * no recorded language) are in the language asked for, the participant's.
 */
async function exportLanguages(store: Store, documentId: string, asked: Language): Promise<{ language: Language; textLanguage?: Language; originalLanguage?: Language }> {
  const own = await store.documentLanguage(documentId);
  if (!own) return { language: asked };
  if (!own.originalId) return { language: asked, textLanguage: own.language };
  const original = (await store.documentLanguage(own.originalId))?.language ?? 'en';
  return { language: own.language, textLanguage: own.language, originalLanguage: original };
}

/** When each paragraph was last agreed ad referendum, for the export's footnotes. */
function adReferendumDates(audit: AuditRecord[]): Map<string, Date> {
  const dates = new Map<string, Date>();
  for (const entry of audit) if (entry.action === 'status' && entry.status === 'adref' && entry.pid) dates.set(entry.pid, new Date(entry.at));
  return dates;
}

function download(file: ExportedFile): Response {
  return new Response(file.body as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    },
  });
}

/**
 * GET /api/documents/:id/export?format&variant&revision — the agreed or compilation text, live
 * or of a revision; GET /api/documents/:id/compare/export?from&to&format — a comparison, in
 * Word as tracked changes.
 */
export function exportRoutes(store: Store, documents: Documents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/export', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const query = validate(c, exportQuerySchema, c.req.query());
      if (!query.ok) return query.response;
      const { format, variant, revision } = query.value;
      const languages = await exportLanguages(store, document.value.id, query.value.lang ?? requestLanguage(c));
      const found = await documents.use(document.value.id, (handle) => readCopy(handle, (live) => resolveState(store, live, document.value.id, revision ?? 'live')));
      if (!found) return c.json({ error: 'no such revision' }, 404);
      const meta = { title: document.value.title, symbol: document.value.symbol, revisionLabel: found.revision?.name, generatedAt: new Date(), documentId: document.value.id, ...languages };
      try {
        return download(
          await exportDocument(found.state.doc, {
            format, variant, meta, supporters: found.state.supporters, adReferendumDates: adReferendumDates(await store.listAudit(document.value.id)),
            sources: await exportSources(store, document.value.id, c.get('participant')),
          }),
        );
      } catch (error) {
        if (error instanceof PdfRendererUnavailable) return c.json({ error: error.message }, 503);
        throw error;
      }
    })
    .get('/:id/compare/export', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const query = validate(c, comparisonQuerySchema, c.req.query());
      if (!query.ok) return query.response;
      const comparison = await compareStates(store, documents, document.value.id, query.value.from, query.value.to);
      if (!comparison) return c.json({ error: 'no such revision' }, 404);
      // Tagged and worded like an export of the text itself: a comparison of a version is in its language.
      const languages = await exportLanguages(store, document.value.id, query.value.lang ?? requestLanguage(c));
      const meta = { title: document.value.title, symbol: document.value.symbol, generatedAt: new Date(), ...languages };
      // The live text is named in the file's language; a revision by its own name.
      const live = translate(meta.language, 'doc.compare.live');
      if (query.value.from === 'live') comparison.from = { ...comparison.from, label: live };
      if (query.value.to === 'live') comparison.to = { ...comparison.to, label: live };
      try {
        return download(await exportComparison(comparison, { format: query.value.format, meta }));
      } catch (error) {
        if (error instanceof PdfRendererUnavailable) return c.json({ error: error.message }, 503);
        throw error;
      }
    });
}
