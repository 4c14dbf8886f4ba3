import { z } from 'zod';
import type { WorkingCopyOf } from './working-copy.ts';

export const DOCUMENT_KINDS = ['resolution', 'strategy', 'work-plan', 'other'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** A document as listed: what a participant needs to choose one to open. */
export interface DocumentSummary {
  id: string;
  title: string;
  symbol: string;
  kind: DocumentKind;
  /** Restricted documents are open to the Chair and the Secretariat only (drafts in preparation). */
  restricted: boolean;
  updatedAt: string;
  /** Set only on a party's working copy for a call (issue 16): who may open it follows shared/access.ts. */
  workingCopy?: WorkingCopyOf;
  /**
   * Set only on a restricted document with calls for contributions (issue 16): the delegations
   * and organizations invited to them, in order, who read it (shared/access.ts).
   */
  invitedParties?: string[];
}

const title = z.string().trim().min(1, 'title is required').max(300);
const symbol = z.string().trim().max(120);

export const newDocumentSchema = z
  .object({ title, symbol: symbol.default(''), kind: documentKindSchema.default('other'), restricted: z.boolean().default(false) })
  .strict();
export type NewDocument = z.infer<typeof newDocumentSchema>;

export const documentChangeSchema = z
  .object({ title: title.optional(), symbol: symbol.optional(), restricted: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type DocumentChange = z.infer<typeof documentChangeSchema>;

export const documentIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'malformed document id');
