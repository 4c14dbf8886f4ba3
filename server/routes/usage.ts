import { Hono } from 'hono';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { accessibleDocument } from '../http/document-access.ts';
import type { Store } from '../store/store.ts';
import type { SyncLimits } from '../sync/limits.ts';
import type { Documents } from '../documents/document-handle.ts';

/**
 * GET /api/documents/:id/usage — how large the document is against its limit, and who wrote
 * how much of its history: what the Secretariat reads when a document refuses changes for
 * its size (the same list is `npm run cli -- usage --document ID`).
 */
export function usageRoutes(store: Store, documents: Documents, limits: Pick<SyncLimits, 'maxDocumentBytes' | 'maxParticipantHistoryBytes'>) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/usage', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'a document\u2019s usage is for the Chair and the Secretariat' }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const sizeBytes = await documents.use(document.value.id, (handle) => handle.sizeBytes());
      const participants = new Map((await store.listParticipants()).map((p) => [p.id, p]));
      const usage = (await store.historyUsage(document.value.id)).map((u) => {
        const p = participants.get(u.participantId);
        return { ...u, name: p?.name ?? 'the server', role: p?.role ?? null, delegation: p?.delegation ?? null };
      });
      return c.json({ sizeBytes, maxDocumentBytes: limits.maxDocumentBytes, maxParticipantHistoryBytes: limits.maxParticipantHistoryBytes, participants: usage });
    });
}
