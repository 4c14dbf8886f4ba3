import type { Node as PMNode } from '@tiptap/pm/model';
import { listAmendments } from '../../shared/negotiation/amendments.ts';

/**
 * The amendments the clean view sets aside: of alternatives for the same words, every one but
 * the earliest proposed. The same choice as `cleanView` (shared/negotiation/views.ts), which
 * returns only the resulting text; the compilation in Word needs the choice itself, so that
 * accepting all its tracked changes gives exactly the clean view. The export-docx property
 * test checks the two agree.
 */
export function setAsideInCleanView(doc: PMNode): ReadonlySet<string> {
  const outcomes = new Map<string, boolean>();
  const amendments = listAmendments(doc).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  for (const amendment of amendments) {
    if (outcomes.has(amendment.id)) continue;
    outcomes.set(amendment.id, true);
    for (const rival of amendment.rivals) if (!outcomes.has(rival)) outcomes.set(rival, false);
  }
  return new Set([...outcomes].filter(([, accepted]) => !accepted).map(([id]) => id));
}
