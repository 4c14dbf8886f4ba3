import { z } from 'zod';
import { SERVER_KINDS } from './servers.ts';

/**
 * The messages between the harness and its reader processes (reader-process.ts), checked on
 * arrival on both sides. The channel uses Node's 'advanced' serialization, so arrivals travel
 * as a Float64Array rather than as JSON numbers.
 */

/** Commands the harness sends to a reader process. */
export const readerCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('open'),
    /** Where the server under test listens (the parts of `BenchServer` a client needs). */
    server: z.object({ kind: z.enum(SERVER_KINDS), syncUrl: z.string(), syncUrls: z.array(z.string()).optional(), documentId: z.string() }),
    /** The run's number of this reader's first client: with several server processes, clients go round-robin over them by it. */
    firstIndex: z.number().int().min(0).default(0),
    /** The document every client already has, as a Yjs update in a file. */
    fixtureFile: z.string(),
    clients: z.number().int().min(1),
    /** Accord: one session cookie per client; empty for the peers. */
    cookies: z.array(z.string()),
    /** Clients opened at once (the harness keeps the total across reader processes steady). */
    batch: z.number().int().min(1),
  }),
  /** Start the measured window: record arrivals, watch own load. Answered with 'measuring'. */
  z.object({ type: z.literal('measure') }),
  /** End it: the last arrivals, then 'finished'. */
  z.object({ type: z.literal('finish') }),
  /** Close the clients and exit. */
  z.object({ type: z.literal('close') }),
]);
export type ReaderCommand = z.infer<typeof readerCommandSchema>;

const troubleSchema = z.object({ refused: z.number(), resyncs: z.number(), closes: z.record(z.string(), z.number()) });

/** Messages a reader process sends to the harness. */
export const readerMessageSchema = z.discriminatedUnion('type', [
  /** Listening for commands (a command sent before would be lost while the modules load). */
  z.object({ type: z.literal('started') }),
  /** Every client has the server's document. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('measuring') }),
  /** Arrivals since the last batch: (client, clock, at) triples, `at` on `sharedClockMs`. */
  z.object({ type: z.literal('arrivals'), triples: z.instanceof(Float64Array) }),
  z.object({
    type: z.literal('finished'),
    trouble: troubleSchema,
    load: z.object({ cpuMs: z.number(), wallMs: z.number(), gcMs: z.number(), gcMaxMs: z.number(), loopDelayP99: z.number() }),
  }),
  /** Opening the clients failed; the process exits after sending this. */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ReaderMessage = z.infer<typeof readerMessageSchema>;
