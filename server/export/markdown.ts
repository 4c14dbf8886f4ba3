import { bracketTokens, type BracketToken } from './brackets.ts';
import { subtitleOf } from './html.ts';
import { numberPrefix, proposedParagraphNote } from './labels.ts';
import type { ExportBlock, ExportModel, InlinePiece, TextStyle } from './types.ts';
import { translate } from '../../shared/i18n/translate.ts';

/**
 * The exported text as Markdown (CommonMark with GitHub's strikethrough and footnotes).
 * Brackets and codes are plain text, exactly as in the HTML; deletions are `~~struck~~`.
 * The text's own punctuation is escaped so it cannot turn into links, emphasis or lists, and
 * so a bracket in the negotiated words is never mistaken for an amendment's bracket.
 */
export function renderMarkdown(model: ExportModel): string {
  const footnotes: string[] = [];
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(model.meta.symbol)}**${model.meta.revisionLabel ? `\\\n${escapeMarkdown(model.meta.revisionLabel)}` : ''}`, '');
  lines.push(escapeMarkdown(model.dateLine), '');
  lines.push(`# ${escapeMarkdown(model.meta.title)}`, '');
  lines.push(`*${escapeMarkdown(subtitleOf(model))}*`, '');
  for (const block of model.blocks) lines.push(blockMarkdown(block, footnotes), '');
  if (footnotes.length) {
    footnotes.forEach((text, i) => lines.push(`[^${i + 1}]: ${escapeMarkdown(text)}`));
    lines.push('');
  }
  if (model.annex) {
    lines.push('---', '', `**${escapeMarkdown(model.annex.title)}**`, '');
    for (const line of model.annex.lines) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
  }
  if (model.delegations.length) {
    lines.push('---', '', `**${translate(model.meta.language ?? 'en', 'doc.proposers')}**`, '');
    for (const d of model.delegations) lines.push(`- ${escapeMarkdown(d.code)}: ${escapeMarkdown(d.name)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function blockMarkdown(block: ExportBlock, footnotes: string[]): string {
  let fnref = '';
  if (block.footnote) {
    footnotes.push(block.footnote);
    fnref = `[^${footnotes.length}]`;
  }
  let text = inlineMarkdown(block.pieces);
  if (block.type === 'heading') return `${'#'.repeat(Math.min(Math.max(block.level, 1), 3) + 1)} ${guardLineStart(text)}${fnref}`;
  if (block.proposedBy && !block.pieces.some((p) => p.kind === 'insertion' && p.proposal.id === block.proposedBy!.id)) {
    text += ` *(${escapeMarkdown(proposedParagraphNote(block.proposedBy))})*`;
  }
  let indent = '';
  let lead = '';
  if (block.list) {
    indent = ' '.repeat(block.list.depth * 4);
    lead = block.list.marker === null ? '    ' : block.list.style === 'bullet' ? '- ' : `${block.list.marker} `;
  }
  // `1.` alone at the start of a line would open an ordered list, renumbered by the reader.
  if (block.number) lead += `${lead ? escapeMarkdown(numberPrefix(block.number)) : guardLineStart(escapeMarkdown(numberPrefix(block.number)))} `;
  const quote = block.quoted ? '> ' : '';
  const body = `${lead}${lead ? text : guardLineStart(text)}${fnref}`;
  // Hard breaks continue the paragraph on the next line, which needs the same indentation.
  return `${quote}${indent}${body.replace(/\\\n/g, `\\\n${quote}${indent}${block.list ? '    ' : ''}`)}`;
}

export function inlineMarkdown(pieces: readonly InlinePiece[]): string {
  const tokens = bracketTokens(pieces);
  return tokens.map((token, i) => tokenMarkdown(token, tokens[i + 1])).join('');
}

function tokenMarkdown(token: BracketToken, next: BracketToken | undefined): string {
  switch (token.type) {
    case 'text': {
      let text = emphasis(escapeMarkdown(token.text), token.style);
      if (token.deleted) text = wrap(text, '~~');
      return text;
    }
    case 'break':
      return '\\\n';
    case 'open':
      return '[';
    case 'close': {
      // `]` directly before `(` or `[` would make a link of the bracket; escape it there.
      const touchesLink = !token.label && next?.type === 'text' && /^[([:]/.test(next.text);
      return `${touchesLink ? '\\]' : ']'}${token.label ? escapeMarkdown(token.label) : ''}`;
    }
    case 'gap':
      return ' ';
    case 'separator':
      return ' / ';
    case 'note':
      return ` (${escapeMarkdown(token.label)})`;
  }
}

function emphasis(text: string, style: TextStyle): string {
  let out = text;
  if (style.bold) out = wrap(out, '**');
  if (style.italic) out = wrap(out, '*');
  if (style.strike) out = wrap(out, '~~');
  if (style.link && /^(https?:|mailto:)/i.test(style.link)) out = `[${out}](<${style.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
  return out;
}

/** Delimiters hug the words: `** bold**` is not bold in Markdown, so edge spaces stay outside. */
function wrap(text: string, delimiter: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  if (!match || match[2] === '') return text;
  return `${match[1]}${delimiter}${match[2]}${delimiter}${match[3]}`;
}

/** Backslash-escapes Markdown's inline syntax in negotiated words. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~|^]/g, (ch) => `\\${ch}`).replace(/&(?=#?\w+;)/g, '\\&');
}

/** Words at the start of a line that Markdown would read as a heading, quote or list. */
function guardLineStart(text: string): string {
  return text.replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3').replace(/^(\s*)([#>+=-])/, '$1\\$2');
}
