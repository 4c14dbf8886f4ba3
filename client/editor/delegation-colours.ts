import { DELEGATIONS, delegationColour, delegationName, ROLE_COLOURS } from '../../shared/delegations.ts';

/** The officers who may suggest besides delegations; their amendments carry these labels. */
const OFFICERS: Record<string, string> = { Chair: ROLE_COLOURS.chair, Secretariat: ROLE_COLOURS.secretariat };

/** The colour of a proposer label (`MEX`, `Chair`, `Secretariat`), the same everywhere it is shown. */
export function proposerColour(label: string): string {
  return OFFICERS[label] ?? delegationColour(label);
}

/** A proposer's full name for people who do not know every code by heart. */
export function proposerName(label: string): string {
  return label in OFFICERS ? `the ${label}` : delegationName(label);
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
