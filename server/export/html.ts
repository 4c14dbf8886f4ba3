import { bracketTokens, type BracketToken } from './brackets.ts';
import { colourStyle, escapeHtml, htmlPage, styled } from './html-kit.ts';
import { numberPrefix, proposedParagraphNote } from './labels.ts';
import type { ExportBlock, ExportModel, InlinePiece } from './types.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { originalLine } from './labels.ts';

/**
 * The exported text as a standalone, printable HTML page. Compilation brackets follow
 * brackets.ts; insertions are underlined in the proposer's colour, deletions struck through,
 * and the bracket and code carry the same colour so a printed page still reads in black and
 * white (the code names the proposer either way).
 */
export function renderHtml(model: ExportModel): string {
  const footnotes: string[] = [];
  const body = model.blocks.map((block) => blockHtml(block, footnotes)).join('\n');
  const notes = footnotes.length
    ? `<section class="footnotes"><ol>${footnotes.map((text, i) => `<li id="fn${i + 1}">${escapeHtml(text)} <a href="#fnref${i + 1}">↩</a></li>`).join('')}</ol></section>`
    : '';
  const key = model.delegations.length
    ? `<section class="key"><h2>${escapeHtml(translate(model.meta.language ?? 'en', 'doc.proposers'))}</h2>${model.delegations
        .map((d) => `<p${colourStyle(d.code)}><span class="code">${escapeHtml(d.code)}</span> ${escapeHtml(d.name)}</p>`)
        .join('')}</section>`
    : '';
  const annex = model.annex ? `<section class="annex"><h2>${escapeHtml(model.annex.title)}</h2>${model.annex.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</section>` : '';
  return htmlPage({ meta: model.meta, dateLine: model.dateLine, subtitle: subtitleOf(model), body: `<section class="text"${model.meta.textLanguage ? ` lang="${model.meta.textLanguage}"` : ''}>\n${body}\n</section>${notes}${annex}${key}` });
}

export function subtitleOf(model: Pick<ExportModel, 'variantLabel' | 'meta'>): string {
  return [model.variantLabel, model.meta.revisionLabel, originalLine(model.meta)].filter(Boolean).join(' — ');
}

function blockHtml(block: ExportBlock, footnotes: string[]): string {
  let fnref = '';
  if (block.footnote) {
    footnotes.push(block.footnote);
    const n = footnotes.length;
    fnref = `<sup class="fnref" id="fnref${n}"><a href="#fn${n}">${n}</a></sup>`;
  }
  const content = inlineHtml(block.pieces);
  const pid = block.pid ? ` data-pid="${escapeHtml(block.pid)}"` : '';
  if (block.type === 'heading') {
    const tag = `h${Math.min(Math.max(block.level, 1), 3) + 1}`;
    return `<${tag}${pid}>${content}${fnref}</${tag}>`;
  }
  const classes = ['para', block.kind];
  let lead = '';
  if (block.number) {
    classes.push('numbered');
    lead = `<span class="num">${escapeHtml(numberPrefix(block.number))}</span> `;
  } else if (block.list) {
    classes.push('numbered');
    lead = `<span class="num">${escapeHtml(block.list.marker ?? '')}</span> `;
  }
  if (block.quoted) classes.push('quoted');
  const indent = block.list ? ` style="margin-left:${(block.list.depth * 2.5).toFixed(1)}em"` : '';
  let proposer = '';
  if (block.proposedBy) {
    classes.push('proposed');
    // The bracket around the text already names the proposer; say it only when it does not.
    const bracketed = block.pieces.some((p) => p.kind === 'insertion' && p.proposal.id === block.proposedBy!.id);
    if (!bracketed) proposer = ` <span class="proposed-by"${colourStyle(block.proposedBy.delegation)}>(${escapeHtml(proposedParagraphNote(block.proposedBy))})</span>`;
  }
  return `<p class="${classes.join(' ')}"${pid}${indent}>${lead}${content}${proposer}${fnref}</p>`;
}

export function inlineHtml(pieces: readonly InlinePiece[]): string {
  return bracketTokens(pieces).map(tokenHtml).join('');
}

function tokenHtml(token: BracketToken): string {
  switch (token.type) {
    case 'text': {
      let html = styled(escapeHtml(token.text), token.style);
      if (token.deleted) html = `<del>${html}</del>`;
      if (token.insertedBy) html = `<ins${colourStyle(token.insertedBy.delegation)}>${html}</ins>`;
      return html;
    }
    case 'break':
      return '<br>';
    case 'open':
      return `<span class="bracket"${token.proposal ? colourStyle(token.proposal.delegation) : ''}>[</span>`;
    case 'close': {
      const colour = token.proposal ? colourStyle(token.proposal.delegation) : '';
      const label = token.label ? `<span class="code"${colour}>${escapeHtml(token.label)}</span>` : '';
      return `<span class="bracket"${colour}>]</span>${label}`;
    }
    case 'gap':
      return ' ';
    case 'separator':
      return '<span class="bracket"> / </span>';
    case 'note':
      return ` <span class="note"${colourStyle(token.proposal.delegation)}>(${escapeHtml(token.label)})</span>`;
  }
}
