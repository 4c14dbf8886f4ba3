import { Bookmark, CommentRangeStart, FootnoteReferenceRun, HeadingLevel, Paragraph, Tab, TabStopType, TextRun, type IParagraphOptions, type IPropertiesOptions, type IRunOptions, type ParagraphChild } from 'docx';
import { InsertedParagraph, TrackedDeletion, TrackedInsertion, type ChangeRecord } from './docx-changes.ts';
import { DocxComments, DocxIds, masthead, NUMBER_TAB, packDocx, proposalDate, xmlSafe } from './docx-kit.ts';
import { subtitleOf } from './html.ts';
import { groupProposals } from './inline.ts';
import { numberPrefix, proposalNote, proposedParagraphNote } from './labels.ts';
import { trackedItems, type ProposalNotes, type TrackedItem, type TrackedRun } from './tracked-text.ts';
import { paragraphBookmark } from '../word/paragraph-bookmark.ts';
import type { DeletionGroupPiece, ExportBlock, ExportModel, InlinePiece, Proposal, TextStyle } from './types.ts';
import { translate } from '../../shared/i18n/translate.ts';

/**
 * The exported text as a Word document.
 *
 * Agreed variant: plain paragraphs, numbers as text before a tab, a real footnote on each
 * paragraph agreed ad referendum.
 *
 * Compilation variant: every pending proposal is a real Word tracked change whose author is
 * the proposer's code (or Chair / Secretariat) and whose date is the proposal's, so a
 * delegation opening the file in Word sees each proposal as a revision by that delegation and
 * can accept or reject it there. Accepting every change gives exactly the clean view,
 * rejecting every change exactly the agreed view (tracked-text.ts works out how). So:
 * - paragraph numbers are plain text outside any change; a proposed paragraph's number
 *   (`2 bis`) and proposer are in a comment on it, its words and its paragraph mark inserted
 *   by the proposer, so rejecting it leaves nothing behind;
 * - of alternatives for the same words, the one the clean view takes (the earliest proposed) is
 *   the tracked change; a comment on the group lists every proposal, so nobody's goes unnamed;
 * - supporters are named in a comment on the proposal;
 * - a proposal made inside another's insertion is a change of its own proposer (Word cannot
 *   nest insertions); words deleted from another's insertion are a deletion inside it.
 */
export async function renderDocx(model: ExportModel, setAside: ReadonlySet<string> = new Set()): Promise<Uint8Array> {
  const ids = new DocxIds();
  const comments = new DocxComments(ids, model.meta.generatedAt);
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const writer = new RunWriter(ids, comments);
  const body = [...masthead(model.meta, model.dateLine, subtitleOf(model))];
  for (const block of model.blocks) {
    let footnote: number | null = null;
    if (block.footnote) {
      footnote = Object.keys(footnotes).length + 1;
      footnotes[footnote] = { children: [new Paragraph({ children: [new TextRun(xmlSafe(block.footnote))] })] };
    }
    body.push(blockParagraph(block, writer, setAside, footnote));
  }
  if (model.annex) {
    body.push(new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: xmlSafe(model.annex.title), bold: true })] }));
    for (const line of model.annex.lines) body.push(new Paragraph({ spacing: { after: 0 }, children: [new TextRun(xmlSafe(line))] }));
  }
  if (model.delegations.length) {
    body.push(new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: translate(model.meta.language ?? 'en', 'doc.proposers'), bold: true, size: 20 })] }));
    for (const d of model.delegations) body.push(new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: xmlSafe(`${d.code}: ${d.name}`), size: 20 })] }));
  }
  return packDocx({ meta: model.meta, body, comments: comments.all, footnotes: footnotes as IPropertiesOptions['footnotes'] });
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

function blockParagraph(block: ExportBlock, writer: RunWriter, setAside: ReadonlySet<string>, footnote: number | null): Paragraph {
  const proposer = block.proposedBy;
  const lead = block.number ? numberPrefix(block.number) : block.list?.style === 'ordered' ? block.list.marker : null;
  const notes = proposalNotes(setAside, proposer);
  const items = trackedItems({ pieces: block.pieces, proposedBy: proposer, setAside, notes });
  const children: ParagraphChild[] = [];
  if (lead && !proposer) children.push(new TextRun(xmlSafe(lead)), new TextRun({ children: [new Tab()] }));
  // Where the paragraph's own words start, and which paragraph they are: the round trip's anchor.
  const bookmark = block.pid ? paragraphBookmark(block.pid, baseText(block.pieces)) : null;
  if (bookmark) children.push(new Bookmark({ id: bookmark, children: [] }));
  // A proposed paragraph's number and proposer label it; they are not words anyone proposes.
  const label = proposer ? `${lead ? `${lead} ` : ''}${proposedParagraphNote(proposer)}.` : null;
  children.push(...writer.items(label ? [{ kind: 'comment-start', note: label }, ...items, { kind: 'comment-end' }] : items));
  if (footnote !== null) children.push(new FootnoteReferenceRun(footnote));
  const options = paragraphOptions(block, lead, children);
  return proposer ? new InsertedParagraph(options, writer.change(proposer)) : new Paragraph(options);
}

