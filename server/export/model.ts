import type { Node as PMNode } from '@tiptap/pm/model';
import { amendmentOwner, type AmendmentAttrs } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView } from '../../shared/negotiation/decisions.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { PARAGRAPH_KINDS, type ParagraphKind } from '../../shared/schema.ts';
import { inlinePieces, type ProposalLookup } from './inline.ts';
import { formatDate, proposerColour, proposerName } from './labels.ts';
import type { ExportBlock, ExportDelegation, ExportModel, ExportOptions, InlinePiece, ListPlacement, Proposal } from './types.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translate } from '../../shared/i18n/translate.ts';

const VARIANT_LABELS = { agreed: 'doc.variant.agreed', compilation: 'doc.variant.compilation' } as const;

/**
 * Turns a document into what an export shows.
 *
 * `agreed`: the text as it stands if every pending amendment were rejected, proposed
 * paragraphs left out. Numbers are taken from the original document, where they are what the
 * app shows; a proposed `2 bis` simply disappears with its paragraph.
 *
 * `compilation`: the document as negotiated, every pending proposal kept with its proposer and
 * supporters, proposed paragraphs with their `bis` numbers.
 *
 * In both, a paragraph agreed ad referendum carries a footnote saying so.
 */
export function buildExportModel(doc: PMNode, options: ExportOptions): ExportModel {
  const { variant, meta, supporters } = options;
  const language = meta.language ?? 'en';
  const numbers = paragraphNumbers(doc, language);
  const source = variant === 'agreed' ? agreedView(doc) : doc;
  const proposals = new Map<string, Proposal>();
  const lookup: ProposalLookup = (attrs) => {
    let proposal = proposals.get(attrs.id);
    if (!proposal) {
      proposal = { id: attrs.id, delegation: attrs.delegation, language, author: attrs.author, at: attrs.at, supporters: supportersOf(supporters, attrs) };
      proposals.set(attrs.id, proposal);
    }
    return proposal;
  };
  // A proposed paragraph's proposer comes from its text's marks; an empty one only has its id.
  const paragraphProposals = new Map(listAmendments(doc).filter((a) => a.shape === 'paragraph').map((a) => [a.id, a]));
  const proposalOfParagraph = (id: string): Proposal => {
    const known = paragraphProposals.get(id);
    const delegation = known?.delegation ?? amendmentOwner(id) ?? id;
    return lookup({ id, delegation, author: known?.author ?? delegation, at: known?.at ?? '' });
  };

  const blocks: ExportBlock[] = [];
  const visit = (node: PMNode, list: Omit<ListPlacement, 'marker'> | null, quoted: boolean) => {
    const name = node.type.name;
    if (name === 'heading' || name === 'paragraph') {
      const proposal = (node.attrs.proposal as string | null | undefined) ?? null;
      if (proposal && variant === 'agreed') return;
      const pid = (node.attrs.pid as string | null | undefined) ?? null;
      const status = node.attrs.status as string | undefined;
      blocks.push({
        type: name,
        level: name === 'heading' ? Number(node.attrs.level) : 0,
        pid,
        kind: kindOf(node),
        number: pid && name === 'paragraph' ? (numbers.get(pid) ?? null) : null,
        list: list ? { ...list, marker: null } : null,
        quoted,
        proposedBy: proposal ? proposalOfParagraph(proposal) : null,
        footnote: joinNotes(
          status === 'adref' ? adReferendumNote(pid ? options.adReferendumDates?.get(pid) : undefined, language) : null,
          sourcesNote(pid ? options.sources?.paragraphs.get(pid) : undefined, language),
        ),
        pieces: variant === 'agreed' ? tidySpaces(inlinePieces(node, lookup)) : inlinePieces(node, lookup),
      });
    } else if (name === 'bulletList' || name === 'orderedList') {
      const depth = list ? list.depth + 1 : 0;
      const start = typeof node.attrs.start === 'number' ? node.attrs.start : 1;
      node.forEach((item, _offset, index) => {
        const first = blocks.length;
        item.forEach((child) => visit(child, { style: name === 'bulletList' ? 'bullet' : 'ordered', depth }, quoted));
        const lead = blocks[first];
        if (lead?.list && lead.list.depth === depth) lead.list.marker = name === 'bulletList' ? '•' : `${start + index}.`;
      });
    } else if (name === 'blockquote') {
      node.forEach((child) => visit(child, list, true));
    }
    // A horizontal rule carries no negotiated words; it is left out.
  };
  source.forEach((node) => visit(node, null, false));

  return {
    variant,
    meta,
    variantLabel: translate(language, VARIANT_LABELS[variant]),
    dateLine: formatDate(meta.generatedAt, language),
    blocks,
    delegations: variant === 'compilation' ? delegationsIn(blocks, language) : [],
    annex: annexOf(options.sources, language),
  };
}

