import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../shared/i18n/catalogues/en.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
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

/** Messages of placeholders and punctuation only, the same in every language. */
const NO_WORDS: MessageKey[] = ['attribution.decided', 'audit.where', 'doc.annexEntry', 'doc.compare.decided', 'export.linkTitle'];

/**
 * Words that are the same in the other language as in English, checked by a person: words
 * spelled alike ("Documents", "Participants" in French), abbreviations kept (PP, Ad ref.),
 * quotation marks that are the same (Portuguese “…”).
 */
const SAME_AS_ENGLISH: Record<'es' | 'fr' | 'pt', MessageKey[]> = {
  es: ['doc.original', 'msg.paragraph.preambular', 'ref.preambular', 'status.adref', 'versions.original'],
  fr: [
    'calls.link', 'documents.count', 'documents.pageTitle', 'documents.title', 'editor.back', 'editor.document', 'export.variant.compilation',
    'organizations.code', 'participants.column.actions', 'participants.column.participant', 'participants.pageTitle', 'participants.title', 'revisions.note',
    'topBar.documents', 'topBar.home', 'topBar.participants', 'versions.original', 'view.compilationButton',
  ],
  pt: ['amendment.quote', 'doc.original', 'msg.paragraph.preambular', 'ref.body', 'ref.preambular', 'status.adref', 'versions.original'],
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

  it.each(['es', 'fr', 'pt'] as const)('%s: no message is left in English unless it is spelled the same on purpose', (language) => {
    const same = keys.filter((key) => CATALOGUES[language][key] === en[key] && !NO_WORDS.includes(key));
    expect(same.sort()).toEqual([...SAME_AS_ENGLISH[language]].sort());
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

describe('messages worded in English where they arise', () => {
  it('reach people in their language, with what the sender filled in carried over', () => {
    expect(localiseMessage('es', 'observers follow the text but cannot change it')).toBe('los observadores siguen el texto pero no pueden modificarlo');
    expect(localiseMessage('fr', 'The cursor is inside MEX’s amendment; switch to Suggesting to propose a change to it.')).toBe(
      'Le curseur est dans l’amendement de MEX ; passez en mode Suggestions pour y proposer une modification.',
    );
    expect(localiseMessage('pt', 'the file is larger than 5 MB')).toBe('o arquivo tem mais de 5 MB');
  });

  it('stay as they came when the catalogue has no pattern for them, and in English for English', () => {
    expect(localiseMessage('es', 'something nobody has translated yet')).toBe('something nobody has translated yet');
    expect(localiseMessage('en', 'observers follow the text but cannot change it')).toBe('observers follow the text but cannot change it');
    // A pattern matches the whole message, not a message that merely contains it.
    expect(localiseMessage('fr', 'no such document, or so it seems')).toBe('no such document, or so it seems');
  });
});

describe('the import’s refusals', () => {
  it('are patterns for what the import says, numbers and names carried over', () => {
    expect(localiseMessage('es', 'the file is packed far more tightly than a Word document (word/document.xml: over 200 to 1)')).toBe(
      'el archivo está mucho más comprimido que un documento de Word (word/document.xml: más de 200 a 1)',
    );
    expect(localiseMessage('fr', 'a paragraph is longer than 20,000 characters (it begins “Considérant que …”)')).toBe(
      'un paragraphe dépasse 20,000 caractères (il commence par « Considérant que … »)',
    );
    expect(localiseMessage('pt', 'this is not a Word (.docx) file')).toBe('este não é um arquivo do Word (.docx)');
    // The paragraph's own words are quoted as they are, even words that read like a message.
    expect(localiseMessage('es', 'a paragraph is longer than 20,000 characters (it begins “this is not a Word (.docx) file…”)')).toBe(
      'un párrafo tiene más de 20,000 caracteres (empieza «this is not a Word (.docx) file…»)',
    );
  });
});
