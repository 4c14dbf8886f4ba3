import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { en, type MessageKey } from './catalogues/en.ts';
import type { Language } from './languages.ts';
import { translate } from './translate.ts';

/**
 * Messages worded in English where they arise — the rules in shared/ that refuse an edit, the
 * server's answers — reach people in their own language here: each catalogue message under
 * `msg.` is also a pattern, its English text with `{name}` standing for whatever the sender
 * filled in, the way gettext keys a translation by its source text. A count the sender wrote
 * ("20001 pieces") matches the English plural (`{count, plural, one {# piece} other {# pieces}}`)
 * and is handed on as a number, so each language words it by its own plural rules. The places
 * that word them stay plain and testable; a message with no pattern yet is shown as it came.
 */
interface Pattern {
  key: MessageKey;
  /** The argument each capturing group fills, in order; a plural's groups are numbers. */
  groups: { name: string; count: boolean; fixed?: number }[];
  match: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A number as a sender writes it: "20001", "20,001", "1.5". */
const NUMBER = '(\\d[\\d,.]*)';

/** A paragraph's number: "3", "3 bis", "12 quater". */
const PARAGRAPH_NUMBER = '(\\d+(?: [a-z]+)?)';

function source(elements: MessageFormatElement[], groups: Pattern['groups'], count: string | null): string {
  let out = '';
  for (const element of elements) {
    if (element.type === TYPE.literal) out += escape(element.value);
    else if (element.type === TYPE.pound && count) {
      groups.push({ name: count, count: true });
      out += NUMBER;
    } else if (element.type === TYPE.plural) {
      // An option that says its number in words ("one {a pending amendment}") still tells it:
      // an empty group marks that this option was the one that matched.
      const options = Object.entries(element.options).map(([selector, option]) => {
        const fixed = selector === 'one' ? 1 : /^=\d+$/.test(selector) ? Number(selector.slice(1)) : undefined;
        if (fixed === undefined) return source(option.value, groups, element.value);
        groups.push({ name: element.value, count: true, fixed });
        return `()${source(option.value, groups, element.value)}`;
      });
      out += `(?:${options.map((o) => `(?:${o})`).join('|')})`;
    } else if (element.type === TYPE.argument || element.type === TYPE.number) {
      groups.push({ name: element.value, count: false });
      // `{number}` is a paragraph's number as the text prints it (3, 3 bis), and nothing longer.
      out += element.value === 'number' ? PARAGRAPH_NUMBER : '(.+?)';
    } else {
      throw new Error(`msg. patterns take plain arguments and plurals only (${TYPE[element.type]})`);
    }
  }
  return out;
}

function compile(key: MessageKey): Pattern {
  const groups: Pattern['groups'] = [];
  return { key, groups, match: new RegExp(`^${source(parse(en[key]), groups, null)}$`, 's') };
}

let patterns: Pattern[] | null = null;

function findPattern(english: string): { key: MessageKey; values: Record<string, string | number> } | null {
  // In catalogue order: a pattern that could take a longer sentence (a paragraph's label) comes last.
  patterns ??= (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('msg.')).map(compile);
  for (const pattern of patterns) {
    const found = pattern.match.exec(english);
    if (!found) continue;
    const values: Record<string, string | number> = {};
    pattern.groups.forEach((group, i) => {
      const value = found[i + 1];
      if (value === undefined || group.name in values) return;
      values[group.name] = group.fixed ?? (group.count ? Number(value.replace(/,/g, '')) : value);
    });
    return { key: pattern.key, values };
  }
  return null;
}

/** The message in `language` if the catalogue knows it; otherwise as it was written. */
export function localiseMessage(language: Language, english: string): string {
  if (language === 'en') return english;
  const trimmed = english.trim();
  const found = findPattern(trimmed);
  if (!found) return english;
  // What the sender filled in may itself be a message ("This decision cannot be undone: {problems}.").
  const values = Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, typeof value === 'string' ? localiseMessage(language, value) : value]));
  return translate(language, found.key, values);
}
