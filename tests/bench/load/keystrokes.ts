import * as Y from 'yjs';
import type { Participant } from '../../../shared/participants.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { blockStart, editorDoc, propose } from '../../support/editing.ts';

/** Where a typist's caret starts: after "To " in its paragraph, on base text no amendment touches. */
const CARET_OFFSET = 3;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

/**
 * A delegate typing an amendment into one paragraph, one character per keystroke.
 *
 * The first keystroke goes through the editor's own suggestion conversion (`propose`), which
 * opens the amendment. Every later one extends it, exactly as the editor does when typing on at
 * the end of one's own insertion: one character inserted with the same insertion mark. Doing
 * that directly on the Y.XmlText yields byte-for-byte the update `propose` would (checked by
 * `checkEquivalence`) without rebuilding the whole ProseMirror document per keystroke, which
 * would make the harness, not the server, the bottleneck.
 *
 * The same keystrokes go to every server, so all three carry identical updates.
 */
export class Typist {
  private text: Y.XmlText | null = null;
  private mark: Record<string, unknown> | null = null;
  private caret = 0;
  private typed = 0;

  constructor(
    readonly doc: Y.Doc,
    readonly participant: Participant,
    readonly paragraph: number,
  ) {}

  /** Opens the amendment (not measured: it is the typist's first keystroke). */
  open(): void {
    const at = blockStart(editorDoc(this.doc), this.paragraph) + CARET_OFFSET;
    propose(this.doc, this.participant, (tr) => tr.insertText(this.nextChar(), at));
    const block = this.doc.getXmlFragment(TEXT_FIELD).get(this.paragraph);
    if (!(block instanceof Y.XmlElement) || !(block.get(0) instanceof Y.XmlText)) throw new Error('unexpected paragraph shape');
    this.text = block.get(0) as Y.XmlText;
    let index = 0;
    for (const op of this.text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) {
      index += op.insert.length;
      if (op.attributes && Object.keys(op.attributes).some((k) => k.startsWith('insertion'))) {
        this.mark = op.attributes;
        this.caret = index;
        return;
      }
    }
    throw new Error('the opening keystroke left no insertion mark');
  }

  /** One keystroke; returns the Yjs id (client, clock) its update starts at. */
  type(): { client: number; clock: number } {
    if (!this.text || !this.mark) throw new Error('typist not opened');
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    this.text.insert(this.caret++, this.nextChar(), this.mark);
    return { client: this.doc.clientID, clock };
  }

  /** Where the caret is now, as a position other participants' editors can resolve. */
  caretPosition(): Y.RelativePosition {
    if (!this.text) throw new Error('typist not opened');
    return Y.createRelativePositionFromTypeIndex(this.text, this.caret);
  }

  private nextChar(): string {
    return ALPHABET[this.typed++ % ALPHABET.length]!;
  }
}

/**
 * Checks that a direct keystroke encodes exactly as the editor's conversion would (the
 * premise of `Typist`); run once per benchmark so a change in the editor cannot silently
 * make the harness type something else.
 */
export function checkEquivalence(base: Y.Doc, participant: Participant): void {
  const direct = new Y.Doc();
  const converted = new Y.Doc();
  const state = Y.encodeStateAsUpdate(base);
  Y.applyUpdate(direct, state);
  Y.applyUpdate(converted, state);
  const typist = new Typist(direct, participant, 0);
  typist.open();
  Y.applyUpdate(converted, Y.encodeStateAsUpdate(direct, Y.encodeStateVector(converted)));
  // Typing as the same Yjs client (set only now: a doc that receives its own client's changes from elsewhere picks a new id).
  converted.clientID = direct.clientID;
  const before = Y.encodeStateVector(direct);
  typist.type();
  const viaTypist = Y.encodeStateAsUpdate(direct, before);
  const caret = blockStart(editorDoc(converted), 0) + CARET_OFFSET + 1;
  propose(converted, participant, (tr) => tr.insertText('b', caret));
  const viaEditor = Y.encodeStateAsUpdate(converted, before);
  direct.destroy();
  converted.destroy();
  if (Buffer.compare(Buffer.from(viaTypist), Buffer.from(viaEditor)) !== 0) {
    throw new Error(`a direct keystroke no longer matches the editor's update (${viaTypist.length} vs ${viaEditor.length} bytes)`);
  }
}
