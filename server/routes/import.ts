import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { documentKindSchema } from '../../shared/documents.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { uploadForm } from '../http/validation.ts';
import { ImportError, MAX_IMPORT_BYTES, precheckDocx } from '../import/docx-import.ts';
import { DocxImporter, ImportBusy } from '../import/import-runner.ts';
import type { Store } from '../store/store.ts';

const importFieldsSchema = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(300),
    symbol: z.string().trim().max(120).default(''),
    kind: documentKindSchema.default('other'),
  })
  .strict();

/** POST /api/documents/import (multipart: file, title, symbol, kind): a document from a Word zero draft. */
export function importRoutes(store: Store, importer = new DocxImporter()) {
  return new Hono<{ Variables: SessionVariables }>().post(
    '/import',
    requireSession(store),
    bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: (c) => c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413) }),
    async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat create documents' }, 403);
      const upload = await uploadForm(c, importFieldsSchema);
      if (!upload.ok) return upload.response;
      const { file, fields: meta } = upload.value;
      if (file.size > MAX_IMPORT_BYTES) return c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413);
      let state;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        precheckDocx(bytes);
        state = await importer.convert(bytes);
      } catch (error) {
        if (error instanceof ImportError) return c.json({ error: error.message }, 400);
        if (error instanceof ImportBusy) return c.json({ error: error.message }, 503);
        throw error;
      }
      return c.json(await store.createDocument({ ...meta, restricted: false }, state.update, state.clients), 201);
    },
  );
}
