import type { Context, MiddlewareHandler } from 'hono';

/** Which pages may change state through Accord: its own, at the address participants use. */
export interface OriginPolicy {
  /** PUBLIC_URL, or the address the server listens at when none is configured. */
  publicUrl(): string;
  /**
   * Whether PUBLIC_URL was set. Without it, a page served by this server under whatever name
   * the request itself used (localhost, 127.0.0.1, a LAN address) is accepted too: its Origin
   * then equals the request's own origin, which a page on another port or site cannot forge.
   */
  configured: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a request may act with the session it carries. Browsers send `Origin` with every
 * request that is not GET or HEAD and with every WebSocket handshake, so a page on another
 * origin (another port of the same host is the same *site*, and the SameSite=Lax cookie goes
 * along) is recognised by it. A request with no `Origin` is not a page's (the CLI, scripts,
 * tests) unless `Sec-Fetch-Site` says a browser sent it from elsewhere.
 */
export function fromOwnOrigin(c: Context, policy: OriginPolicy): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) {
    const site = c.req.header('sec-fetch-site');
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  if (origin === originOf(policy.publicUrl())) return true;
  return !policy.configured && origin === requestOrigin(c);
}

/**
 * The origin the request itself was sent to, by its `Host` header. Not `c.req.url` alone: for a
 * WebSocket upgrade the adapter builds that from `http://localhost`, whatever address the page
 * used, so a page at 127.0.0.1 or a LAN address would be refused its own sync socket. A page
 * cannot set `Host`: a browser writes the address it connects to.
 */
function requestOrigin(c: Context): string | null {
  const host = c.req.header('host');
  const url = originOf(c.req.url);
  if (host === undefined || url === null) return url;
  return originOf(`${new URL(url).protocol}//${host}`);
}

/**
 * Refuses every state-changing request (and, with `includeSafe`, every request: the sync
 * socket's upgrade is a GET) that comes from a page of another origin.
 */
export function ownOriginOnly(policy: OriginPolicy, includeSafe = false): MiddlewareHandler {
  return async (c, next) => {
    if ((includeSafe || !SAFE_METHODS.has(c.req.method)) && !fromOwnOrigin(c, policy)) {
      return c.json({ error: 'this request came from a page of another site or port; Accord accepts it only from its own pages' }, 403);
    }
    await next();
  };
}
