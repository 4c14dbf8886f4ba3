import { delegationColour, delegationName, isDelegationCode, ROLE_COLOURS } from '../../shared/delegations.ts';
import type { Proposal } from './types.ts';

/** The words every format uses for proposers and dates, so they read the same everywhere. */

const OFFICERS: Record<string, { name: string; colour: string }> = {
  Chair: { name: 'Chair', colour: ROLE_COLOURS.chair },
  Secretariat: { name: 'Secretariat', colour: ROLE_COLOURS.secretariat },
};

export function proposerName(label: string): string {
  return OFFICERS[label]?.name ?? delegationName(label);
}

/** The proposer's colour as the app shows it; officers have their role's colour. */
export function proposerColour(label: string): string {
  if (OFFICERS[label]) return OFFICERS[label].colour;
  return isDelegationCode(label) ? delegationColour(label) : ROLE_COLOURS.observer;
}

/** `MEX`, or `MEX (supported by USA, CAN)`: the label after a closing bracket. */
export function proposalLabel(proposal: Proposal): string {
  return proposal.supporters.length > 0 ? `${proposal.delegation} (supported by ${proposal.supporters.join(', ')})` : proposal.delegation;
}

/** `MEX` or `MEX, supported by USA, CAN`: the label inside parentheses in a group of alternatives. */
export function proposalNote(proposal: Proposal): string {
  return proposal.supporters.length > 0 ? `${proposal.delegation}, supported by ${proposal.supporters.join(', ')}` : proposal.delegation;
}

/**
 * Dates as UN and OAS documents print them (`28 November 2026`), in UTC so an export does
 * not depend on the server's time zone.
 */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** `2 bis.`: how a paragraph number is printed before its text. */
export function numberPrefix(number: string): string {
  return `${number}.`;
}

/** The heading line naming the proposer of a new paragraph. */
export function proposedParagraphNote(proposal: Proposal): string {
  return `Proposed by ${proposalLabel(proposal)}`;
}