/** A paragraph's footnote: what it says of its status and of its sources, in one note. */
function joinNotes(...notes: (string | null)[]): string | null {
  const present = notes.filter((n): n is string => Boolean(n));
  return present.length ? present.join(' ') : null;
}

/** `Sources: MEX, IACHR.` under a consolidated draft's paragraph (issue 16). */
function sourcesNote(sources: readonly string[] | undefined, language: Language): string | null {
  return sources?.length ? translate(language, 'doc.sources', { parties: sources.join(', ') }) : null;
}

/** The contributions a consolidated draft was compiled from, with their dates; late ones marked. */
function annexOf(sources: ExportOptions['sources'], language: Language): ExportModel['annex'] {
  if (!sources?.contributions.length) return null;
  const lines = [...sources.contributions]
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.party.localeCompare(b.party))
    .map((c) => translate(language, c.late ? 'doc.annexLate' : 'doc.annexEntry', { party: c.party, name: c.name, date: formatDate(new Date(c.submittedAt), language) }));
  return { title: translate(language, 'doc.annex'), lines };
}

/**
 * Setting a proposal aside leaves the spaces on both sides of it (`to promote  cooperation`);
 * a double space never means anything in a negotiated text, so the agreed text has single ones.
 */
function tidySpaces(pieces: InlinePiece[]): InlinePiece[] {
  let previousEndsInSpace = true;
  const out: InlinePiece[] = [];
  for (const piece of pieces) {
    if (piece.kind !== 'text') {
      previousEndsInSpace = piece.kind === 'break';
      out.push(piece);
      continue;
    }
    let text = piece.text.replace(/ {2,}/g, ' ');
    if (previousEndsInSpace) text = text.replace(/^ +/, '');
    if (text === '') continue;
    previousEndsInSpace = text.endsWith(' ');
    out.push({ ...piece, text });
  }
  const last = out.at(-1);
  if (last?.kind === 'text') last.text = last.text.replace(/ +$/, '');
  return out.filter((p) => p.kind !== 'text' || p.text !== '');
}

function kindOf(node: PMNode): ParagraphKind {
  const kind = node.attrs.kind as string | undefined;
  return (PARAGRAPH_KINDS as readonly string[]).includes(kind ?? '') ? (kind as ParagraphKind) : 'body';
}

function supportersOf(supporters: ExportOptions['supporters'], attrs: AmendmentAttrs): string[] {
  // A proposer listed among its own supporters would read "MEX (supported by MEX)".
  return [...new Set(supporters.get(attrs.id) ?? [])].filter((code) => code !== attrs.delegation);
}

export function adReferendumNote(date: Date | undefined, language: Language = 'en'): string {
  return date ? translate(language, 'doc.adref', { date: formatDate(date, language) }) : translate(language, 'doc.adrefPending');
}

function delegationsIn(blocks: readonly ExportBlock[], language: Language): ExportDelegation[] {
  const codes = new Set<string>();
  const add = (p: Proposal) => {
    codes.add(p.delegation);
    for (const s of p.supporters) codes.add(s);
  };
  const walk = (pieces: readonly InlinePiece[]) => {
    for (const piece of pieces) {
      if (piece.kind === 'insertion') {
        add(piece.proposal);
        walk(piece.children);
      } else if (piece.kind === 'deletion-group') {
        piece.deleters.forEach(add);
        for (const r of piece.replacements) {
          add(r.proposal);
          walk(r.children);
        }
      }
    }
  };
  for (const block of blocks) {
    if (block.proposedBy) add(block.proposedBy);
    walk(block.pieces);
  }
  return [...codes].sort().map((code) => ({ code, name: proposerName(code, language), colour: proposerColour(code) }));
}
