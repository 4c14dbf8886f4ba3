import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { TokenBucket } from '../sync/limits.ts';

/**
 * Failed sign-ins per client address: enough for delegates mistyping links, far too few to
 * guess a 256-bit token. Only failures count: a whole meeting room signing in from behind one
 * address is never slowed down. Forgets addresses once it tracks too many.
 */
export class SignInThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perMinute = 20,
    private readonly burst = 20,
    private readonly maxTracked = 10_000,
  ) {}

  /** Whether this address may try now. */
  allow(c: Context): boolean {
    return this.bucket(c).peek();
  }

  /** Counts a failed attempt against the address. */
  failed(c: Context): void {
    this.bucket(c).take();
  }

  private bucket(c: Context): TokenBucket {
    let address = 'unknown';
    try {
      address = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // Requests made without a socket (app.request in tests) share one bucket.
    }
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= this.maxTracked) this.buckets.clear();
      this.buckets.set(address, (bucket = new TokenBucket(this.perMinute / 60, this.burst)));
    }
    return bucket;
  }
}
