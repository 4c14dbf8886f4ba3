import { en, type MessageKey } from './catalogues/en.ts';
import type { Language } from './languages.ts';
import { translate } from './translate.ts';

/**
 * Messages worded in English where they arise — the rules in shared/ that refuse an edit, the
 * server's answers — reach people in their own language here: each catalogue message under
 * `msg.` is also a pattern, its English text with `{name}` standing for whatever the sender
 * filled in, the way gettext keys a translation by its source text. The places that word them
 * stay plain and testable; a message with no pattern yet is shown as it came.
 */
interface Pattern {
  key: MessageKey;
  names: string[];
  match: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(key: MessageKey): Pattern {
  const names: string[] = [];
  const source = en[key]
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return escape(part);
      names.push(name);
      return '(.+?)';
    })
    .join('');
  return { key, names, match: new RegExp(`^${source}$`, 's') };
}

let patterns: Pattern[] | null = null;

function findPattern(english: string): { key: MessageKey; values: Record<string, string> } | null {
  patterns ??= (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('msg.')).map(compile);
  for (const pattern of patterns) {
    const found = pattern.match.exec(english);
    if (found) return { key: pattern.key, values: Object.fromEntries(pattern.names.map((name, i) => [name, found[i + 1]!])) };
  }
  return null;
}

/** The message in `language` if the catalogue knows it; otherwise as it was written. */
export function localiseMessage(language: Language, english: string): string {
  if (language === 'en') return english;
  const trimmed = english.trim();
  const found = findPattern(trimmed);
  return found ? translate(language, found.key, found.values) : english;
}
