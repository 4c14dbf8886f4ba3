import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from. Behind `trustedProxies` reverse proxies (TRUST_PROXY), each
 * appends the address it received the request from to X-Forwarded-For, so the client is the
 * entry that many hops from the end; what comes before it was written by the client and proves
 * nothing. Without trusted proxies the header is ignored: anyone can send one.
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  let address = 'unknown';
  try {
    address = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made without a socket (app.request in tests) share one address.
  }
  if (trustedProxies === 0) return address;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  return hops[hops.length - trustedProxies] ?? hops[0] ?? address;
}
