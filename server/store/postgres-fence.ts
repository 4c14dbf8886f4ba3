import type pg from 'pg';
import { LeaseLost, type Fence } from './fence.ts';

/**
 * Checks, inside the caller's transaction and before it writes anything, that `fence` is still
 * the document's lease; throws LeaseLost otherwise, so the transaction rolls back whole.
 *
 * The lease row is read FOR SHARE: a takeover (which updates the row) waits until this commit is
 * done, and this check waits for a takeover already under way. So a takeover comes either before
 * (this write is refused) or after (the write is durable, and the new authority, which loads the
 * document after it took the lease, sees it): never between check and commit. Only the token is
 * compared, not the expiry: a lease that ran out but was not taken over is still this process's,
 * and nobody else could have written in between. Without a fence nothing is checked (one process,
 * the command line).
 */
export async function checkFence(client: pg.PoolClient, documentId: string, fence: Fence | undefined): Promise<void> {
  if (!fence) return;
  const { rows: [row] } = await client.query<{ holder: string; token: number }>(
    'SELECT holder, token FROM document_leases WHERE document_id = $1 FOR SHARE', [documentId],
  );
  if (!row || row.holder !== fence.node || row.token !== fence.token) {
    throw new LeaseLost(documentId, fence, row ? { node: row.holder, token: row.token } : null);
  }
}
