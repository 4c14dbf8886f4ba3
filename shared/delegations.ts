import memberStates from './member-states.json' with { type: 'json' };

/** A member state of the Organization, as it sits in the working group. */
export interface Delegation {
  code: string;
  name: string;
}

export const DELEGATIONS: readonly Delegation[] = memberStates;

const byCode = new Map(DELEGATIONS.map((d) => [d.code, d]));

export function isDelegationCode(code: string): boolean {
  return byCode.has(code);
}

export function delegationName(code: string): string {
  return byCode.get(code)?.name ?? code;
}

// A fixed palette of distinguishable, print-safe hues; a delegation keeps its colour across
// sessions and documents because it is derived from its code, not from join order.
const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22',
  '#ff7f0e', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d',
  '#31a354', '#756bb1', '#636363', '#0b7285', '#a61e4d', '#5f3dc4', '#2b8a3e', '#c92a2a',
];

export const ROLE_COLOURS = {
  chair: '#0b3d91',
  secretariat: '#495057',
  observer: '#868e96',
} as const;

export function delegationColour(code: string): string {
  let hash = 0;
  for (const ch of code) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#1f77b4';
}
