import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { defineDocumentParts } from '../../../shared/document-parts.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { delegate } from '../fixtures.ts';
import { docWith } from './clients.ts';
import { Typist } from './keystrokes.ts';
import { watchArrivals } from './latency.ts';

/**
 * Runs a receiver's path — a sync message carrying one keystroke, decoded, applied to the
 * document, its ids read — `count` times on a copy of the document, before the measured window.
 *
 * A reader process is new in every run, and V8 optimises code only after it has run for a
 * while: cold, the readers spent the first seconds of a run compiling, all at once, on the
 * cores the server needed, and those seconds measured that (p50 100–200 ms, then ~10 ms). The
 * one harness process they replace stayed warm from run to run.
 */
export function warmUp(fixture: Uint8Array, count: number): void {
  const source = docWith(fixture);
  const target = defineDocumentParts(docWith(fixture));
  const paragraphs = source.getXmlFragment(TEXT_FIELD).length;
  const typists = [0, 1, 2, 3].map((i) => new Typist(source, delegate(`W${i}`), (i * 7) % paragraphs));
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  for (const typist of typists) typist.open();
  for (let i = 0; i < count; i++) typists[i % typists.length]!.type();
  const origin = {};
  let seen = 0;
  watchArrivals(target, origin, () => seen++);
  for (const update of updates) {
    const message = encoding.createEncoder();
    syncProtocol.writeUpdate(message, update);
    syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(message)), encoding.createEncoder(), target, origin);
  }
  source.destroy();
  target.destroy();
  // Every keystroke must have been integrated, or the path warmed was another one.
  if (seen < count) throw new Error(`warm-up: ${seen} of ${count} keystrokes applied`);
}
