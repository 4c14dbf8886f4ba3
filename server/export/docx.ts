import { DeletedTextRun, FootnoteReferenceRun, HeadingLevel, InsertedTextRun, Paragraph, Tab, TabStopType, TextRun, type IPropertiesOptions, type IRunOptions, type ParagraphChild } from 'docx';
import { DocxComments, DocxIds, masthead, NUMBER_TAB, packDocx, wordDate, xmlSafe } from './docx-kit.ts';
import { subtitleOf } from './html.ts';
import { groupProposals } from './inline.ts';
import { numberPrefix, proposalNote, proposedParagraphNote } from './labels.ts';
import type { DeletionGroupPiece, ExportBlock, ExportModel, InlinePiece, Proposal, TextStyle } from './types.ts';

/**
 * The exported text as a Word document.
 *
 * Agreed variant: plain paragraphs, numbers as text before a tab, a real footnote on each
 * paragraph agreed ad referendum.
 *
 * Compilation variant: every pending proposal is a real Word tracked change whose author is
 * the proposer's code (or Chair / Secretariat) and whose date is the proposal's, so a
 * delegation opening the file in Word sees each proposal as a revision by that delegation and
 * can accept or reject it there. Word has no brackets, so:
 * - an insertion is one `w:ins`;
 * - words marked for deletion are one `w:del`. Word cannot attribute the same deleted words to
 *   several authors, so when several delegations propose deleting or replacing the same words,
 *   the deletion is attributed to the earliest proposer and each replacement follows it as a
 *   `w:ins` by its own proposer, in document order; a comment on the group lists every
 *   proposal ("Alternatives for …"), so nobody's proposal goes unnamed;
 * - supporters are named in a comment on the proposal;
 * - a proposed new paragraph is inserted text with an inserted paragraph mark, its `2 bis`
 *   number inserted by the same proposer;
 * - a proposal made inside another's insertion (a nested bracket) is a change of its own
 *   proposer: Word cannot nest revisions, so the words are attributed to the innermost one.
 */
export async function renderDocx(model: ExportModel): Promise<Uint8Array> {
  const ids = new DocxIds();
  const comments = new DocxComments(ids, model.meta.generatedAt);
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const writer = new RunWriter(ids, comments, model.meta.generatedAt);
  const body = [...masthead(model.meta, model.dateLine, subtitleOf(model))];
  for (const block of model.blocks) {
    let footnote: number | null = null;
    if (block.footnote) {
      footnote = Object.keys(footnotes).length + 1;
      footnotes[footnote] = { children: [new Paragraph({ children: [new TextRun(xmlSafe(block.footnote))] })] };
    }
    body.push(blockParagraph(block, writer, footnote));
  }
  if (model.delegations.length) {
    body.push(new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: 'Proposers', bold: true, size: 20 })] }));
    for (const d of model.delegations) body.push(new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: xmlSafe(`${d.code}: ${d.name}`), size: 20 })] }));
  }
  return packDocx({ meta: model.meta, body, comments: comments.all, footnotes: footnotes as IPropertiesOptions['footnotes'] });
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

function blockParagraph(block: ExportBlock, writer: RunWriter, footnote: number | null): Paragraph {
  const proposer = block.proposedBy;
  const children: ParagraphChild[] = [];
  const lead = block.number ? numberPrefix(block.number) : block.list?.style === 'ordered' ? block.list.marker : null;
  if (lead) children.push(...writer.text(lead, PLAIN, { insertedBy: proposer, deletedBy: null }), writer.tab({ insertedBy: proposer, deletedBy: null }));
  children.push(...writer.pieces(block.pieces, { insertedBy: null, deletedBy: null }));
  if (proposer && !block.pieces.some((p) => p.kind === 'insertion' && p.proposal.id === proposer.id)) {
    children.push(...writer.text(` (${proposedParagraphNote(proposer)})`, { ...PLAIN, italic: true }, { insertedBy: proposer, deletedBy: null }));
  }
  if (footnote !== null) children.push(new FootnoteReferenceRun(footnote));
  const paragraphMark = proposer ? { run: { insertion: writer.change(proposer) } } : {};
  if (block.type === 'heading') {
    return new Paragraph({ heading: HEADINGS[Math.min(Math.max(block.level, 1), 3) - 1], children, ...paragraphMark });
  }
  const depth = block.list?.depth ?? 0;
  const left = (block.list ? (depth + 1) * 567 : 0) + (block.quoted ? 720 : 0);
  if (block.list?.style === 'bullet' && block.list.marker) {
    return new Paragraph({ bullet: { level: Math.min(depth, 8) }, children, ...paragraphMark });
  }
  return new Paragraph({
    children,
    alignment: 'both',
    ...(lead ? { indent: { left: left + NUMBER_TAB, hanging: NUMBER_TAB }, tabStops: [{ type: TabStopType.LEFT, position: left + NUMBER_TAB }] } : {}),
    ...(!lead && block.kind === 'preambular' ? { indent: { firstLine: 720, left } } : {}),
    ...(!lead && block.kind !== 'preambular' && left ? { indent: { left, ...(block.quoted ? { right: 720 } : {}) } } : {}),
    ...paragraphMark,
  });
}

