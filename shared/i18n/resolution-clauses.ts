/**
 * How a resolution's paragraphs are told apart in the OAS's four official languages, the way a
 * reader does it: a preambular paragraph opens with a participle or adjective in capitals
 * ("RECALLING", "TENIENDO PRESENTE", "RAPPELANT", "TENDO VISTO"); the operative part opens with a
 * verb in capitals standing alone ("RESOLVES:", "RESUELVE:", "DÉCIDE :", "RESOLVE:"), and its
 * paragraphs are the ones after it. Pure: the import and any later reader share it.
 */

/** Capital letters of the four languages, accented ones included. */
const UPPER = 'A-ZÁÉÍÓÚÜÑÀÂÆÇÈÊËÎÏÔŒÙÛŸÃÕ';

/**
 * Openings that are not recognisable by their ending: adjectives, adverbs and the few
 * participles that end otherwise ("VISTO", "CONVAINCUE").
 */
const PREAMBULAR_WORDS = new Set([
  // English
  'HAVING', 'BEARING', 'MINDFUL', 'AWARE', 'CONVINCED', 'CONSCIOUS', 'DEEPLY', 'GRAVELY', 'FURTHER', 'ALARMED', 'NOTING',
  // Spanish
  'VISTO', 'VISTOS', 'CONSCIENTE', 'CONSCIENTES', 'PROFUNDAMENTE', 'GRAVEMENTE', 'PERSUADIDA', 'PERSUADIDO',
  // French
  'VU', 'CONVAINCUE', 'CONVAINCU', 'CONVAINCUS', 'CONSCIENTE', 'PROFONDÉMENT', 'GRAVEMENT', 'RÉSOLUE', 'SOUCIEUSE', 'SOUCIEUX',
  // Portuguese
  'CIENTE', 'CIENTES', 'PROFUNDAMENTE',
]);

/**
 * Endings of the participles that open preambular paragraphs: English -ING/-ED; Spanish and
 * Portuguese gerunds (-ANDO, -IENDO, -ENDO, -INDO) and participles (-ADA, -IDA …); French present
 * participles (-ANT) and agreed past participles (-ÉE, -ÉS).
 */
const PREAMBULAR_ENDING = new RegExp(`^[${UPPER}]+(?:ING|ED|ANDO|IENDO|YENDO|ENDO|INDO|ADA|ADO|IDA|IDO|ADAS|ADOS|IDAS|IDOS|ANT|ÉE|ÉES|ÉS)$`);

/** The verbs that open the operative part, standing alone on their line. */
const OPERATIVE_VERBS = new Set([
  // English
  'RESOLVES', 'DECIDES', 'DECLARES', 'AGREES', 'ADOPTS',
  // Spanish (DECIDE and DECLARA are Portuguese too)
  'RESUELVE', 'DECIDE', 'DECLARA', 'ACUERDA',
  // French
  'DÉCIDE', 'DÉCLARE', 'CONVIENT', 'ADOPTE',
  // Portuguese
  'RESOLVE', 'ACORDA', 'ADOTA',
]);

/** A paragraph number typed as text: "1." "2)" "10 -". */
export const TYPED_NUMBER = /^\s*\d{1,3}\s*[.)\-–]\s+/;
/** A lettered or roman sub-item typed as text: "a)" "(b)" "iv." — part of the paragraph above it, never one of its own. */
const TYPED_SUB_ITEM = /^\s*\(?(?:[a-z]|[ivx]{1,5})[.)]\s+/i;

/** The first word, in capitals as negotiated texts write it, or null. */
function openingWord(text: string): string | null {
  const match = new RegExp(`^\\s*([${UPPER}]+)(?![${UPPER.toLowerCase()}a-z'’])`).exec(text);
  return match ? match[1]! : null;
}

/**
 * "RECALLING resolution …" is preambular; "THE GENERAL ASSEMBLY," and a title in capitals are
 * not: a preambular paragraph goes on in lower case after its opening.
 */
export function opensPreambularParagraph(text: string): boolean {
  const word = openingWord(text);
  if (!word || word.length < 2) return false;
  if (!/\p{Ll}/u.test(text)) return false;
  return PREAMBULAR_WORDS.has(word) || PREAMBULAR_ENDING.test(word);
}

/** "RESOLVES:", "RESUELVE:", "DÉCIDE :" — the verb alone, perhaps with its colon or comma. */
export function opensOperativePart(text: string): boolean {
  const bare = text.replace(/[\s\u00a0\u202f]*[:.,;]?[\s\u00a0\u202f]*$/u, '').trim();
  return OPERATIVE_VERBS.has(bare);
}

export function isTypedNumber(text: string): boolean {
  return TYPED_NUMBER.test(text);
}

export function isTypedSubItem(text: string): boolean {
  return TYPED_SUB_ITEM.test(text) && !TYPED_NUMBER.test(text);
}

export type ClauseKind = 'preambular' | 'operative' | 'body';

/**
 * The kind of each paragraph of a resolution, as a person reading it would number them.
 * `numbered[i]` says whether the paragraph carries a number (typed, or Word's own list).
 * Before the operative part: preambular openings are preambular, anything else body. After
 * "RESOLVES:": numbered paragraphs are operative; when none is numbered, every paragraph after
 * it is (a sub-item "a)" excepted), since the operative part is the rest of the resolution.
 * Without any "RESOLVES:" line, the first numbered paragraph starts the operative part.
 */
export function clauseKinds(paragraphs: readonly { text: string; numbered: boolean }[]): ClauseKind[] {
  const introduction = paragraphs.findIndex((p) => !p.numbered && opensOperativePart(p.text));
  const firstNumbered = paragraphs.findIndex((p) => p.numbered);
  const operativeStart = introduction >= 0 ? introduction + 1 : firstNumbered >= 0 ? firstNumbered : paragraphs.length;
  const anyNumberedAfter = paragraphs.slice(operativeStart).some((p) => p.numbered);
  return paragraphs.map((p, i) => {
    if (i < operativeStart) return p.numbered ? 'operative' : opensPreambularParagraph(p.text) ? 'preambular' : 'body';
    if (p.numbered) return 'operative';
    return !anyNumberedAfter && !isTypedSubItem(p.text) ? 'operative' : 'body';
  });
}
