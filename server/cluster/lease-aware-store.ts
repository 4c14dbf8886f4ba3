import { LeaseLost, type Fence } from '../store/fence.ts';
import type { PostgresLeases } from '../store/postgres-leases.ts';
import type { Store } from '../store/store.ts';

/** The writes a room makes under its lease. */
const FENCED = new Set<PropertyKey>(['appendUpdates', 'compact', 'recordAudit', 'createRevision']);

/**
 * The store as a room that leads a document sees it (issue 15). A fenced write that fails for any
 * other reason than the fence (its connection ended: PostgreSQL closes a transaction a paused
 * process left open, so that the next authority can take over) may still mean the lease is gone;
 * the lease is looked at, and if another holds it now the failure is LeaseLost: the room steps
 * down and its clients send their changes to the new authority, rather than being told their
 * changes were refused. Safe either way: the write did not commit after the takeover (the fence
 * check holds the lease row until its transaction ends), and a change sent again that the new
 * authority already has adds nothing.
 */
export function leaseAwareStore(store: Store, leases: PostgresLeases): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!FENCED.has(property)) return value.bind(target);
      return async (documentId: string, ...rest: unknown[]) => {
        try {
          return await (value as (...args: unknown[]) => Promise<unknown>).call(target, documentId, ...rest);
        } catch (error) {
          const fence = rest.at(-1) as Fence | undefined;
          if (error instanceof LeaseLost || !fence || typeof fence !== 'object' || !('token' in fence)) throw error;
          const now = await leases.current(documentId).catch(() => null);
          if (now && (now.node !== fence.node || now.token !== fence.token)) throw new LeaseLost(documentId, fence, { node: now.node, token: now.token });
          throw error;
        }
      };
    },
  });
}
