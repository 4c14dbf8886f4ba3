/**
 * The lease a process holds on a document as it commits (issue 15): its node id and the token it
 * was granted. A store shared by several processes (PostgreSQL) refuses a write whose token is no
 * longer the document's current one, in the write's own transaction; a store only one process
 * opens (SQLite) has no leases and ignores it.
 */
export interface Fence {
  node: string;
  token: number;
}

/**
 * A write refused because its process no longer holds the document's lease: another process took
 * it over (this one was paused, partitioned or too slow to renew). Nothing of the write is stored;
 * the process must stop acting for the document and let its clients resync with the new authority.
 */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';

  constructor(
    readonly documentId: string,
    readonly fence: Fence,
    /** The lease as the database has it now (null: nobody ever held one). */
    readonly current: Fence | null,
  ) {
    super(
      `lease lost on document ${documentId}: ${fence.node} wrote with token ${fence.token}, but ` +
        (current ? `${current.node} holds token ${current.token}` : 'nobody holds its lease'),
    );
  }
}