const PLAIN: TextStyle = { bold: false, italic: false, underline: false, strike: false, link: null };

interface Context {
  insertedBy: Proposal | null;
  deletedBy: Proposal | null;
}

/** Writes pieces as runs, each proposal as a tracked change of its proposer. */
class RunWriter {
  constructor(private readonly ids: DocxIds, private readonly comments: DocxComments, private readonly fallbackDate: Date) {}

  change(proposal: Proposal): { id: number; author: string; date: string } {
    return { id: this.ids.revision(), author: xmlSafe(proposal.delegation), date: wordDate(proposal.at, this.fallbackDate) };
  }

  text(text: string, style: TextStyle, context: Context): ParagraphChild[] {
    return [this.run({ text: xmlSafe(text), ...runStyle(style) }, context)];
  }

  tab(context: Context): ParagraphChild {
    return this.run({ children: [new Tab()] }, context);
  }

  pieces(pieces: readonly InlinePiece[], context: Context): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const piece of pieces) {
      if (piece.kind === 'text') out.push(...this.text(piece.text, piece.style, context));
      else if (piece.kind === 'break') out.push(this.run({ break: 1 }, context));
      else if (piece.kind === 'insertion') {
        const runs = this.pieces(piece.children, { insertedBy: piece.proposal, deletedBy: context.deletedBy });
        out.push(...(piece.proposal.supporters.length ? this.comments.around(runs, `${proposalNote(piece.proposal)}.`) : runs));
      } else out.push(...this.group(piece));
    }
    return out;
  }

  private group(group: DeletionGroupPiece): ParagraphChild[] {
    const proposals = groupProposals(group);
    const deleter = proposals[0]!;
    const runs = this.pieces(group.deleted, { insertedBy: null, deletedBy: deleter });
    for (const replacement of group.replacements) runs.push(...this.pieces(replacement.children, { insertedBy: replacement.proposal, deletedBy: null }));
    const note = groupNote(group, proposals);
    return note ? this.comments.around(runs, note) : runs;
  }

  private run(options: IRunOptions, context: Context): ParagraphChild {
    if (context.deletedBy) return new DeletedTextRun({ ...options, ...this.change(context.deletedBy) });
    if (context.insertedBy) return new InsertedTextRun({ ...options, ...this.change(context.insertedBy) });
    return new TextRun(options);
  }
}

function runStyle(style: TextStyle): IRunOptions {
  return {
    ...(style.bold ? { bold: true } : {}),
    ...(style.italic ? { italics: true } : {}),
    ...(style.underline || style.link ? { underline: {} } : {}),
    ...(style.strike ? { strike: true } : {}),
  };
}

/** What a group's comment says; null when the tracked changes alone say everything. */
function groupNote(group: DeletionGroupPiece, proposals: readonly Proposal[]): string | null {
  const supported = proposals.some((p) => p.supporters.length > 0);
  if (proposals.length === 1 && !supported) return null;
  const words = group.deleted.map((p) => (p.kind === 'text' ? p.text : ' ')).join('');
  const options = [
    ...group.deleters.map((p) => `delete (${proposalNote(p)})`),
    ...group.replacements.map((r) => `“${plainWords(r.children)}” (${proposalNote(r.proposal)})`),
  ];
  if (proposals.length === 1) return `${options[0]}.`;
  return `Alternatives for “${words}”: ${options.join('; ')}.`;
}

function plainWords(pieces: readonly InlinePiece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'break' ? ' ' : p.kind === 'insertion' ? plainWords(p.children) : plainWords(p.deleted)))
    .join('');
}
