import { Hono } from 'hono';
import type { Store } from '../store/store.ts';

export interface HealthDeps {
  store: Store;
  /** This process's node id: behind a load balancer, which process answered. */
  node: string;
  isReady: () => boolean;
  /** Redis, when REDIS_URL is configured. */
  redis: { ping(): Promise<boolean> } | null;
}

/** A database that takes this long is as good as down for a load balancer's check. */
const ANSWER_WITHIN_MS = 2_000;

async function answersWithin(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ANSWER_WITHIN_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /api/health: ready, which store, which process (`node`), and whether the servers it
 * depends on answer (`postgres` on PostgreSQL, `redis` when configured; absent otherwise). 503
 * unless ready and every configured server answers: a load balancer sends nobody to a process
 * that cannot commit or cannot reach the others.
 */
export function healthRoutes(deps: HealthDeps) {
  return new Hono().get('/', async (c) => {
    const [postgres, redis] = await Promise.all([
      deps.store.kind === 'postgres' ? answersWithin(() => deps.store.answers()) : undefined,
      deps.redis ? answersWithin(() => deps.redis!.ping()) : undefined,
    ]);
    const ready = deps.isReady();
    const body = {
      ready, store: deps.store.kind, node: deps.node,
      ...(postgres === undefined ? {} : { postgres }),
      ...(redis === undefined ? {} : { redis }),
    };
    return c.json(body, ready && postgres !== false && redis !== false ? 200 : 503);
  });
}
