import { z } from 'zod';
import { delegationColour, isDelegationCode, ROLE_COLOURS } from './delegations.ts';
import { organizationCodeSchema } from './organizations.ts';

export const ROLES = ['chair', 'secretariat', 'delegation', 'observer', 'organization'] as const;
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
  /**
   * The code of the party it speaks for: a member state's for a delegation (`MEX`), an
   * organization's for an organization (`IACHR`, see organizations.ts); null for the others.
   * One field for both because it is what amendments, presence and the audit log are labelled with.
   */
  delegation: string | null;
}

/** Whether a role speaks for a party (and so carries its code). */
const speaksForParty = (role: Role): boolean => role === 'delegation' || role === 'organization';

/**
 * Input for creating a participant: a member state's code exactly for delegations, an
 * organization's code exactly for organizations (whether that organization is recorded is the
 * server's to check).
 */
export const newParticipantSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(120),
    role: roleSchema,
    delegation: z.string().trim().max(16).nullish(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.role === 'delegation' && !value.delegation) {
      ctx.addIssue({ code: 'custom', path: ['delegation'], message: 'a delegation needs a delegation code' });
    }
    if (value.role === 'delegation' && value.delegation && !isDelegationCode(value.delegation)) {
      ctx.addIssue({ code: 'custom', path: ['delegation'], message: 'unknown delegation code (expected an OAS member state, e.g. MEX)' });
    }
    if (value.role === 'organization') {
      const code = organizationCodeSchema.safeParse(value.delegation ?? '');
      if (!code.success) ctx.addIssue({ code: 'custom', path: ['delegation'], message: `an organization needs its organization code: ${code.error.issues[0]?.message}` });
    }
    if (!speaksForParty(value.role) && value.delegation) {
      // Each wording whole, so that the catalogue finds it (shared/i18n/localise-message.ts).
      const message = value.role === 'chair' ? 'a chair has no delegation code' : value.role === 'secretariat' ? 'a secretariat has no delegation code' : 'an observer has no delegation code';
      ctx.addIssue({ code: 'custom', path: ['delegation'], message });
    }
  });
export type NewParticipant = z.infer<typeof newParticipantSchema>;

/** A change to a participant; the result must still be a valid participant. */
export const participantChangeSchema = z
  .object({ name: z.string().trim().min(1).max(120).optional(), role: roleSchema.optional(), delegation: z.string().trim().max(16).nullable().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ParticipantChange = z.infer<typeof participantChangeSchema>;

/** Chair and Secretariat run the meeting: documents, participants, invitations. */
export function managesWorkspace(role: Role): boolean {
  return role === 'chair' || role === 'secretariat';
}

/**
 * Whether a role may change a document's content at all (the server enforces this). Pass the
 * role the participant acts in on the document (`roleOnDocument`): an organization as such reads.
 */
export function mayEditDocument(role: Role): boolean {
  return role !== 'observer' && role !== 'organization';
}

/**
 * The role a participant acts in on one document's text: an organization the Chair allows to
 * propose on it proposes like a delegation (under its own code); otherwise it stays an
 * organization, which reads like an observer (and keeps its label, so a refusal says why).
 * Every other role is the same on every document.
 */
export function roleOnDocument(role: Role, organizationProposes: boolean): Role {
  return role === 'organization' && organizationProposes ? 'delegation' : role;
}

/** The label negotiators read next to a participant: its delegation's or organization's code, or its office. */
export function participantLabel(p: Pick<Participant, 'role' | 'delegation'>): string {
  if (speaksForParty(p.role) && p.delegation) return p.delegation;
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
