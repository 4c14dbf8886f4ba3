import { z } from 'zod';

/** What a benchmark server child is asked to prepare (passed in BENCH_SETUP as JSON). */
export const setupSchema = z.object({
  /** The document every client joins: a Yjs update in a file. */
  fixtureFile: z.string(),
  typists: z.number().int().min(0),
  readers: z.number().int().min(0),
  /** Accord only. */
  dataDir: z.string().optional(),
  clientDir: z.string().optional(),
  /** Accord only: keystroke updates stored after the snapshot, as a session leaves them. */
  loggedUpdates: z.number().int().min(0).default(0),
  /** Accord only: a second document with the same text, and a delegation that attacks it (attack-run.ts). */
  attack: z.boolean().optional(),
});
export type ServerSetup = z.infer<typeof setupSchema>;

const participantSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['chair', 'secretariat', 'delegation', 'observer', 'organization']),
  delegation: z.string().nullable(),
});

/** Messages a server child sends to the harness. */
export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    url: z.string(),
    documentId: z.string(),
    /** Accord: the participants and their sign-in tokens, typists first. */
    participants: z.array(z.object({ participant: participantSchema, token: z.string() })).default([]),
    /** Accord, when asked for: the attacker's document and sign-in. */
    attack: z.object({ documentId: z.string(), participant: participantSchema, token: z.string() }).optional(),
  }),
  z.object({ type: z.literal('profiling') }),
  z.object({ type: z.literal('profiled'), file: z.string() }),
  z.object({ type: z.literal('loaded'), value: z.boolean() }),
  z.object({ type: z.literal('load-timing'), readMs: z.array(z.number()), restoreMs: z.array(z.number()) }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

/** Commands the harness sends to a server child. */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('profile-start') }),
  z.object({ type: z.literal('profile-stop'), file: z.string() }),
  z.object({ type: z.literal('loaded?') }),
  z.object({ type: z.literal('load-timing'), times: z.number().int().min(1) }),
  z.object({ type: z.literal('stop') }),
]);
export type Command = z.infer<typeof commandSchema>;
