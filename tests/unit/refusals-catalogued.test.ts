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
  'shared/negotiation/numbering.ts',
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

/** Samples for what the source fills in: a number fits a count and a name alike; a date a deadline. */
const SAMPLE = '12';
const DATE_SAMPLE = '2026-12-15T17:00:00Z';

/** The sentences worded in a source: string and template literals of three words or more, outside comments. */
function sentences(file: string, sample = SAMPLE): { line: number; text: string }[] {
  const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const found: { line: number; text: string }[] = [];
  const literal = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|\$\{(?:[^{}]|\{[^{}]*\})*\}|[^`\\])*)`/g;
  for (const match of source.matchAll(literal)) {
    const raw = match[1] ?? match[2] ?? match[3];
    if (raw === undefined) continue; // a comment
    // A template's own ternaries (`${many ? 'them' : 'it'}`) are words of the same sentence.
    const text = raw
      .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, sample)
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
      const dated = sentences(file, DATE_SAMPLE);
      sentences(file).forEach(({ line, text }, i) => {
        for (const language of LANGUAGES.filter((l) => l !== 'en')) {
          if (localiseMessage(language, text) === text && localiseMessage(language, dated[i]!.text) === dated[i]!.text) untranslated.push(`${file}:${line} (${language}): ${text}`);
        }
      });
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

  it('a refusal that names a pending amendment says it in the singular or the plural, each amendment’s shape and the paragraph’s number in the language', () => {
    expect(localiseMessage('pt', 'A pending amendment still stands in OP 3: a1 (MEX, insertion). Accept or reject it before agreeing the paragraph.')).toBe(
      'Uma emenda pendente ainda está em PO 3: a1 (MEX, inserção). Aceite-a ou rejeite-a antes de acordar o parágrafo.',
    );
    expect(localiseMessage('es', '3 pending amendments still stand in OP 3 bis: a1 (MEX, insertion); a2 (CAN, deletion); a3 (BRA, new paragraph). Accept or reject them before agreeing the paragraph.')).toBe(
      '3 enmiendas pendientes siguen en PO 3 bis: a1 (MEX, inserción); a2 (CAN, supresión); a3 (BRA, párrafo nuevo). Acéptelas o recházelas antes de acordar el párrafo.',
    );
    expect(localiseMessage('fr', 'A pending amendment still stands in OP new 1 bis: MEX:0a1b2c3d (MEX, replacement). Accept or reject it before agreeing the paragraph.')).toBe(
      'Un amendement en attente figure encore dans PD nouveau 1 bis : MEX:0a1b2c3d (MEX, remplacement). Acceptez-le ou rejetez-le avant d’agréer le paragraphe.',
    );
    // A paragraph with no number is named by its first words, which are the negotiators' and stay as they wrote them.
    expect(localiseMessage('es', 'A pending amendment still stands in the paragraph “no such document”: a1 (MEX, deletion). Accept or reject it before agreeing the paragraph.')).toBe(
      'Una enmienda pendiente sigue en el párrafo «no such document»: a1 (MEX, supresión). Acéptela o recházela antes de acordar el párrafo.',
    );
  });

  it('a refusal to undo names a paragraph by its number, and each of several problems in the language', () => {
    expect(localiseMessage('pt', 'This decision cannot be undone: OP 4 is no longer there to be marked agreed again.')).toBe(
      'Esta decisão não pode ser desfeita: PO 4 não está mais lá para ser marcado como acordado de novo.',
    );
    expect(localiseMessage('fr', 'This decision cannot be undone: PP 2 is no longer there to be reopened; MEX’s amendment MEX:0a1b2c3d (“would stay”) would stay.')).toBe(
      'Cette décision ne peut pas être annulée : AP 2 n’est plus là pour être rouvert ; l’amendement MEX:0a1b2c3d de MEX (« would stay ») resterait.',
    );
  });

  it('a refusal that carries a date gives it as a date and time in UTC, in every language, English too', () => {
    const late = (deadline: string) => `the deadline for contributions passed on ${deadline}; a late contribution is taken only if the Secretariat accepts it`;
    expect(localiseMessage('en', late('2026-12-15T17:00:00Z'))).toMatch(/^the deadline for contributions passed on December 15, 2026 at 5:00\sPM UTC; a late/);
    expect(localiseMessage('es', late('2026-12-15T12:00:00-05:00'))).toMatch(/^el plazo para las contribuciones venció el 15 de diciembre de 2026,? a las 17:00 UTC; una contribución/);
    expect(localiseMessage('fr', late('2026-12-15T17:00:00.000Z'))).toMatch(/^la date limite des contributions est passée le 15 décembre 2026 à 17:00 UTC ; une/);
    expect(localiseMessage('pt', late('2026-12-15T17:00:00Z'))).toMatch(/^o prazo para as contribuições venceu em 15 de dezembro de 2026 às 17:00 UTC; uma/);
  });

  it('the Word preview’s paragraph labels, alone or inside a refusal, and nothing that merely begins like one', () => {
    expect(localiseMessage('es', 'paragraph 3 bis')).toBe('párrafo 3 bis');
    expect(localiseMessage('fr', 'paragraph 12: the words to delete are no longer there')).toBe('paragraphe 12 : les mots à supprimer n’y sont plus');
    expect(localiseMessage('es', 'paragraph removed by someone')).toBe('paragraph removed by someone');
  });

  it('a refusal that carries another carries it translated too', () => {
    expect(localiseMessage('fr', 'This decision cannot be undone: the text where they stood is gone.')).toBe('Cette décision ne peut pas être annulée : le texte où ils se trouvaient a disparu.');
  });
});
