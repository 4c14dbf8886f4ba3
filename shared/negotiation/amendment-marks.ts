import { z } from 'zod';
import { participantLabel, type Participant } from '../participants.ts';

/** The marks that carry amendments; every other mark is ordinary formatting. */
export const INSERTION = 'insertion';
export const DELETION = 'deletion';
export type AmendmentKind = typeof INSERTION | typeof DELETION;

export function isAmendmentMark(name: string): name is AmendmentKind {
  return name === INSERTION || name === DELETION;
}

/**
 * Who proposes: a delegation code (`MEX`), or `Chair` / `Secretariat` when an officer suggests.
 * An amendment id starts with its proposer's label (`MEX:3f9a1c2e`), so ownership is visible
 * in the id itself and a paragraph proposal needs no other record.
 */
const AMENDMENT_ID = /^([A-Za-z]{2,16}):([0-9a-z]{8})$/;

export const amendmentAttrsSchema = z
  .object({
    id: z.string().regex(AMENDMENT_ID, 'malformed amendment id'),
    delegation: z.string().min(2).max(16),
    author: z.string().min(1).max(64),
    at: z.string().max(40),
  })
  .strict();
export type AmendmentAttrs = z.infer<typeof amendmentAttrsSchema>;

export function proposerLabel(participant: Pick<Participant, 'role' | 'delegation'>): string {
  return participantLabel(participant);
}

export function amendmentOwner(id: string): string | null {
  return AMENDMENT_ID.exec(id)?.[1] ?? null;
}

export function newAmendmentId(label: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += Math.floor(random() * 36).toString(36);
  return `${label}:${suffix}`;
}

export function amendmentAttrs(participant: Participant, id: string, at = new Date()): AmendmentAttrs {
  return { id, delegation: proposerLabel(participant), author: participant.id, at: at.toISOString() };
}

/**
 * Whether a proposer may write `mark` again on words it brings back (a redo): ordinary
 * formatting and its own amendments' marks. Another proposer's mark on those words — one that
 * proposes to strike part of them, or reached them as Yjs merged concurrent typing — is not
 * the proposer's to write: the server refuses it as extending that amendment.
 */
export function rewritableBy(label: string): (mark: { type: { name: string }; attrs: Record<string, unknown> }) => boolean {
  return (mark) => !isAmendmentMark(mark.type.name) || mark.attrs.delegation === label;
}
