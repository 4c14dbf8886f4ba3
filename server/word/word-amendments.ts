import { createHash } from 'node:crypto';
import type { Node as PMNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import { RATIONALES } from '../../shared/document-parts.ts';
import { proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import type { Participant } from '../../shared/participants.ts';
import type { Room } from '../sync/room.ts';
import { applyWordPlan, type CreatedAmendment } from './apply-plan.ts';
import { planWordChanges, type WordPlan } from './placement.ts';
import type { WordReading } from './word-reading.ts';

/** What the delegation confirmed is no longer what the file would do to the text as it stands. */
export class PlanChanged extends Error {}

export interface WordPreview extends WordPlan {
  /** Names this plan: the confirmation must name the same, or nothing is made. */
  digest: string;
}

/** The plan's fingerprint: its proposals and what could not be placed, as the preview showed them. */
export function planDigest(plan: WordPlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 32);
}

export function previewWordChanges(reading: WordReading, text: PMNode, documentId: string): WordPreview {
  const plan = planWordChanges(reading, text, documentId);
  return { ...plan, digest: planDigest(plan) };
}

/**
 * Makes the amendments a Word file proposes, as the uploader's, on the room's authoritative text:
 * planned again on the text as it stands, refused (PlanChanged, nothing made) unless the plan is
 * the one previewed, then written in one update with their rationales through the path the
 * server's own changes take (`Room.changeText`): committed whole before anyone sees it, or not at all.
 */
export function amendFromWord(room: Room, proposer: Participant, reading: WordReading, expected: string): Promise<CreatedAmendment[]> {
  const author = { participantId: proposer.id, role: proposer.role, delegation: proposer.delegation };
  const now = new Date();
  return room.changeText(author, (current) => {
    const plan = planWordChanges(reading, current, room.documentId);
    if (planDigest(plan) !== expected) throw new PlanChanged('the text has changed since the preview: preview the file again');
    const { doc, created } = applyWordPlan(current, plan, { label: proposerLabel(proposer), author: proposer.id }, now);
    const alsoWrite = (shadow: Y.Doc) => {
      const rationales = shadow.getMap(RATIONALES);
      for (const { amendmentId, proposal } of created) {
        if (proposal.rationale && !rationales.has(amendmentId)) rationales.set(amendmentId, { text: proposal.rationale, author: proposer.id, at: now.toISOString() });
      }
    };
    return { text: doc, audit: [], result: created, alsoWrite };
  });
}
