/**
 * The server's clock as this browser best knows it. The server dates every amendment, support
 * and rationale within minutes of its own clock (`shared/negotiation/mark-history.ts`), and a
 * delegate's laptop may be set to another time zone's hours or simply be wrong: everything this
 * client dates is dated by the server's clock, learnt from the `Date` header of its answers.
 */

let offsetMs = 0;

/**
 * Records one answer's `Date` header. The header counts whole seconds, so the server's time
 * lies in [date, date + 1 s), taken at the middle of the round trip: good to about a second,
 * well within what the server allows.
 */
export function noteServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader) return;
  const serverMs = Date.parse(dateHeader);
  if (!Number.isFinite(serverMs)) return;
  offsetMs = serverMs + 500 - (sentAt + receivedAt) / 2;
}

/** Now, by the server's clock. */
export function serverNow(): Date {
  return new Date(Date.now() + offsetMs);
}