function paragraphOptions(block: ExportBlock, lead: string | null, children: ParagraphChild[]): IParagraphOptions {
  if (block.type === 'heading') return { heading: HEADINGS[Math.min(Math.max(block.level, 1), 3) - 1], children };
  const depth = block.list?.depth ?? 0;
  const left = (block.list ? (depth + 1) * 567 : 0) + (block.quoted ? 720 : 0);
  if (block.list?.style === 'bullet' && block.list.marker) return { bullet: { level: Math.min(depth, 8) }, children };
  return {
    children,
    alignment: 'both',
    // A proposed paragraph keeps the place of its number, which its comment gives.
    ...(lead ? { indent: { left: left + NUMBER_TAB, hanging: block.proposedBy ? 0 : NUMBER_TAB }, tabStops: [{ type: TabStopType.LEFT, position: left + NUMBER_TAB }] } : {}),
    ...(!lead && block.kind === 'preambular' ? { indent: { firstLine: 720, left } } : {}),
    ...(!lead && block.kind !== 'preambular' && left ? { indent: { left, ...(block.quoted ? { right: 720 } : {}) } } : {}),
  };
}

/** Writes tracked runs as Word runs, each change attributed to its proposer at its proposal's time. */
class RunWriter {
  constructor(private readonly ids: DocxIds, private readonly comments: DocxComments) {}

  change(proposal: Proposal): ChangeRecord {
    return { id: this.ids.revision(), author: xmlSafe(proposal.delegation), date: proposalDate(proposal.at) };
  }

  items(items: readonly TrackedItem[]): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    const open: number[] = [];
    for (const item of items) {
      if (item.kind === 'comment-start') {
        const id = this.comments.open(item.note);
        open.push(id);
        out.push(new CommentRangeStart(id));
      } else if (item.kind === 'comment-end') out.push(...this.comments.close(open.pop()!));
      else out.push(this.run(item));
    }
    return out;
  }

  private run({ kind, text, style, inserted, deleted }: TrackedRun): ParagraphChild {
    const options: IRunOptions = kind === 'break' ? { break: 1 } : { text: xmlSafe(text), ...runStyle(style) };
    // Words deleted from an insertion are a w:del inside the w:ins, as Word writes them.
    const insertion = inserted ? this.change(inserted) : null;
    const deletion = deleted ? new TrackedDeletion(this.change(deleted), options) : null;
    if (!insertion) return deletion ?? new TextRun(options);
    return new TrackedInsertion(insertion, deletion ?? new TextRun(options));
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

/** Comments on proposals: supporters, and every alternative for words several propose to change. */
function proposalNotes(setAside: ReadonlySet<string>, paragraphProposal: Proposal | null): ProposalNotes {
  return {
    // A proposed paragraph's own comment already names its supporters.
    insertion: (proposal) => (proposal.supporters.length && proposal.id !== paragraphProposal?.id ? `${proposalNote(proposal)}.` : null),
    group: (group) => groupNote(group, setAside),
  };
}

/** What a group's comment says; null when the tracked changes alone say everything. */
function groupNote(group: DeletionGroupPiece, setAside: ReadonlySet<string>): string | null {
  const proposals = groupProposals(group);
  const supported = proposals.some((p) => p.supporters.length > 0);
  if (proposals.length === 1 && !supported) return null;
  const words = group.deleted.map((p) => (p.kind === 'text' ? p.text : ' ')).join('');
  const language = proposals[0]?.language ?? 'en';
  const options = [
    ...group.deleters.map((p) => translate(language, 'doc.deleteOption', { proposal: proposalNote(p) })),
    ...group.replacements.map((r) => `“${plainWords(r.children)}” (${proposalNote(r.proposal)})`),
  ];
  if (proposals.length === 1) return `${options[0]}.`;
  const tracked = proposals.find((p) => !setAside.has(p.id));
  const shown = tracked ? translate(language, 'doc.trackedIs', { delegation: tracked.delegation }) : '';
  return `${translate(language, 'doc.alternatives', { words, options: options.join('; ') })}${shown}`;
}

/** A paragraph's words without anyone's pending insertions: what its bookmark's fingerprint is of. */
function baseText(pieces: readonly InlinePiece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'break' ? ' ' : p.kind === 'deletion-group' ? p.deleted.map((d) => (d.kind === 'text' ? d.text : ' ')).join('') : ''))
    .join('');
}

function plainWords(pieces: readonly InlinePiece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'break' ? ' ' : p.kind === 'insertion' ? plainWords(p.children) : plainWords(p.deleted)))
    .join('');
}
