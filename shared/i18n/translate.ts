import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './catalogues/en.ts';
import { es } from './catalogues/es.ts';
import { fr } from './catalogues/fr.ts';
import { pt } from './catalogues/pt.ts';
import type { Language } from './languages.ts';

export type { MessageKey };
export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { es, en, fr, pt };

/**
 * Named formats the catalogues use: `{deadline, date, dateTimeUtc}` is a moment everyone must
 * read alike whatever their own clock (a deadline), so it is stated in UTC, and says so.
 */
const FORMATS = {
  date: { dateTimeUtc: { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' } },
} as const;

// A message is parsed once per language; formatting then only fills it in.
const compiled = new Map<string, IntlMessageFormat>();

/**
 * The message in the language, ICU MessageFormat filled in: `{count, plural, one {…} other {…}}`
 * by the language's plural rules, `{at, date, long}` by Intl.DateTimeFormat.
 */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[language][key], language, FORMATS);
    compiled.set(id, format);
  }
  return String(format.format(values));
}

export function translator(language: Language): Translate {
  return (key, values) => translate(language, key, values);
}
