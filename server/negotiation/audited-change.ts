import type { Node as PMNode } from '@tiptap/pm/model';
import type { AuditEntry, Store, UpdateAuthor } from '../store/store.ts';
import type { Room } from '../sync/room.ts';

/**
 * A change the server makes to a room's text for a participant (the Chair's decisions, a
 * restored revision), in the audit log whatever it changes. The room commits audit entries
 * with the update that carries the change; a decision that changes nothing (a status already
 * set, a revision identical to the live text) makes no update, and its entries were lost. They
 * are recorded on their own instead, and everyone with the document open is told.
 */
export async function changeTextAudited<T>(
  room: Room,
  store: Store,
  author: UpdateAuthor,
  produce: (text: PMNode) => { text: PMNode; audit: AuditEntry[]; result: T },
): Promise<T> {
  let unchanged: AuditEntry[] = [];
  const result = await room.changeText(author, (current) => {
    const next = produce(current);
    if (!next.text.eq(current)) return next;
    unchanged = next.audit;
    return { ...next, audit: [] };
  });
  if (unchanged.length > 0) {
    await store.recordAudit(room.documentId, author, unchanged, room.fence);
    room.notify('audit');
  }
  return result;
}
