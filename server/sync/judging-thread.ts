import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { copyDocument, flattenText, newYDoc } from './document-state.ts';
import { judgeUpdate, type Judgement } from './judge.ts';
import type { JudgingReply, JudgingRequest } from './room-judge.ts';
import { paragraphRefusal, shapeOf, type UpdateBoundsLimits } from './update-bounds.ts';

/**
 * A room's judging thread (see room-judge.ts). Three copies of the text, as the room had them:
 * `live` (what is committed), `staged` (live plus the batch accepted so far) and `shadow`
 * (staged plus the update being judged). Between batches all three are equal; a change the
 * live document takes reaches all three (Yjs applies what a copy already holds as nothing).
 */
const port = parentPort!;
let live = newYDoc();
let staged = newYDoc();
let shadow = newYDoc();
let limits: UpdateBoundsLimits & { maxJudgingMsPerUpdate: number };

function clear(): void {
  for (const doc of [live, staged, shadow]) doc.destroy();
  live = newYDoc();
  staged = newYDoc();
  shadow = newYDoc();
}

function restart(): void {
  staged.destroy();
  shadow.destroy();
  staged = copyDocument(live);
  shadow = copyDocument(live);
}

function judge(request: Extract<JudgingRequest, { kind: 'judge' }>): JudgingReply {
  const started = performance.now();
  let judgement: Judgement;
  try {
    judgement = judgeUpdate(staged, shadow, request.update, request.participant, new Map(request.owners), limits.maxStructsPerUpdate, request.now);
    if (judgement.accepted && judgement.change) {
      // Bounded by the limits, so a change this slow was built to be dear: not kept.
      const reason = performance.now() - started > limits.maxJudgingMsPerUpdate
        ? 'this change took the server too long to check; make it in smaller parts'
        : paragraphRefusal(shadow, shapeOf(request.update)!, limits);
      if (reason) judgement = { accepted: false, reason, malformed: false };
    }
  } catch (error) {
    // The rules turn every malformed structure they know into a refusal; anything else that
    // throws (a value no document holds, nesting too deep) is refused the same way.
    console.error('[judging thread] could not judge an update', error);
    judgement = { accepted: false, reason: 'the update could not be judged', malformed: true };
  }
  if (!judgement.accepted) {
    shadow.destroy();
    shadow = copyDocument(staged);
  } else if (judgement.change) {
    Y.applyUpdate(staged, judgement.change);
    if (judgement.correction) Y.applyUpdate(staged, judgement.correction);
  }
  return { id: request.id, judgement, spentMs: performance.now() - started };
}

port.on('message', (request: JudgingRequest) => {
  switch (request.kind) {
    case 'start':
      clear();
      Y.applyUpdate(live, request.state);
      limits = request.limits;
      restart();
      return;
    case 'live':
      for (const doc of [live, staged, shadow]) Y.applyUpdate(doc, request.update);
      return;
    case 'judge':
      port.postMessage(judge(request));
      return;
    case 'drop':
      restart();
      return;
    case 'compacted':
      for (const doc of [live, staged, shadow]) flattenText(doc);
      return;
    case 'clear':
      clear();
      return;
  }
});
