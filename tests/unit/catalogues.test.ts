import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../shared/i18n/catalogues/en.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { CATALOGUES, translate } from '../../shared/i18n/translate.ts';

/** The arguments a message takes, with how it formats each: "count:plural", "at:date". */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      argumentsOf(element.children, into);
      continue;
    }
    into.add(`${element.value}:${TYPE[element.type]}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) argumentsOf(option.value, into);
  }
  return into;
}

/**
 * Words that are the same in the other language as in English, checked by a person: names
 * (Accord), words spelled alike ("Documents" in French, "Guatemala"), symbols.
 */
const SAME_AS_ENGLISH: Partial<Record<(typeof LANGUAGES)[number], MessageKey[]>> = {
  fr: ['topBar.home', 'topBar.documents', 'topBar.participants', 'documents.pageTitle', 'documents.title', 'documents.count', 'editor.document', 'editor.back', 'participants.pageTitle', 'participants.title', 'participants.column.participant', 'participants.column.actions'],
};

const keys = Object.keys(en) as MessageKey[];

describe('message catalogues', () => {
  it.each(LANGUAGES)('%s: every message parses and takes exactly the arguments the English one takes', (language) => {
    for (const key of keys) {
      const english = [...argumentsOf(parse(en[key]))].sort();
      const message = CATALOGUES[language][key];
      expect(message, `${language} ${key}`).toBeTypeOf('string');
      expect([...argumentsOf(parse(message))].sort(), `${language} ${key}`).toEqual(english);
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s: no message is left in English unless it is spelled the same on purpose', (language) => {
    const same = keys.filter((key) => CATALOGUES[language][key] === en[key]);
    expect(same.sort()).toEqual([...(SAME_AS_ENGLISH[language] ?? [])].sort());
  });

  it('plurals follow each language’s rules and dates its calendar words', () => {
    expect(translate('en', 'documents.count', { count: 1 })).toBe('1 document');
    expect(translate('es', 'documents.count', { count: 2 })).toBe('2 documentos');
    // French counts 0 and 1 alike; Portuguese (Brazil, the OAS's) too.
    expect(translate('fr', 'documents.count', { count: 0 })).toBe('0 document');
    expect(translate('pt', 'documents.count', { count: 0 })).toBe('0 documento');
    const at = new Date(2026, 11, 2, 14, 5);
    expect(translate('es', 'document.updated', { at })).toMatch(/^Actualizado el 2 dic\.?, 14:05$/);
    expect(translate('fr', 'document.updated', { at })).toMatch(/^Mis à jour le 2 déc\., 14:05$/);
    expect(translate('en', 'document.updated', { at })).toMatch(/^Updated Dec 2, 2:05\sPM$/);
  });
});
