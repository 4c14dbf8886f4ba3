import * as Y from 'yjs';
import { z } from 'zod';
import { DecisionError, decisionSchema, PendingAmendmentsError, type Decision } from '../../shared/negotiation/decisions.ts';
import { UndoError } from '../../shared/negotiation/undo-check.ts';
import type { Participant } from '../../shared/participants.ts';
import { DocumentUnavailable, type DocumentHandle } from '../documents/document-handle.ts';
import type { LocalDocument } from '../documents/local-document.ts';
import type { DecisionOutcome } from '../negotiation/decide.ts';
import type { UndoOutcome } from '../negotiation/undo.ts';
import { LeaseLost } from '../store/fence.ts';
import type { RevisionRecord } from '../store/store.ts';
import { newYDoc } from '../sync/document-state.ts';
import { ChangeRefused } from '../sync/room.ts';
import { PlanNotApplicable, type CreatedAmendment } from '../word/apply-plan.ts';
import { WrongDocument } from '../word/placement.ts';
import { PlanChanged } from '../word/word-amendments.ts';
import type { WordReading } from '../word/word-reading.ts';
import { parseWordReading } from '../word/word-reading-schema.ts';
import type { Bus } from './bus.ts';
import { decodeReply, decodeRequest, encodeReply, encodeRequest, participantSchema, type ReplyFrame, type RequestFrame, type RequestOp } from './link-frames.ts';

/** A route's work on a document whose authority is another process, asked over the bus (issue 15). */
export class ClusterRpc {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (reply: ReplyFrame) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly bus: Bus,
    /** Longer than any decision takes; past it the authority is taken for gone. */
    private readonly timeoutMs = 15_000,
  ) {}

  call(documentId: string, to: string, op: RequestOp, args: unknown): Promise<ReplyFrame> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new DocumentUnavailable('the process holding this document did not answer in time; nothing may have changed, or it may have: look again before retrying'));
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, timer });
      const request: RequestFrame = { to, from: this.bus.node, id, op, args };
      this.bus.publishToDocument(documentId, 'request', encodeRequest(request)).catch((error: unknown) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(new DocumentUnavailable(`the other processes cannot be reached: ${error instanceof Error ? error.message : String(error)}`));
      });
    });
  }

  /** A reply heard on a document's channel. */
  hear(payload: Uint8Array): void {
    const reply = decodeReply(payload);
    if (reply.to !== this.bus.node) return;
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(reply.id);
    waiting.resolve(reply);
  }

  close(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}

/** A handle on a document led by another process: every question goes to it and its answer comes back as data. */
export class RemoteDocument implements DocumentHandle {
  constructor(
    readonly documentId: string,
    private readonly authority: string,
    private readonly rpc: ClusterRpc,
  ) {}

  private async ask(op: RequestOp, args: unknown): Promise<ReplyFrame> {
    const reply = await this.rpc.call(this.documentId, this.authority, op, args);
    if (reply.ok) return reply;
    throw rebuildError(reply.error ?? { kind: 'failed', message: 'the authority failed', detail: null });
  }

  async copy(): Promise<Y.Doc> {
    const { bytes } = await this.ask('copy', null);
    const doc = newYDoc();
    if (bytes) Y.applyUpdate(doc, bytes);
    return doc;
  }

  async decide(chair: Participant, decisions: readonly Decision[]): Promise<DecisionOutcome> {
    return (await this.ask('decide', { chair, decisions })).result as DecisionOutcome;
  }

  async undo(chair: Participant, decision: number): Promise<UndoOutcome> {
    return (await this.ask('undo', { chair, decision })).result as UndoOutcome;
  }

  async restore(chair: Participant, revisionId: string): Promise<RevisionRecord | null> {
    return (await this.ask('restore', { chair, revisionId })).result as RevisionRecord | null;
  }

  async createRevision(input: { name?: string; note: string }, createdBy: string): Promise<RevisionRecord> {
    return (await this.ask('createRevision', { input, createdBy })).result as RevisionRecord;
  }

  async sizeBytes(): Promise<number> {
    return (await this.ask('sizeBytes', null)).result as number;
  }

  async amendFromWord(proposer: Participant, reading: WordReading, expected: string): Promise<CreatedAmendment[]> {
    return (await this.ask('amendFromWord', { proposer, reading, expected })).result as CreatedAmendment[];
  }
}

const argsSchemas = {
  copy: z.null(),
  sizeBytes: z.null(),
  decide: z.strictObject({ chair: participantSchema, decisions: z.array(decisionSchema).min(1).max(100) }),
  undo: z.strictObject({ chair: participantSchema, decision: z.number().int().positive() }),
  restore: z.strictObject({ chair: participantSchema, revisionId: z.string().uuid() }),
  createRevision: z.strictObject({ input: z.strictObject({ name: z.string().max(60).optional(), note: z.string().max(2000) }), createdBy: z.string().min(1).max(200) }),
  // The reading is checked on its own (word-reading-schema.ts), within an upload's bounds.
  amendFromWord: z.strictObject({ proposer: participantSchema, reading: z.unknown(), expected: z.string().regex(/^[0-9a-f]{32}$/) }),
} satisfies Record<RequestOp, z.ZodType>;

