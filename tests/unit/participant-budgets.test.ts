import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/sync/limits.ts';
import { ParticipantBudgets, type Admission } from '../../server/sync/participant-budgets.ts';

/** Time repaid at a core a second, a second of it at once: held only while we spend it. */
const limits = { ...DEFAULT_LIMITS, judgingMsPerSecond: 1_000, judgingBurstMs: 1_000, maxHeldBytesPerParticipant: 10_000 };

function admitted(result: Admission | string): Admission {
  if (typeof result === 'string') throw new Error(`refused: ${result}`);
  return result;
}

/** Resolves with the order in which the admissions' `ready` resolved. */
function releaseOrder(admissions: Admission[]): string[] {
  const order: string[] = [];
  admissions.forEach((a, i) => void a.ready?.then(() => order.push(`#${i}`)));
  return order;
}

describe('a participant\u2019s changes on their way to being judged', () => {
  it('go on at once in another room while one is still being judged in the first', () => {
    const budgets = new ParticipantBudgets(limits);
    const first = admitted(budgets.admit('MEX', 'room-a', 100));
    expect(first.ready).toBeNull();
    expect(admitted(budgets.admit('MEX', 'room-b', 100)).ready).toBeNull();
    // In the same room, the next waits for the first to be judged.
    const next = admitted(budgets.admit('MEX', 'room-a', 100));
    expect(next.ready).not.toBeNull();
  });

  it('are held in order while the time is spent, then let through together', async () => {
    const budgets = new ParticipantBudgets(limits);
    const first = admitted(budgets.admit('MEX', 'room-a', 100));
    budgets.timeOf('MEX').charge(1_100); // 100 ms owed once the first is judged
    const held = [0, 1, 2].map(() => admitted(budgets.admit('MEX', 'room-a', 100)));
    const order = releaseOrder(held);
    first.judged();
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Small changes go together (one batch judges them one after the other).
    expect(order).toEqual(['#0', '#1', '#2']);
  });

  it('a dropped held change no longer counts against what may be held', () => {
    const budgets = new ParticipantBudgets(limits);
    budgets.timeOf('MEX').charge(60_000); // a minute owed
    const big = admitted(budgets.admit('MEX', 'room-a', 8_000));
    expect(big.ready).not.toBeNull();
    expect(budgets.admit('MEX', 'room-b', 8_000)).toMatch(/taking the server too long to check/);
    // Its room closed, its sender gone: dropped while still held.
    big.judged();
    expect(admitted(budgets.admit('MEX', 'room-b', 8_000)).ready).not.toBeNull();
  });
});
