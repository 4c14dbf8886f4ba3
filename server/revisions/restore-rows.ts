import type { Node as PMNode } from '@tiptap/pm/model';
import { listAmendments, type Amendment } from '../../shared/negotiation/amendments.ts';
import type { AuditEntry } from '../store/store.ts';

/**
 * A restore's rows in the audit log: the revision restored, then each pending amendment the
 * restore set aside or brought back. No delegation withdrew those: a comparison across the
 * restore says so from these rows. The head row carries the snapshot that undoing it needs.
 */
export function restoreRows(revisionName: string, current: PMNode, restored: PMNode, before: Uint8Array): AuditEntry[] {
  const pendingNow = new Map(listAmendments(current).map((a) => [a.id, a]));
  const pendingThen = new Map(listAmendments(restored).map((a) => [a.id, a]));
  const row = (a: Amendment, detail: string): AuditEntry => ({
    action: 'restored', amendmentId: a.id, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid, because: null, status: null, detail,
  });
  return [
    { action: 'restored', amendmentId: null, delegation: null, inserted: '', deleted: '', pid: null, because: null, status: null, detail: revisionName, before },
    ...[...pendingNow.values()].filter((a) => !pendingThen.has(a.id)).map((a) => row(a, 'set aside')),
    ...[...pendingThen.values()].filter((a) => !pendingNow.has(a.id)).map((a) => row(a, 'brought back')),
  ];
}
