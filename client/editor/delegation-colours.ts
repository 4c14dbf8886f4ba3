import { DELEGATIONS, delegationColour } from '../../shared/delegations.ts';

/**
 * CSS cannot turn a `data-delegation` code into a colour by itself, so each delegation's
 * colour is published once as a custom property that the amendment styles read. The colours
 * come from the shared palette, so brackets match the badges and the presence list.
 */
export function installDelegationColours(): void {
  const id = 'accord-delegation-colours';
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = DELEGATIONS.map((d) => `[data-delegation="${d.code}"]{--delegation-colour:${delegationColour(d.code)}}`).join('\n');
  document.head.append(style);
}
