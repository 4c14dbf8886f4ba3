import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/protocol.ts';

/** What a room says to a peer in the sync protocol, from its live document. */
export class SyncAnswers {
  /** The whole document as a sync message, until it changes. */
  private wholeDocument: Uint8Array | null = null;

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', () => (this.wholeDocument = null));
  }

  /**
   * The answer to a peer's sync step 1: what it lacks of the live document. A newcomer (empty
   * state vector) gets the whole document, encoded once and reused until the next change:
   * with the history kept, encoding it is the dearest part of a join.
   */
  missingFor(stateVector: Uint8Array): Uint8Array {
    const everything = stateVector.length <= 1;
    if (everything && this.wholeDocument) return this.wholeDocument;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const message = encoding.toUint8Array(encoder);
    if (everything) this.wholeDocument = message;
    return message;
  }

  /** Sync step 1 from the live document: asks a client for everything the server lacks. */
  stateRequest(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    return encoding.toUint8Array(encoder);
  }
}
