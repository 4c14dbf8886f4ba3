import type { PostgresLeases } from '../store/postgres-leases.ts';
import type { Store } from '../store/store.ts';
import type { SyncLimits } from '../sync/limits.ts';
import type { ParticipantBudgets } from '../sync/participant-budgets.ts';
import type { Bus } from './bus.ts';
import type { ClusterRpc } from './remote-document.ts';

export interface ClusterTiming {
  /** How long a lease lasts unless renewed: after a crash, the longest a document waits for a new authority. */
  leaseMs: number;
  /** How often the authority renews its leases, and forgets silent followers. */
  renewMs: number;
  /** How often a follower looks at the lease and tells the authority its clients are still there. */
  checkMs: number;
  /** A follower silent this long is taken for dead. */
  followerTimeoutMs: number;
}

export const DEFAULT_CLUSTER_TIMING: ClusterTiming = { leaseMs: 4_000, renewMs: 1_000, checkMs: 500, followerTimeoutMs: 5_000 };

/** What every document's seat in a process shares (issue 15). */
export interface ClusterContext {
  node: string;
  bus: Bus;
  store: Store;
  leases: PostgresLeases;
  limits: SyncLimits;
  budgets: ParticipantBudgets;
  timing: ClusterTiming;
  rpc: ClusterRpc;
}
