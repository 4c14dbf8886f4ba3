import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as Y from 'yjs';
import { z } from 'zod';
import { agreedFingerprints } from '../../shared/i18n/language-versions.ts';
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, languageSchema } from '../../shared/i18n/languages.ts';
import { agreedView } from '../../shared/negotiation/decisions.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { uploadForm } from '../http/validation.ts';
import { ImportError, MAX_IMPORT_BYTES, precheckDocx } from '../import/docx-import.ts';
import { DocxImporter, ImportBusy } from '../import/import-runner.ts';
import { textState } from '../revisions/revision-text.ts';
import type { Store } from '../store/store.ts';
import { documentStateFromContent } from '../sync/document-state.ts';

/** Its body is a Word file: the app exempts it from the JSON body limit, as the other imports. */
export const LANGUAGE_IMPORT_PATH = /^\/api\/documents\/[^/]+\/languages\/import$/;

const fieldsSchema = z.object({ language: languageSchema, title: z.string().trim().min(1).max(300).optional() }).strict();

/** The paragraphs and headings of a text in reading order. */
function textblocks(doc: PMNode): PMNode[] {
  const out: PMNode[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) out.push(node);
    return !node.isTextblock;
  });
  return out;
}

/**
 * The original's structure, ids, kinds and statuses with the translation's words: the n-th
 * paragraph of the Word file becomes the n-th paragraph of the original, in the same JSON walk
 * order as `textblocks`.
 */
function withWords(original: JSONContent, words: readonly PMNode[]): JSONContent {
  let next = 0;
  const walk = (node: JSONContent): JSONContent => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const content = words[next++]!.toJSON() as JSONContent;
      return { ...node, ...(content.content ? { content: content.content } : { content: undefined }) };
    }
    return node.content ? { ...node, content: node.content.map(walk) } : node;
  };
  return walk(original);
}

/**
 * POST /api/documents/:id/languages/import (multipart: file, language, title) — a language
 * version from a Word translation of the original, aligned paragraph by paragraph: the file must
 * have as many paragraphs as the original's agreed text, and its n-th takes the original's n-th
 * id and number. The translation is taken as up to date with the original as it stands.
 */
export function languageImportRoutes(store: Store, documents: Documents, importer = new DocxImporter()) {
  return new Hono<{ Variables: SessionVariables }>().post(
    '/:id/languages/import',
    requireSession(store),
    bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: (c) => c.json({ error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }, 413) }),
    async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat add language versions' }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const upload = await uploadForm(c, fieldsSchema);
      if (!upload.ok) return upload.response;
      const { file, fields: body } = upload.value;

      const own = await store.documentLanguage(document.value.id);
      if (own?.originalId) return c.json({ error: 'a version is made from the original, not from another version' }, 409);
      const originalLanguage = own?.language ?? DEFAULT_LANGUAGE;
      const taken = [originalLanguage, ...(await store.languageVersions(document.value.id)).map((v) => v.language)];
      if (taken.includes(body.language)) return c.json({ error: `the text already has a version in ${body.language}` }, 409);

      let translated: PMNode;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        precheckDocx(bytes);
        const state = await importer.convert(bytes);
        const ydoc = new Y.Doc();
        Y.applyUpdate(ydoc, state.update);
        translated = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(TEXT_FIELD), documentSchema());
        ydoc.destroy();
      } catch (error) {
        if (error instanceof ImportError) return c.json({ error: error.message }, 400);
        if (error instanceof ImportBusy) return c.json({ error: error.message }, 503);
        throw error;
      }

      const original = agreedView(await documents.use(document.value.id, (handle) => readCopy(handle, (live) => textState(live).doc)));
      const words = textblocks(translated);
      const expected = textblocks(original).length;
      if (words.length !== expected) {
        return c.json({ error: `the Word file has ${words.length} paragraphs where the original has ${expected}: a version is aligned paragraph by paragraph` }, 400);
      }
      const content = withWords(original.toJSON() as JSONContent, words);
      const state = documentStateFromContent(content);
      const { title, symbol, kind, restricted } = document.value;
      const versionTitle = body.title ?? `${title} \u2014 ${LANGUAGE_NAMES[body.language]}`;
      const created = await store.createDocument({ title: versionTitle.slice(0, 300), symbol, kind, restricted }, state.update, state.clients);
      await store.setDocumentLanguage(document.value.id, originalLanguage, null);
      await store.setDocumentLanguage(created.id, body.language, document.value.id);
      // Translated from the original as it stands: aligned from the start.
      const source = agreedFingerprints(original);
      const mine = agreedFingerprints(documentSchema().nodeFromJSON(content));
      await store.alignParagraphs(created.id, [...mine].flatMap(([pid, ownHash]) => (source.has(pid) ? [{ pid, sourceHash: source.get(pid)!, ownHash }] : [])), c.get('participant').id);
      return c.json(created, 201);
    },
  );
}
