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

/**
 * One colour per member state, distinct across all 35: hues spread by the golden angle over
 * the list of delegations, dark enough to read on white and in print. A delegation keeps its
 * colour across sessions and documents because it follows its place in the list, not join order.
 */
const colours = new Map(DELEGATIONS.map((d, i) => [d.code, hexColour((i * 137.508) % 360, 0.68, i % 2 === 0 ? 0.36 : 0.44)]));

/**
 * `#rrggbb` of a hue, saturation and lightness: the form every consumer reads (the editor's
 * carets and selections only take six-digit hex; Word colours are hex too).
 */
function hexColour(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

export const ROLE_COLOURS = {
  chair: '#0b3d91',
  secretariat: '#495057',
  observer: '#868e96',
  /** Organizations share one colour: they are not a fixed list to spread hues over. */
  organization: '#2b8a3e',
} as const;

export function delegationColour(code: string): string {
  return colours.get(code) ?? ROLE_COLOURS.observer;
}
