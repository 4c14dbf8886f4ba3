import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(z.object({
    id: z.number(),
    callFrame: z.object({ functionName: z.string(), url: z.string() }),
    children: z.array(z.number()).optional(),
  })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/**
 * Where the Accord server's main thread spent the measured window, from a V8 CPU profile.
 * Each sample is charged to the innermost frame that names one of these concerns, so time in
 * Yjs or SQLite counts for whatever Accord code called it (an fsync inside a commit is commit
 * time; applying an update to the shadow copy is validation).
 */
const CONCERNS: { name: string; matches: (fn: string, url: string) => boolean }[] = [
  // Judging includes staging an accepted update for the next one of its batch (Room.judge).
  { name: 'validate (judge + rules)', matches: (fn, url) => url.includes('/server/sync/judge.ts') || url.includes('/shared/negotiation/') || (url.includes('/server/sync/room.ts') && fn === 'judge') },
  { name: 'commit (SQLite, fsync)', matches: (fn, url) => url.includes('/server/store/') || (url.includes('/server/sync/room.ts') && (fn === 'compact' || fn === 'commit')) },
  { name: 'broadcast (encode + send)', matches: (fn, url) => url.includes('/server/sync/room.ts') && (fn === 'broadcastUpdate' || fn === 'flushBroadcast' || fn === 'broadcastAwareness' || fn === 'awarenessMessage') },
  { name: 'awareness (rewrite + apply)', matches: (fn, url) => url.includes('/server/sync/awareness-identity.ts') || (url.includes('/server/sync/room.ts') && fn === 'applyAwareness') },
  { name: 'apply to live doc', matches: (fn, url) => url.includes('/server/sync/room.ts') && fn === 'commitBatch' },
  { name: 'sync on join', matches: (fn, url) => url.includes('/server/sync/room.ts') && (fn === 'missingFor' || fn === 'join') },
  { name: 'session checks', matches: (fn, url) => url.includes('/server/server.ts') && fn === 'closeStaleSockets' },
];

/**
 * Several processes (issue 15, `analyseProfile(file, { cluster: true })`), checked before the
 * above at each frame: the messages between processes over Redis, PostgreSQL's client, and the
 * socket writes themselves (every client's messages pass through a link, and a follower's
 * deliveries come from the bus, so "broadcast" alone would hide them); the links' own
 * plumbing only when nothing else is on the stack.
 */
const CLUSTER_CONCERNS: typeof CONCERNS = [
  { name: 'socket writes to clients', matches: (_fn, url) => url.includes('/ws/lib/sender.js') },
  { name: 'Redis bus (frames, publish, receive)', matches: (_fn, url) => url.includes('/@redis/client/') || /\/server\/cluster\/(bus|bus-message|link-frames)\.ts/.test(url) },
  { name: 'PostgreSQL client (pg)', matches: (_fn, url) => url.includes('/node_modules/pg') },
  { name: 'commit (PostgreSQL store)', matches: (fn, url) => url.includes('/server/store/') || (url.includes('/server/sync/room.ts') && (fn === 'compact' || fn === 'commit')) },
];
const CLUSTER_GENERIC: typeof CONCERNS = [{ name: 'links and seats (cluster)', matches: (_fn, url) => url.includes('/server/cluster/') }];
/** Charged only when no concern above is on the stack (a socket write inside a broadcast is broadcast time). */
const GENERIC: typeof CONCERNS = [
  { name: 'receive (socket, peer)', matches: (_fn, url) => url.includes('/server/sync/') || url.includes('/ws/lib/') || url.includes('@hono/node-ws') },
  { name: 'garbage collection', matches: (fn) => fn === '(garbage collector)' },
];
const IDLE = '(idle)';

export interface ProfileBreakdown {
  /** Sampled wall time of the main thread, ms. */
  totalMs: number;
  busyMs: number;
  /** Share of busy time per concern (0–1), largest first; the rest is "other". */
  shares: { name: string; ms: number; share: number }[];
}

export function analyseProfile(file: string, options: { cluster?: boolean } = {}): ProfileBreakdown {
  const concerns = options.cluster ? [...CLUSTER_CONCERNS, ...CONCERNS] : CONCERNS;
  const fallbacks = options.cluster ? [...CLUSTER_GENERIC, ...GENERIC] : GENERIC;
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const concernOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = concernOf.get(id);
    if (known) return known;
    let concern: string | null = null;
    let generic: string | null = null;
    for (let at: number | undefined = id; at !== undefined && concern === null; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.functionName === IDLE) concern = IDLE;
      else concern = concerns.find((c) => c.matches(frame.functionName, frame.url))?.name ?? null;
      generic ??= fallbacks.find((c) => c.matches(frame.functionName, frame.url))?.name ?? null;
    }
    concern ??= generic ?? 'other';
    concernOf.set(id, concern);
    return concern;
  };
  const ms = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totalMs += dt;
    const concern = classify(id);
    ms.set(concern, (ms.get(concern) ?? 0) + dt);
  });
  const busyMs = totalMs - (ms.get(IDLE) ?? 0);
  const shares = [...ms]
    .filter(([name]) => name !== IDLE)
    .map(([name, t]) => ({ name, ms: t, share: busyMs > 0 ? t / busyMs : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs, busyMs, shares };
}
