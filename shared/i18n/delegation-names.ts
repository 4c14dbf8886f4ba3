import memberStates from '../member-states.json' with { type: 'json' };
import type { Language } from './languages.ts';

// The member states' names in the four languages, kept beside their codes in the project's
// copy of the member-state list; the codes (ISO 3166) are the same in every language.
const names = new Map<string, Record<Language, string>>(memberStates.map((s) => [s.code, s.names]));

/** "México", "Mexique", "Mexico": a delegation as the participant's language names it; an unknown code stays a code. */
export function delegationNameIn(code: string, language: Language): string {
  return names.get(code)?.[language] ?? code;
}
