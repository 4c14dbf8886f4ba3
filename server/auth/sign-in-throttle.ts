import type { Context } from 'hono';
import { clientAddress } from '../http/client-address.ts';
import { TokenBucket } from '../sync/limits.ts';

/** A count kept for every process (Redis, through the cluster's bus). */
export interface SharedCounter {
  countInWindow(key: string, windowMs: number): Promise<number>;
}

/**
 * Failed sign-ins per client address: enough for delegates mistyping links, far too few to
 * guess a 256-bit token. Only failures are counted and only failures are refused: a valid link
 * always signs in, so neither a mistyping neighbour nor an attacker sharing the address (a
 * meeting room's NAT, a proxy) can lock anyone out. Forgets addresses once it tracks too many.
 */
export class SignInThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    /** Reverse proxies in front of the server whose X-Forwarded-For is believed (TRUST_PROXY). */
    private readonly trustedProxies = 0,
    private readonly perMinute = 20,
    private readonly burst = 20,
    private readonly maxTracked = 10_000,
    /**
     * Several processes behind one load balancer (issue 15): failures counted across all of
     * them, a minute at a time, so spreading guesses over the processes gains nothing.
     */
    private readonly shared: SharedCounter | null = null,
  ) {}

  /** Counts a failed attempt against the address; false if the address has failed too often. */
  async failed(c: Context): Promise<boolean> {
    const allowed = this.bucket(c).take();
    if (!this.shared) return allowed;
    try {
      return allowed && (await this.shared.countInWindow(`sign-in-failures:${clientAddress(c, this.trustedProxies)}`, 60_000)) <= this.perMinute;
    } catch {
      // Redis out of reach: this process's own count still holds.
      return allowed;
    }
  }

  private bucket(c: Context): TokenBucket {
    const address = clientAddress(c, this.trustedProxies);
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= this.maxTracked) this.buckets.clear();
      this.buckets.set(address, (bucket = new TokenBucket(this.perMinute / 60, this.burst)));
    }
    return bucket;
  }
}
