import { z } from 'zod';
import { isDelegationCode } from './delegations.ts';
import { organizationCodeSchema } from './organizations.ts';
import { managesWorkspace, type Participant } from './participants.ts';
import type { SubmittedWorkingCopy } from './working-copy.ts';

/**
 * Calls for contributions (issue 16), as the work plan has them: the Secretariat asks member
 * states and organizations for written contributions on a document by a deadline; each invited
 * party submits privately (the others see nothing until the Secretariat publishes them), may
 * withdraw and submit again until the deadline; after it, a contribution is refused unless the
 * Secretariat lets that party contribute late, and what it then submits is marked late.
 */

export interface CallRecord {
  id: string;
  documentId: string;
  title: string;
  /** ISO time; contributions after it are late. */
  deadline: string;
  /** Delegation and organization codes, in order. */
  invitees: string[];
  /** Parties the Secretariat lets contribute after the deadline. */
  lateParties: string[];
  openedBy: string;
  openedAt: string;
  /** When the Secretariat made the contributions visible to everyone; null while private. */
  publishedAt: string | null;
}

export interface ContributionRecord {
  id: string;
  callId: string;
  /** The delegation or organization code it is from. */
  party: string;
  submittedBy: string;
  submittedAt: string;
  body: string;
  late: boolean;
  /** When it was withdrawn, or replaced by a newer one of the same party. */
  withdrawnAt: string | null;
  /** Set only on a contribution proposed in the app: its working copy and the paragraphs it amended, as submitted. */
  workingCopy?: SubmittedWorkingCopy;
}

/** A party that may be invited: a member state's code, or an organization's (recorded or not, checked by the server). */
const partySchema = z.string().trim().refine((code) => isDelegationCode(code) || organizationCodeSchema.safeParse(code).success, {
  message: 'a party is a member state\u2019s code (MEX) or an organization\u2019s (IACHR)',
});

export const newCallSchema = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(300),
    deadline: z.string().datetime({ offset: true, message: 'deadline: an ISO date and time, e.g. 2026-12-15T17:00:00Z' }),
    invitees: z.array(partySchema).min(1, 'invite at least one party').max(200),
  })
  .strict();
export type NewCall = z.infer<typeof newCallSchema>;

export const MAX_CONTRIBUTION_CHARS = 200_000;
export const contributionSchema = z.object({ body: z.string().trim().min(1, 'the contribution is empty').max(MAX_CONTRIBUTION_CHARS) }).strict();

export const lateSchema = z.object({ party: partySchema }).strict();

/** The party a participant speaks for, if any: a delegation's or an organization's code. */
export function partyOf(participant: Pick<Participant, 'role' | 'delegation'>): string | null {
  return (participant.role === 'delegation' || participant.role === 'organization') && participant.delegation ? participant.delegation : null;
}

export interface ContributionRefusal {
  /** `late`: the deadline passed and the Secretariat has not accepted the party's contribution as late. */
  kind: 'not-a-party' | 'not-invited' | 'late';
  reason: string;
}

/** Why `participant` may not submit (or withdraw) a contribution to `call` at `now`; null if it may. */
export function contributionRefusal(call: CallRecord, participant: Pick<Participant, 'role' | 'delegation'>, now: Date): ContributionRefusal | null {
  const party = partyOf(participant);
  if (!party) return { kind: 'not-a-party', reason: 'only delegations and organizations contribute' };
  if (!call.invitees.includes(party)) return { kind: 'not-invited', reason: `${party} is not invited to contribute to this call` };
  if (now.getTime() > Date.parse(call.deadline) && !call.lateParties.includes(party)) {
    return { kind: 'late', reason: `the deadline for contributions passed on ${call.deadline}; a late contribution is taken only if the Secretariat accepts it` };
  }
  return null;
}

/**
 * What a participant may read of a call's contributions: the Chair and the Secretariat all of
 * them; a party its own; everyone the live ones once the Secretariat has published them.
 */
export function visibleContributions(call: CallRecord, contributions: readonly ContributionRecord[], viewer: Pick<Participant, 'role' | 'delegation'>): ContributionRecord[] {
  if (managesWorkspace(viewer.role)) return [...contributions];
  const party = partyOf(viewer);
  return contributions.filter((c) => (party !== null && c.party === party) || (call.publishedAt !== null && c.withdrawnAt === null));
}

/**
 * The consolidated draft the Secretariat builds from a call's contributions: each paragraph its
 * wording and its sources (the parties whose contributions it takes it from). A paragraph
 * brought in `as: 'amendment'` stands as a proposed paragraph of its one source, bracketed with
 * its code, dated by its contribution; one brought in `as: 'working-copy'` is a paragraph of the
 * party's submitted working copy, with the party's own brackets in it.
 */
/** A paragraph written by the Secretariat: a contribution's wording, or several merged. */
const textParagraphSchema = z
  .object({
    text: z.string().trim().min(1, 'a paragraph has words').max(20_000),
    sources: z.array(partySchema).min(1, 'a paragraph names its sources').max(50),
    as: z.enum(['text', 'amendment']).default('text'),
  })
  .strict()
  .refine((p) => p.as === 'text' || p.sources.length === 1, { message: 'a paragraph brought in as an amendment has one source: its proposer' });

/**
 * A paragraph of a party's submitted working copy (by its pid there), brought in as it stands
 * with the party's amendments: bracketed, the party's, its source.
 */
const workingCopyParagraphSchema = z
  .object({
    as: z.literal('working-copy'),
    party: partySchema,
    pid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a paragraph id (pid) of the working copy'),
  })
  .strict();

export const compilationSchema = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(300),
    symbol: z.string().trim().max(120).default(''),
    paragraphs: z
      .array(z.discriminatedUnion('as', [workingCopyParagraphSchema, textParagraphSchema]))
      .min(1, 'the draft has at least one paragraph')
      .max(2_000),
  })
  .strict();
export type Compilation = z.infer<typeof compilationSchema>;
export type CompiledParagraph = Compilation['paragraphs'][number];

/** The parties a compiled paragraph names as its sources. */
export function paragraphSources(paragraph: CompiledParagraph): string[] {
  return paragraph.as === 'working-copy' ? [paragraph.party] : paragraph.sources;
}

/** Where a compiled document comes from: its call and each paragraph's sources, by pid. */
export interface DocumentSources {
  callId: string;
  compiledAt: string;
  paragraphs: Record<string, string[]>;
}
