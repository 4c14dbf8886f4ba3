import { DeletedTextRun, InsertedTextRun, NextAttributeComponent, Paragraph, TextRun, XmlComponent, type IParagraphOptions, type IRunOptions } from 'docx';

/**
 * Word's tracked changes as a compilation needs them, beyond what the docx classes offer:
 * - a change whose time is unknown carries no `w:date` (OOXML makes it optional) rather than
 *   the export's time, which would claim the proposal was made when the file was written;
 * - words proposed inside one delegation's insertion and proposed for deletion by another are
 *   a `w:del` inside the `w:ins`, as Word itself writes them: rejecting the insertion or
 *   accepting the deletion removes them, as the agreed and clean views do.
 * The classes extend docx's own so that a paragraph accepts them as children; only their
 * change attributes (and, for a nested change, their content) are replaced.
 */

/** Who made a change and when, if known (`w:date` as Word writes it). */
export interface ChangeRecord {
  id: number;
  author: string;
  date: string | null;
}

function changeAttributes({ id, author, date }: ChangeRecord) {
  return new NextAttributeComponent<Record<string, string | number>>({
    id: { key: 'w:id', value: id },
    author: { key: 'w:author', value: author },
    ...(date ? { date: { key: 'w:date', value: date } } : {}),
  });
}

/** `w:del`: words the change proposes to delete, written as `w:delText`. */
export class TrackedDeletion extends DeletedTextRun {
  constructor(change: ChangeRecord, run: IRunOptions) {
    super({ ...run, id: change.id, author: change.author, date: '' });
    this.root.splice(0, 1, changeAttributes(change));
  }
}

/** `w:ins` around one run, or around a deletion of what it inserts. */
export class TrackedInsertion extends InsertedTextRun {
  constructor(change: ChangeRecord, content: TextRun | TrackedDeletion) {
    super({ id: change.id, author: change.author, date: '' });
    this.root.splice(0, this.root.length, changeAttributes(change), content);
  }
}

/** The run properties of an inserted paragraph mark: `<w:rPr><w:ins …/></w:rPr>`. */
class InsertedMark extends XmlComponent {
  constructor(change: ChangeRecord) {
    super('w:rPr');
    const insertion = new (class extends XmlComponent {
      constructor() {
        super('w:ins');
        this.root.push(changeAttributes(change));
      }
    })();
    this.root.push(insertion);
  }
}

/**
 * A paragraph whose mark is a tracked insertion: rejecting it joins what is left of the
 * paragraph (nothing, once its inserted words are rejected) to the next one.
 */
export class InsertedParagraph extends Paragraph {
  constructor(options: IParagraphOptions, mark: ChangeRecord) {
    super(options);
    // root[0] is the paragraph's w:pPr; the mark's run properties come last in it (CT_PPr).
    this.root[0].push(new InsertedMark(mark));
  }
}
