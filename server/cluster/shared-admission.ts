import { z } from 'zod';
import type { SyncLimits } from '../sync/limits.ts';
import type { Bus } from './bus.ts';

/** How long a process's count stands without being written again: a process that died stops counting after this. */
const SHARE_TTL_MS = 30_000;
const REFRESH_MS = 10_000;

const shareSchema = z.strictObject({ documents: z.array(z.string().max(128)).max(10_000), connections: z.number().int().min(0), until: z.number() });

/**
 * The per-participant connection caps across processes (issue 15): each process writes, for each
 * participant with sockets open on it, how many and to which documents, in a Redis record of the
 * participant's (one field per process, rewritten every 10 s, worth 30 s); a socket is refused
 * at the door when the participant's connections on all processes together reach the cap. The
 * count is read, then the socket admitted: two opened at the same instant on two processes can
 * both pass, so the cap may be passed by the few that race — it bounds, it does not meter.
 */
export class SharedAdmission {
  /** participant → document id → sockets open here. */
  private readonly open = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly limits: Pick<SyncLimits, 'maxConnectionsPerParticipant' | 'maxDocumentsPerParticipant'>,
  ) {
    this.timer = setInterval(() => {
      for (const participantId of this.open.keys()) this.write(participantId);
    }, REFRESH_MS);
  }

  /** Why the participant may not open another socket to the document, counting every process; null if it may. */
  async refusal(participantId: string, documentId: string): Promise<string | null> {
    let shares: Record<string, string>;
    try {
      shares = await this.bus.readShares(this.key(participantId));
    } catch {
      // Redis out of reach: this process's own caps were checked already.
      return null;
    }
    let connections = 0;
    const documents = new Set<string>();
    const now = Date.now();
    for (const [node, raw] of Object.entries(shares)) {
      const share = node === this.bus.node ? this.share(participantId) : parse(raw);
      if (!share || share.until < now) continue;
      connections += share.connections;
      for (const d of share.documents) documents.add(d);
    }
    if (connections >= this.limits.maxConnectionsPerParticipant) return 'too many open connections for one participant';
    if (!documents.has(documentId) && documents.size >= this.limits.maxDocumentsPerParticipant) return 'too many documents open for one participant';
    return null;
  }

  opened(participantId: string, documentId: string): void {
    let documents = this.open.get(participantId);
    if (!documents) this.open.set(participantId, (documents = new Map()));
    documents.set(documentId, (documents.get(documentId) ?? 0) + 1);
    this.write(participantId);
  }

  closed(participantId: string, documentId: string): void {
    const documents = this.open.get(participantId);
    if (!documents) return;
    const left = (documents.get(documentId) ?? 1) - 1;
    if (left > 0) documents.set(documentId, left);
    else documents.delete(documentId);
    if (documents.size === 0) this.open.delete(participantId);
    this.write(participantId);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const participantId of this.open.keys()) void this.bus.writeShare(this.key(participantId), null, SHARE_TTL_MS).catch(() => undefined);
    this.open.clear();
  }

  private share(participantId: string): z.infer<typeof shareSchema> | null {
    const documents = this.open.get(participantId);
    if (!documents) return null;
    let connections = 0;
    for (const n of documents.values()) connections += n;
    return { documents: [...documents.keys()], connections, until: Date.now() + SHARE_TTL_MS };
  }

  private write(participantId: string): void {
    const share = this.share(participantId);
    this.bus.writeShare(this.key(participantId), share ? JSON.stringify(share) : null, SHARE_TTL_MS).catch((error: unknown) => {
      console.warn(`[cluster] could not share the connection count of ${participantId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private key(participantId: string): string {
    return `connections:${participantId}`;
  }
}

function parse(raw: string): z.infer<typeof shareSchema> | null {
  try {
    const parsed = shareSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
