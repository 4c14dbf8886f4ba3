import { delegationColour, isDelegationCode, ROLE_COLOURS } from '../../shared/delegations.ts';
import { delegationNameIn } from '../../shared/i18n/delegation-names.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';
import type { ExportMeta, Proposal } from './types.ts';

/** The words every format uses for proposers and dates, so they read the same everywhere. */

const OFFICERS: Record<string, { name: MessageKey; colour: string }> = {
  Chair: { name: 'doc.officer.Chair', colour: ROLE_COLOURS.chair },
  Secretariat: { name: 'doc.officer.Secretariat', colour: ROLE_COLOURS.secretariat },
};

/** `Mexico`, `México`, `Mexique`; `Chair`, `Presidencia`: a proposer as the export's language names it. */
export function proposerName(label: string, language: Language = 'en'): string {
  const officer = OFFICERS[label];
  return officer ? translate(language, officer.name) : delegationNameIn(label, language);
}

/** The proposer's colour as the app shows it; officers have their role's colour. */
export function proposerColour(label: string): string {
  if (OFFICERS[label]) return OFFICERS[label].colour;
  return isDelegationCode(label) ? delegationColour(label) : ROLE_COLOURS.observer;
}

/** `MEX`, or `MEX (supported by USA, CAN)`: the label after a closing bracket. */
export function proposalLabel(proposal: Proposal): string {
  if (proposal.supporters.length === 0) return proposal.delegation;
  return translate(proposal.language, 'doc.supportedBy', { delegation: proposal.delegation, supporters: proposal.supporters.join(', ') });
}

/** `MEX` or `MEX, supported by USA, CAN`: the label inside parentheses in a group of alternatives. */
export function proposalNote(proposal: Proposal): string {
  if (proposal.supporters.length === 0) return proposal.delegation;
  return translate(proposal.language, 'doc.supportedByNote', { delegation: proposal.delegation, supporters: proposal.supporters.join(', ') });
}

/**
 * Dates as UN and OAS documents print them (`28 November 2026`, `28 de noviembre de 2026`,
 * `28 novembre 2026`), in UTC so an export does not depend on the server's time zone.
 */
export function formatDate(date: Date, language: Language = 'en'): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** `Original: Spanish`, `Original : espagnol`: under a version's title, the language it was negotiated in. */
export function originalLine(meta: Pick<ExportMeta, 'language' | 'originalLanguage'>): string | null {
  if (!meta.originalLanguage) return null;
  const language = meta.language ?? 'en';
  return translate(language, 'doc.original', { language: translate(language, `language.${meta.originalLanguage}` as const) });
}

/** `2 bis.`: how a paragraph number is printed before its text. */
export function numberPrefix(number: string): string {
  return `${number}.`;
}

/** The heading line naming the proposer of a new paragraph. */
export function proposedParagraphNote(proposal: Proposal): string {
  return translate(proposal.language, 'doc.proposedBy', { proposal: proposalLabel(proposal) });
}
