import { z } from 'zod';
import { delegationColour, isDelegationCode, ROLE_COLOURS } from './delegations.ts';

export const ROLES = ['chair', 'secretariat', 'delegation', 'observer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const delegationCodeSchema = z
  .string()
  .refine(isDelegationCode, { message: 'unknown delegation code (expected an OAS member state, e.g. MEX)' });

/** What the server knows of a signed-in participant; also what `GET /api/me` answers. */
export interface Participant {
  id: string;
  name: string;
  role: Role;
  delegation: string | null;
}

/** Input for creating a participant: a delegation code is required exactly for delegations. */
export const newParticipantSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(120),
    role: roleSchema,
    delegation: delegationCodeSchema.nullish(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.role === 'delegation' && !value.delegation) {
      ctx.addIssue({ code: 'custom', path: ['delegation'], message: 'a delegation needs a delegation code' });
    }
    if (value.role !== 'delegation' && value.delegation) {
      ctx.addIssue({ code: 'custom', path: ['delegation'], message: `a ${value.role} has no delegation code` });
    }
  });
export type NewParticipant = z.infer<typeof newParticipantSchema>;

/** A change to a participant; the result must still be a valid participant. */
export const participantChangeSchema = z
  .object({ name: z.string().trim().min(1).max(120).optional(), role: roleSchema.optional(), delegation: delegationCodeSchema.nullable().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ParticipantChange = z.infer<typeof participantChangeSchema>;

/** Chair and Secretariat run the meeting: documents, participants, invitations. */
export function managesWorkspace(role: Role): boolean {
  return role === 'chair' || role === 'secretariat';
}

/** Whether a role may change a document's content at all (the server enforces this). */
export function mayEditDocument(role: Role): boolean {
  return role !== 'observer';
}

/** The label negotiators read next to a participant: its delegation code or its office. */
export function participantLabel(p: Pick<Participant, 'role' | 'delegation'>): string {
  if (p.role === 'delegation' && p.delegation) return p.delegation;
  return p.role === 'chair' ? 'Chair' : p.role === 'secretariat' ? 'Secretariat' : 'Observer';
}

export function participantColour(p: Pick<Participant, 'role' | 'delegation'>): string {
  if (p.role === 'delegation' && p.delegation) return delegationColour(p.delegation);
  return p.role === 'delegation' ? ROLE_COLOURS.observer : ROLE_COLOURS[p.role];
}

/** What everyone in a room sees of a participant; the server writes it from the session. */
export interface PresenceUser {
  participantId: string;
  name: string;
  role: string;
  delegation: string | null;
  label: string;
  color: string;
}

export function presenceUser(participant: Participant): PresenceUser {
  return {
    participantId: participant.id,
    name: participant.name,
    role: participant.role,
    delegation: participant.delegation,
    label: participantLabel(participant),
    color: participantColour(participant),
  };
}
