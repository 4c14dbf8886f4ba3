/** The server's verdict on a participant's update, as a room answers it (see Room.submit). */
export type SubmitResult =
  | { outcome: 'committed' }
  | { outcome: 'refused'; reason: string; malformed: boolean }
  /** The update builds on changes the server does not have: the client must send its whole state. */
  | { outcome: 'resync' }
  /**
   * No verdict is due from here, and nothing of the update was stored: this process lost the
   * document's lease while it waited (issue 15), or the room closed while it was held for its
   * sender's time (see Room.submit). The connection sends it again: to the new authority, or as
   * the client reconnects (its copy keeps every change not confirmed).
   */
  | { outcome: 'unanswered' };

export const COMMITTED: SubmitResult = { outcome: 'committed' };
export const NOT_SAVED: SubmitResult = { outcome: 'refused', reason: 'the server could not save this change; it was not applied', malformed: false };
export const UNANSWERED: SubmitResult = { outcome: 'unanswered' };
export const CLOSED: SubmitResult = { outcome: 'refused', reason: 'the document was closed', malformed: false };
