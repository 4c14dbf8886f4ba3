import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';

/**
 * Issue 17: what the server and the rules say to people when they refuse something is worded
 * in English where it arises and reaches people through the catalogues' `msg.` patterns. This
 * reads the sources that word such refusals and checks that every sentence in them has a
 * pattern, so a refusal added (or reworded) without its translations fails here, not in a
 * meeting. Words that are `${…}` in the source are filled in with a sample.
 */
const SOURCES = [
  'server/app.ts',
  'server/http/validation.ts',
  'server/http/document-access.ts',
  'server/http/origin.ts',
  'server/auth/session.ts',
  'server/routes/calls.ts',
  'server/routes/working-copies.ts',
  'server/calls/call-access.ts',
  'server/calls/compile.ts',
  'server/routes/decisions.ts',
  'server/routes/documents.ts',
  'server/routes/export.ts',
  'server/routes/import.ts',
  'server/routes/language-import.ts',
  'server/routes/language-versions.ts',
  'server/routes/organizations.ts',
  'server/routes/participants.ts',
  'server/routes/revisions.ts',
  'server/routes/session.ts',
  'server/routes/usage.ts',
  'server/routes/word-upload.ts',
  'server/word/placement.ts',
  'server/word/apply-plan.ts',
  'server/word/word-amendments.ts',
  'server/word/word-reading.ts',
  'server/import/docx-import.ts',
  'server/import/zip-directory.ts',
  'server/negotiation/undo.ts',
  'server/sync/update-bounds.ts',
  'server/sync/participant-budgets.ts',
  'server/sync/admission.ts',
  'server/sync/room-bounds.ts',
  'server/sync/judge.ts',
  'server/sync/judging-thread.ts',
  'server/sync/room.ts',
  'server/sync/peer.ts',
  'server/sync/socket-route.ts',
  'shared/calls.ts',
  'shared/documents.ts',
  'shared/duties.ts',
  'shared/organizations.ts',
  'shared/participants.ts',
  'shared/negotiation/suggest.ts',
  'shared/negotiation/update-rules.ts',
  'shared/negotiation/mark-history.ts',
  'shared/negotiation/decisions.ts',
  'shared/negotiation/undo-check.ts',
  'shared/editing/redo-history.ts',
  'client/editor/direct-edit-guard.ts',
];

/** Sentences in those files that never reach a person: server logs, programming errors. */
const NOT_FOR_PEOPLE = [
  /^\[/, // logs: "[room …] could not …"
  /^Internal Server Error$/,
  /^lifting unseen strikes$/,
  /^the import thread/,
  /^the judging thread/,
];

/** A sample for what the source fills in: a number fits a count and a name alike. */
const SAMPLE = '12';

/** The sentences worded in a source: string and template literals of three words or more, outside comments. */
function sentences(file: string): { line: number; text: string }[] {
  const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const found: { line: number; text: string }[] = [];
  const literal = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|\$\{(?:[^{}]|\{[^{}]*\})*\}|[^`\\])*)`/g;
  for (const match of source.matchAll(literal)) {
    const raw = match[1] ?? match[2] ?? match[3];
    if (raw === undefined) continue; // a comment
    // A template's own ternaries (`${many ? 'them' : 'it'}`) are words of the same sentence.
    const text = raw
      .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, SAMPLE)
      .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/\\(.)/g, '$1');
    if (!/\p{L}{2,} \p{L}{2,} \p{L}{2,}/u.test(text) || /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH)\b/i.test(text)) continue;
    const before = source.slice(Math.max(0, match.index - 80), match.index);
    if (/console\.\w+\([^)]*$|new Error\($/.test(before)) continue;
    if (NOT_FOR_PEOPLE.some((p) => p.test(text))) continue;
    found.push({ line: source.slice(0, match.index).split('\n').length, text });
  }
  return found;
}

describe('refusals worded where they arise', () => {
  it('each has a pattern in the catalogues, so people read it in their language', () => {
    const untranslated: string[] = [];
    for (const file of SOURCES) {
      for (const { line, text } of sentences(file)) {
        for (const language of LANGUAGES.filter((l) => l !== 'en')) {
          if (localiseMessage(language, text) === text) untranslated.push(`${file}:${line} (${language}): ${text}`);
        }
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('the sync limits’ refusals carry their counts into each language’s plural', () => {
    const refusal = 'this change adds too much at once (20001 pieces; at most 20000): make it in smaller parts';
    expect(localiseMessage('es', refusal)).toBe('este cambio añade demasiado de una vez (20.001 fragmentos; como máximo 20000): hágalo en partes más pequeñas');
    expect(localiseMessage('fr', 'this paragraph holds too much formatting to take more (1 mark; at most 0): ask the Chair to settle its amendments')).toBe(
      'ce paragraphe contient trop de mise en forme pour en recevoir davantage (1 marque ; au plus 0) : demandez à la Présidence de statuer sur ses amendements',
    );
  });

  it('a refusal that names a pending amendment says it in the singular or the plural', () => {
    expect(localiseMessage('pt', 'OP 3 still holds a pending amendment: a1 (MEX, insertion). Accept or reject it before agreeing the paragraph.')).toBe(
      'OP 3 ainda tem uma emenda pendente: a1 (MEX, insertion). Aceite-a ou rejeite-a antes de acordar o parágrafo.',
    );
    expect(localiseMessage('es', 'OP 3 still holds 2 pending amendments: a1 (MEX, insertion), a2 (CAN, deletion). Accept or reject them before agreeing the paragraph.')).toBe(
      'OP 3 todavía tiene 2 enmiendas pendientes: a1 (MEX, insertion), a2 (CAN, deletion). Acéptelas o recházelas antes de acordar el párrafo.',
    );
  });

  it('the Word preview’s paragraph labels, alone or inside a refusal, and nothing that merely begins like one', () => {
    expect(localiseMessage('es', 'paragraph 3 bis')).toBe('párrafo 3 bis');
    expect(localiseMessage('fr', 'paragraph 12: the words to delete are no longer there')).toBe('paragraphe 12 : les mots à supprimer n’y sont plus');
    expect(localiseMessage('pt', 'paragraph p-0000002a is no longer there to be marked agreed again')).toBe('o parágrafo p-0000002a não está mais lá para ser marcado como acordado de novo');
    expect(localiseMessage('es', 'paragraph removed by someone')).toBe('paragraph removed by someone');
  });

  it('a refusal that carries another carries it translated too', () => {
    expect(localiseMessage('fr', 'This decision cannot be undone: the text where they stood is gone.')).toBe('Cette décision ne peut pas être annulée : le texte où ils se trouvaient a disparu.');
  });
});