/** At the authority: a request heard on the document's channel, done here and answered, if it is for this process. */
export async function answerRequest(bus: Bus, documentId: string, handle: LocalDocument, payload: Uint8Array): Promise<void> {
  const request = decodeRequest(payload);
  if (request.to !== bus.node) return;
  await bus.publishToDocument(documentId, 'reply', encodeReply(await answer(handle, request)));
}

/** A request for the authority this process no longer is: said at once, so the asker looks again. */
export function refuseRequest(bus: Bus, documentId: string, payload: Uint8Array): void {
  const request = decodeRequest(payload);
  if (request.to !== bus.node) return;
  const error = { kind: 'unavailable', message: 'the document changed hands; try again', detail: null };
  void bus.publishToDocument(documentId, 'reply', encodeReply({ to: request.from, id: request.id, ok: false, result: null, error, bytes: null })).catch(() => undefined);
}

/** Does what a request asks on the local document and says how it went. */
async function answer(handle: LocalDocument, request: RequestFrame): Promise<ReplyFrame> {
  const reply = (result: unknown, bytes: Uint8Array | null = null): ReplyFrame => ({ to: request.from, id: request.id, ok: true, result, bytes });
  try {
    switch (request.op) {
      case 'copy': {
        argsSchemas.copy.parse(request.args);
        const doc = await handle.copy();
        try {
          return reply(null, Y.encodeStateAsUpdate(doc));
        } finally {
          doc.destroy();
        }
      }
      case 'sizeBytes':
        argsSchemas.sizeBytes.parse(request.args);
        return reply(await handle.sizeBytes());
      case 'decide': {
        const { chair, decisions } = argsSchemas.decide.parse(request.args);
        return reply(await handle.decide(chair, decisions));
      }
      case 'undo': {
        const { chair, decision } = argsSchemas.undo.parse(request.args);
        return reply(await handle.undo(chair, decision));
      }
      case 'restore': {
        const { chair, revisionId } = argsSchemas.restore.parse(request.args);
        return reply(await handle.restore(chair, revisionId));
      }
      case 'createRevision': {
        const { input, createdBy } = argsSchemas.createRevision.parse(request.args);
        return reply(await handle.createRevision(input, createdBy));
      }
      case 'amendFromWord': {
        const { proposer, reading, expected } = argsSchemas.amendFromWord.parse(request.args);
        return reply(await handle.amendFromWord(proposer, parseWordReading(reading), expected));
      }
    }
  } catch (error) {
    return { to: request.from, id: request.id, ok: false, result: null, error: describeError(error), bytes: null };
  }
}

/** The refusals a route answers with a status of its own, by name; anything else is a failure. */
function describeError(error: unknown): NonNullable<ReplyFrame['error']> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PendingAmendmentsError) return { kind: 'pending-amendments', message, detail: { pid: error.pid, pending: error.pending } };
  if (error instanceof DecisionError) return { kind: 'decision', message, detail: null };
  if (error instanceof UndoError) return { kind: 'undo', message, detail: null };
  if (error instanceof PlanChanged) return { kind: 'word-plan-changed', message, detail: null };
  if (error instanceof ChangeRefused) return { kind: 'change-refused', message, detail: null };
  if (error instanceof PlanNotApplicable) return { kind: 'word-not-applicable', message, detail: null };
  if (error instanceof WrongDocument) return { kind: 'word-wrong-document', message, detail: null };
  if (error instanceof LeaseLost || error instanceof DocumentUnavailable) return { kind: 'unavailable', message, detail: null };
  console.error('[cluster] a request from another process failed', error);
  return { kind: 'failed', message, detail: null };
}

function rebuildError({ kind, message, detail }: NonNullable<ReplyFrame['error']>): Error {
  if (kind === 'pending-amendments') {
    // The same class the route tests for, with what the authority's carried.
    const error = Object.setPrototypeOf(new DecisionError(message), PendingAmendmentsError.prototype) as PendingAmendmentsError;
    return Object.assign(error, detail as object);
  }
  if (kind === 'decision') return new DecisionError(message);
  if (kind === 'undo') return new UndoError(message);
  if (kind === 'word-plan-changed') return new PlanChanged(message);
  if (kind === 'change-refused') return new ChangeRefused(message);
  if (kind === 'word-not-applicable') return new PlanNotApplicable(message);
  if (kind === 'word-wrong-document') return new WrongDocument(message);
  if (kind === 'unavailable') return new DocumentUnavailable(message);
  return new Error(`the document's authority failed: ${message}`);
}
