import { DELEGATIONS, delegationColour, ROLE_COLOURS } from '../../shared/delegations.ts';
import { delegationNameIn } from '../../shared/i18n/delegation-names.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Translate } from '../../shared/i18n/translate.ts';

/** The officers who may suggest besides delegations; their amendments carry these labels. */
const OFFICERS: Record<string, string> = { Chair: ROLE_COLOURS.chair, Secretariat: ROLE_COLOURS.secretariat };

/** The colour of a proposer label (`MEX`, `Chair`, `Secretariat`), the same everywhere it is shown. */
export function proposerColour(label: string): string {
  return OFFICERS[label] ?? delegationColour(label);
}

/** A proposer's full name, in the participant's language, for people who do not know every code by heart. */
export function proposerName(label: string, language: Language, t: Translate): string {
  if (label === 'Chair') return t('proposer.Chair');
  if (label === 'Secretariat') return t('proposer.Secretariat');
  return delegationNameIn(label, language);
}

/**
 * A proposer's label as shown where delegations show their code: `MEX` stays `MEX` (ISO, the
 * same in every language); the officers' labels are words, `Chair` is `Presidencia` in Spanish.
 * The label stored in the text stays `Chair`: only its display is translated.
 */
export function proposerCode(label: string, t: Translate): string {
  if (label === 'Chair' || label === 'Secretariat' || label === 'Observer') return t(`code.${label}`);
  return label;
}

/**
 * CSS cannot turn a `data-delegation` code into a colour by itself, so each proposer's
 * colour is published once as a custom property that the amendment styles read. The colours
 * come from the shared palette, so brackets match the badges and the presence list.
 */
export function installDelegationColours(): void {
  const id = 'accord-delegation-colours';
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  const labels = [...DELEGATIONS.map((d) => d.code), ...Object.keys(OFFICERS)];
  style.textContent = labels.map((label) => `[data-delegation="${label}"]{--delegation-colour:${proposerColour(label)}}`).join('\n');
  document.head.append(style);
}
