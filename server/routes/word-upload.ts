import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { mayEditDocument, roleOnDocument } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { uploadForm, type Parsed } from '../http/validation.ts';
import { ImportError, MAX_IMPORT_BYTES, precheckDocx } from '../import/docx-import.ts';
import { DocxImporter, ImportBusy } from '../import/import-runner.ts';
import { textState } from '../revisions/revision-text.ts';
import type { Store } from '../store/store.ts';
import { ChangeRefused } from '../sync/room.ts';
import { PlanNotApplicable } from '../word/apply-plan.ts';
import { WrongDocument } from '../word/placement.ts';
import { PlanChanged, previewWordChanges } from '../word/word-amendments.ts';
import type { WordReading } from '../word/word-reading.ts';

const fieldsSchema = z.object({ confirm: z.string().regex(/^[0-9a-f]{32}$/, 'confirm: the digest of the preview being confirmed').optional() }).strict();

/**
 * Participants with a Word file being read: one at a time each, so that nobody fills the import
 * threads' few places in the queue (and so refuses everyone else's files) by sending many at once.
 */
const beingRead = new Set<string>();

/**
 * A Word file sent to the API by `participantId`, read on the import thread (word-reading.ts);
 * a 400 (413, 429, 503) with the reason for a file that is none, is encrypted, too large, a bomb
 * or has a DTD, or while another of the participant's files is being read.
 */
export async function readUploadedWord(c: Context, file: File, importer: DocxImporter, participantId: string): Promise<Parsed<WordReading>> {
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, response: c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413) };
  if (beingRead.has(participantId)) return { ok: false, response: c.json({ error: 'a file of yours is still being read: wait for its answer before sending another' }, 429) };
  beingRead.add(participantId);
  try {
    return await readWord(c, file, importer);
  } finally {
    beingRead.delete(participantId);
  }
}

async function readWord(c: Context, file: File, importer: DocxImporter): Promise<Parsed<WordReading>> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (COMPOUND_FILE.every((b, i) => bytes[i] === b)) {
    return { ok: false, response: c.json({ error: 'the file is password-protected (encrypted), or an old Word 97\u20132003 .doc: save it in Word as a .docx without a password' }, 400) };
  }
  try {
    precheckDocx(bytes);
    return { ok: true, value: await importer.readWord(bytes) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, response: c.json({ error: error.message }, 400) };
    if (error instanceof ImportBusy) return { ok: false, response: c.json({ error: error.message }, 503) };
    throw error;
  }
}

/** An OLE compound file: how Word stores a password-protected .docx (and the old .doc). */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The routes that take a Word file rather than the API's small JSON bodies: this one, and a
 * contribution sent as a Word file (calls.ts).
 */
export const WORD_UPLOAD_PATH = /^\/api\/(?:documents\/[^/]+\/word|calls\/[^/]+\/contributions\/word)$/;

/**
 * POST /api/documents/:id/word (multipart: file[, confirm]) — the Word round trip (issue 16).
 * Without `confirm`: 200 the preview, what the file would propose where and what could not be
 * placed and why, with its digest; nothing is made. With `confirm` = that digest: 201 the
 * amendments made, all of the uploader's, in one committed update; 409 if the text changed so
 * that the plan is no longer the previewed one. Any participant who may propose on the
 * document may upload; the file is read on the import thread, within the import's bounds.
 */
export function wordUploadRoutes(store: Store, documents: Documents, importer: DocxImporter) {
  return new Hono<{ Variables: SessionVariables }>().post(
    '/:id/word',
    requireSession(store),
    bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: (c) => c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413) }),
    async (c) => {
      const participant = c.get('participant');
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const proposes = participant.role === 'organization' && (await store.proposingOrganizations(document.value.id)).includes(participant.delegation ?? '');
      if (!mayEditDocument(roleOnDocument(participant.role, proposes))) {
        return c.json({ error: participant.role === 'organization' ? 'an organization proposes amendments only on documents where the Chair allows it' : 'observers follow the text but cannot propose amendments' }, 403);
      }
      const upload = await uploadForm(c, fieldsSchema);
      if (!upload.ok) return upload.response;
      const { file, fields: meta } = upload.value;
      const reading = await readUploadedWord(c, file, importer, participant.id);
      if (!reading.ok) return reading.response;
      const read = reading.value;
      try {
        return await documents.use(document.value.id, async (handle) => {
          if (!meta.confirm) {
            const preview = await readCopy(handle, (live) => previewWordChanges(read, textState(live).doc, document.value.id));
            return c.json(preview);
          }
          const created = await handle.amendFromWord(participant, read, meta.confirm);
          return c.json({ created: created.map(({ amendmentId, proposal }) => ({ amendmentId, pid: proposal.pid, shape: proposal.shape, inserted: proposal.inserted, deleted: proposal.deleted })) }, 201);
        });
      } catch (error) {
        if (error instanceof WrongDocument) return c.json({ error: error.message }, 400);
        if (error instanceof PlanChanged || error instanceof PlanNotApplicable) return c.json({ error: error.message }, 409);
        // Past the document's or the delegation's bounds, as the same change typed would be.
        if (error instanceof ChangeRefused) return c.json({ error: error.message }, 413);
        throw error;
      }
    },
  );
}
