import { describe, expect, it } from 'vitest';
import { paragraphFingerprint, pendingTranslation, type ParagraphAlignment } from '../../shared/i18n/language-versions.ts';

const prints = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([pid, text]) => [pid, paragraphFingerprint(text)]));
const aligned = (source: Record<string, string>, own: Record<string, string>) =>
  new Map<string, ParagraphAlignment>(Object.keys(source).map((pid) => [pid, { pid, sourceHash: paragraphFingerprint(source[pid]!), ownHash: paragraphFingerprint(own[pid]!) }]));

describe('paragraphs pending translation', () => {
  const english = { p1: 'To take note of the progress made.', p2: 'To invite member states to submit contributions.' };
  const spanish = { p1: 'Tomar nota de los avances.', p2: 'Invitar a los Estados Miembros a presentar contribuciones.' };

  it('a new version is pending everywhere until the Secretariat aligns it; then nothing is', () => {
    const fresh = pendingTranslation({ documentId: 'en', fingerprints: prints(english) }, [{ documentId: 'es', fingerprints: prints(english), alignments: new Map() }]);
    expect(fresh.get('es')).toEqual(['p1', 'p2']);
    expect(fresh.get('en')).toEqual([]);
    const done = pendingTranslation({ documentId: 'en', fingerprints: prints(english) }, [{ documentId: 'es', fingerprints: prints(spanish), alignments: aligned(english, spanish) }]);
    expect(done.get('es')).toEqual([]);
    expect(done.get('en')).toEqual([]);
  });

  it('an amendment accepted in the original makes the version’s paragraph pending, and only that one', () => {
    const amended = { ...english, p2: 'To invite member states and organizations to submit contributions.' };
    const state = pendingTranslation({ documentId: 'en', fingerprints: prints(amended) }, [{ documentId: 'es', fingerprints: prints(spanish), alignments: aligned(english, spanish) }]);
    expect(state.get('es')).toEqual(['p2']);
    expect(state.get('en')).toEqual([]);
  });

  it('a change accepted in a version makes the original’s paragraph pending; spacing alone is no change', () => {
    const amended = { ...spanish, p1: 'Tomar nota con satisfacción de los avances.' };
    const state = pendingTranslation({ documentId: 'en', fingerprints: prints(english) }, [
      { documentId: 'es', fingerprints: prints(amended), alignments: aligned(english, spanish) },
      { documentId: 'fr', fingerprints: prints({ p1: 'Prendre note  des progrès.', p2: 'Inviter.' }), alignments: aligned(english, { p1: 'Prendre note des progrès.', p2: 'Inviter.' }) },
    ]);
    expect(state.get('en')).toEqual(['p1']);
    expect(state.get('es')).toEqual([]);
    expect(state.get('fr')).toEqual([]);
  });

  it('a paragraph proposed in a version alone pends nowhere', () => {
    const state = pendingTranslation({ documentId: 'en', fingerprints: prints(english) }, [
      { documentId: 'es', fingerprints: prints({ ...spanish, p9: 'Un párrafo nuevo.' }), alignments: aligned(english, spanish) },
    ]);
    expect(state.get('es')).toEqual([]);
    expect(state.get('en')).toEqual([]);
  });
});
