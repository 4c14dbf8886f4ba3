import { proposalLabel, proposalNote } from './labels.ts';
import type { DeletionGroupPiece, InlinePiece, Proposal, TextStyle } from './types.ts';

/**
 * The bracket convention of the compilation text, as a sequence of tokens that the HTML and
 * Markdown renderers only have to spell. The convention:
 *
 * - insertion: `[transnational]MEX` — the proposed words in brackets, the proposer's code
 *   right after the closing bracket;
 * - deletion: `[~~regional~~]USA` — the words struck through inside the brackets;
 * - replacement by one delegation: `[~~promote~~ foster]MEX`;
 * - supporters: `[transnational]MEX (supported by USA, CAN)`;
 * - alternatives (more than one proposal on the same words):
 *   `[~~promote~~ / foster (MEX) / advance (USA, supported by CAN)]` — the struck words
 *   once, then each replacement after a slash with its proposer in parentheses; delegations
 *   that propose deleting the words outright are named right after them:
 *   `[~~promote~~ (CAN) / foster (MEX)]`;
 * - a proposal made inside another delegation's insertion is a bracket nested inside it:
 *   `[transnational [and regional]USA]MEX`.
 */
export type BracketToken =
  | { type: 'text'; text: string; style: TextStyle; insertedBy: Proposal | null; deleted: boolean }
  | { type: 'break' }
  | { type: 'open'; proposal: Proposal | null }
  /** Closing bracket; `label` is glued to it (`]MEX`); null when the group names proposers inside. */
  | { type: 'close'; proposal: Proposal | null; label: string | null }
  /** Space between struck words and their single replacement. */
  | { type: 'gap' }
  /** ` / ` between alternatives. */
  | { type: 'separator' }
  /** ` (MEX)` naming the proposer of the alternative just before it. */
  | { type: 'note'; proposal: Proposal; label: string };

export function bracketTokens(pieces: readonly InlinePiece[], insertedBy: Proposal | null = null, deleted = false): BracketToken[] {
  const tokens: BracketToken[] = [];
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'text':
        tokens.push({ type: 'text', text: piece.text, style: piece.style, insertedBy, deleted });
        break;
      case 'break':
        tokens.push({ type: 'break' });
        break;
      case 'insertion':
        tokens.push({ type: 'open', proposal: piece.proposal });
        tokens.push(...bracketTokens(piece.children, piece.proposal, deleted));
        tokens.push({ type: 'close', proposal: piece.proposal, label: proposalLabel(piece.proposal) });
        break;
      case 'deletion-group':
        tokens.push(...groupTokens(piece, insertedBy));
        break;
    }
  }
  return tokens;
}

function groupTokens(group: DeletionGroupPiece, insertedBy: Proposal | null): BracketToken[] {
  const single = group.deleters.length + group.replacements.length === 1;
  const owner = group.deleters[0] ?? group.replacements[0]?.proposal ?? null;
  const tokens: BracketToken[] = [{ type: 'open', proposal: single ? owner : null }];
  tokens.push(...bracketTokens(group.deleted, insertedBy, true));
  if (single) {
    const replacement = group.replacements[0];
    if (replacement) {
      tokens.push({ type: 'gap' });
      tokens.push(...bracketTokens(replacement.children, replacement.proposal));
    }
    tokens.push({ type: 'close', proposal: owner, label: owner ? proposalLabel(owner) : null });
    return tokens;
  }
  if (group.deleters.length > 0) {
    // Several outright deleters share one note: `(CAN, PER)`; semicolons once supporters add commas.
    const withSupporters = group.deleters.some((d) => d.supporters.length > 0);
    const label = group.deleters.map(proposalNote).join(withSupporters ? '; ' : ', ');
    tokens.push({ type: 'note', proposal: group.deleters[0]!, label });
  }
  for (const replacement of group.replacements) {
    tokens.push({ type: 'separator' });
    tokens.push(...bracketTokens(replacement.children, replacement.proposal));
    tokens.push({ type: 'note', proposal: replacement.proposal, label: proposalNote(replacement.proposal) });
  }
  tokens.push({ type: 'close', proposal: null, label: null });
  return tokens;
}
