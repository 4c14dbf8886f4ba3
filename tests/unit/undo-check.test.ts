import { describe, expect, it } from 'vitest';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { checkUndo, UndoError } from '../../shared/negotiation/undo-check.ts';
import { doc, p } from '../support/builders.ts';

/** The refusal checkUndo throws, or null. */
function refusal(...texts: Parameters<typeof checkUndo>): string | null {
  try {
    checkUndo(...texts);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(UndoError);
    return (error as Error).message;
  }
}

const preamble = (pid: string, words: string, status = 'open') => p({ pid, kind: 'preambular', status }, words);
const operative = (pid: string, words: string, status = 'open') => p({ pid, kind: 'operative', status }, words);

describe('undoing a status the paragraph can no longer take back', () => {
  it('names the paragraph as people cite it (OP 2, PP 1), never by its internal id, in each language', () => {
    const before = doc(preamble('p-aaaaaaaa', 'Recalling its resolutions,'), operative('p-bbbbbbbb', 'Decides.'), operative('p-cccccccc', 'Requests.'));
    const after = doc(preamble('p-aaaaaaaa', 'Recalling its resolutions,', 'agreed'), operative('p-bbbbbbbb', 'Decides.'), operative('p-cccccccc', 'Requests.', 'adref'));
    // Both paragraphs are gone from the text the undo would give back.
    const reverted = doc(operative('p-bbbbbbbb', 'Decides.'));
    const message = refusal(before, after, reverted)!;
    expect(message).toBe('This decision cannot be undone: PP 1 is no longer there to be reopened; OP 2 is no longer there to be reopened.');
    expect(message).not.toMatch(/p-[0-9a-f]{8}/);
    expect(localiseMessage('es', message)).toBe('Esta decisión no se puede deshacer: PP 1 ya no está para reabrirlo; PO 2 ya no está para reabrirlo.');
    expect(localiseMessage('fr', message)).toBe('Cette décision ne peut pas être annulée : AP 1 n’est plus là pour être rouvert ; PD 2 n’est plus là pour être rouvert.');
  });

  it('names an unnumbered paragraph by its first words, carried as written', () => {
    const before = doc(p({ pid: 'p-dddddddd', kind: 'body', status: 'agreed' }, 'The General Assembly,'), operative('p-bbbbbbbb', 'Decides.'));
    const after = doc(p({ pid: 'p-dddddddd', kind: 'body', status: 'open' }, 'The General Assembly,'), operative('p-bbbbbbbb', 'Decides.'));
    const message = refusal(before, after, doc(operative('p-bbbbbbbb', 'Decides.')))!;
    expect(message).toBe('This decision cannot be undone: the paragraph “The General Assembly,” is no longer there to be marked agreed again.');
    expect(localiseMessage('pt', message)).toBe('Esta decisão não pode ser desfeita: o parágrafo “The General Assembly,” não está mais lá para ser marcado como acordado de novo.');
  });
});
