import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { en, type MessageKey } from './catalogues/en.ts';
import type { Language } from './languages.ts';
import { translate } from './translate.ts';
import { paragraphNumberIn } from '../negotiation/numbering.ts';

/**
 * Messages worded in English where they arise — the rules in shared/ that refuse an edit, the
 * server's answers — reach people in their own language here: each catalogue message under
 * `msg.` is also a pattern, its English text with `{name}` standing for whatever the sender
 * filled in, the way gettext keys a translation by its source text. A count the sender wrote
 * ("20001 pieces") matches the English plural (`{count, plural, one {# piece} other {# pieces}}`)
 * and is handed on as a number, so each language words it by its own plural rules. The places
 * that word them stay plain and testable; a message with no pattern yet is shown as it came.
 *
 * Some arguments say what they carry by their form or their name:
 * - `{at, date, …}` / `{at, time, …}`: the sender writes an ISO date and time (2026-12-15T17:00:00Z)
 *   and each reader, English ones too, gets it as a date in their language (Intl.DateTimeFormat);
 * - `{shape, select, insertion {insertion} …}`: the English words of an option stand for it;
 * - `{number}`: a paragraph's number as the text prints it (3, 3 bis, new 1), its `new` translated;
 * - `{words}`: what negotiators wrote, quoted in a message, carried as it is, never translated.
 * What else the sender filled in may itself be a message, or a list of messages joined by "; ".
 */
interface Pattern {
  key: MessageKey;
  /**
   * The argument each capturing group fills, in order; a plural's groups are numbers; an
   * option that matched (of a plural said in words, of a select) gives its fixed value.
   */
  groups: { name: string; kind: 'text' | 'count' | 'date'; fixed?: number | string }[];
  match: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A number as a sender writes it: "20001", "20,001", "1.5". */
const NUMBER = '(\\d[\\d,.]*)';

/** A paragraph's number: "3", "3 bis", "12 quater", "new 1", "new 1 bis". */
const PARAGRAPH_NUMBER = '((?:new )?\\d+(?: [a-z]+)?)';

/** A date and time as a sender writes it, ISO 8601: "2026-12-15T17:00:00Z", "2026-12-15T12:00:00.000-05:00". */
const ISO_DATE = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2}))';
const CARRIES_DATE = new RegExp(ISO_DATE);

/** A list of messages, as senders join them, and as each language does (French spaces its semicolon). */
const LIST_SEPARATOR = '; ';
const LIST_JOIN: Record<Language, string> = { es: '; ', en: '; ', fr: ' ; ', pt: '; ' };

function source(elements: MessageFormatElement[], groups: Pattern['groups'], count: string | null): string {
  let out = '';
  for (const element of elements) {
    if (element.type === TYPE.literal) out += escape(element.value);
    else if (element.type === TYPE.pound && count) {
      groups.push({ name: count, kind: 'count' });
      out += NUMBER;
    } else if (element.type === TYPE.plural) {
      // An option that says its number in words ("one {a pending amendment}") still tells it:
      // an empty group marks that this option was the one that matched.
      const options = Object.entries(element.options).map(([selector, option]) => {
        const fixed = selector === 'one' ? 1 : /^=\d+$/.test(selector) ? Number(selector.slice(1)) : undefined;
        if (fixed === undefined) return source(option.value, groups, element.value);
        groups.push({ name: element.value, kind: 'count', fixed });
        return `()${source(option.value, groups, element.value)}`;
      });
      out += `(?:${options.map((o) => `(?:${o})`).join('|')})`;
    } else if (element.type === TYPE.select) {
      // Each option's English words stand for it; `other` words whatever else came as it came.
      const options = Object.entries(element.options).map(([selector, option]) => {
        if (selector === 'other') return source(option.value, groups, count);
        groups.push({ name: element.value, kind: 'text', fixed: selector });
        return `()${source(option.value, groups, count)}`;
      });
      out += `(?:${options.map((o) => `(?:${o})`).join('|')})`;
    } else if (element.type === TYPE.date || element.type === TYPE.time) {
      groups.push({ name: element.value, kind: 'date' });
      out += ISO_DATE;
    } else if (element.type === TYPE.argument || element.type === TYPE.number) {
      groups.push({ name: element.value, kind: 'text' });
      // `{number}` is a paragraph's number as the text prints it (3, 3 bis), and nothing longer.
      out += element.value === 'number' ? PARAGRAPH_NUMBER : '(.+?)';
    } else {
      throw new Error(`msg. patterns take plain arguments, plurals, selects and dates only (${TYPE[element.type]})`);
    }
  }
  return out;
}

function compile(key: MessageKey): Pattern {
  const groups: Pattern['groups'] = [];
  return { key, groups, match: new RegExp(`^${source(parse(en[key]), groups, null)}$`, 's') };
}

let patterns: Pattern[] | null = null;

type Found = { key: MessageKey; values: Record<string, string | number | Date> };

function findPattern(english: string): Found | null {
  // In catalogue order: a pattern that could take a longer sentence (a paragraph's label) comes last.
  patterns ??= (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('msg.')).map(compile);
  for (const pattern of patterns) {
    const found = pattern.match.exec(english);
    if (!found) continue;
    const values: Found['values'] = {};
    pattern.groups.forEach((group, i) => {
      const value = found[i + 1];
      if (value === undefined || group.name in values) return;
      values[group.name] = group.fixed ?? (group.kind === 'count' ? Number(value.replace(/,/g, '')) : group.kind === 'date' ? new Date(value) : value);
    });
    return { key: pattern.key, values };
  }
  return null;
}

/** What the sender filled in, in `language`: a message, a list of messages, or words carried as they are. */
function localiseValue(language: Language, name: string, value: string | number | Date): string | number | Date {
  if (typeof value !== 'string' || name === 'words') return value;
  if (name === 'number') return paragraphNumberIn(value, language);
  // A list whose every item is a message is translated item by item; otherwise it is one message.
  const items = value.split(LIST_SEPARATOR);
  if (items.length > 1 && items.every((item) => findPattern(item.trim()))) return items.map((item) => localiseMessage(language, item)).join(LIST_JOIN[language]);
  return localiseMessage(language, value);
}

/**
 * The message in `language` if the catalogue knows it; otherwise as it was written. English
 * comes back as it was written unless it carries a date, which every reader gets as a date.
 */
export function localiseMessage(language: Language, english: string): string {
  if (language === 'en' && !CARRIES_DATE.test(english)) return english;
  const trimmed = english.trim();
  const found = findPattern(trimmed);
  if (!found) return english;
  // What the sender filled in may itself be a message ("This decision cannot be undone: {problems}.").
  const values = Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, localiseValue(language, name, value)]));
  return translate(language, found.key, values);
}
