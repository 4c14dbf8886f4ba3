import type { Participant } from '../../shared/participants.ts';
import { DELEGATIONS } from '../../shared/delegations.ts';
import { newParagraphId, newYDoc } from '../../server/sync/document-state.ts';
import { doc, p } from '../support/builders.ts';
import { blockStart, editorDoc, propose, writeBack } from '../support/editing.ts';
import type * as Y from 'yjs';

const SENTENCE =
  'To request the General Secretariat to continue to lend coordinated support to initiatives by member states aimed at preventing and fully addressing the phenomenon of criminal gangs';

export function delegate(code: string): Participant {
  return { id: `${code}-delegate`, name: code, role: 'delegation', delegation: code };
}

/**
 * A negotiation in full swing: `paragraphs` operative paragraphs and `amendments` pending
 * amendments (insertions, deletions, replacements) from the member states, spread evenly.
 */
export function negotiatedDocument(paragraphs = 200, amendments = 1000): Y.Doc {
  const ydoc = newYDoc();
  writeBack(ydoc, doc(...Array.from({ length: paragraphs }, () => p(newParagraphId(), SENTENCE))));
  const perParagraph = Math.ceil(amendments / paragraphs);
  let made = 0;
  for (let block = 0; block < paragraphs && made < amendments; block++) {
    for (let k = 0; k < perParagraph && made < amendments; k++, made++) {
      const who = delegate(DELEGATIONS[made % DELEGATIONS.length]!.code);
      // Work from the end of the paragraph backwards so earlier offsets stay on base text.
      const offset = SENTENCE.length - 12 - k * 30;
      const start = blockStart(editorDoc(ydoc), block) + offset;
      propose(ydoc, who, (tr) =>
        k % 3 === 0 ? tr.insertText(' duly', start) : k % 3 === 1 ? tr.delete(start, start + 4) : tr.insertText('assist', start, start + 4),
      );
    }
  }
  return ydoc;
}
