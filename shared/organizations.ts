import { z } from 'zod';
import { isDelegationCode } from './delegations.ts';

/**
 * An organization taking part in the working group's work (IACHR, CICAD, the Inter-American
 * Defense Board, UNODC …). Unlike the member states, which are a fixed list, the Secretariat
 * records the organizations a meeting invites. An organization's participants read a document
 * like observers, and propose amendments like a delegation on the documents where the Chair
 * allows it.
 */
export interface Organization {
  code: string;
  name: string;
  createdAt: string;
}

/**
 * An organization's code is what its amendments are labelled with, like a delegation's: upper
 * case letters only (an amendment id starts with its proposer's label, `IACHR:3f9a1c2e`), and
 * never a member state's code, the Chair's or the Secretariat's, so no organization can write
 * under a delegation's or an officer's name.
 */
export const organizationCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z]{2,12}$/, 'an organization code is 2 to 12 capital letters, e.g. IACHR')
  .refine((code) => !isDelegationCode(code), { message: 'this is a member state\u2019s code, not an organization\u2019s' });

const organizationName = z.string().trim().min(1, 'name is required').max(200);

export const newOrganizationSchema = z.object({ code: organizationCodeSchema, name: organizationName }).strict();
export type NewOrganization = z.infer<typeof newOrganizationSchema>;

export const organizationChangeSchema = z.object({ name: organizationName }).strict();
export type OrganizationChange = z.infer<typeof organizationChangeSchema>;

/** The Chair's word on whether an organization proposes amendments on one document. */
export const organizationRightSchema = z.object({ proposes: z.boolean() }).strict();
