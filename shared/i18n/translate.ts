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
    format = new IntlMessageFormat(CATALOGUES[language][key], language);
    compiled.set(id, format);
  }
  return String(format.format(values));
}

export function translator(language: Language): Translate {
  return (key, values) => translate(language, key, values);
}
