import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { spread } from '../stats.ts';
import { stopChild } from './servers.ts';
import { measureTyping, prepareRoom, runTyping, type RunContext, type TypingResult, type TypingWorkload } from './typing-run.ts';

/**
 * Issue 13's load test: one delegation attacks its own room at the full rate the server allows,
 * with the dearest changes it may send (attacker-process.ts), while delegates type in another
 * room of the same server; their commit times are compared with a quiet run (no attacker) of
 * the same workload, on a fresh server each, quiet and attacked runs interleaved.
 */
export interface AttackResult {
  quiet: TypingResult[];
  attacked: TypingResult[];
  attacker: { sent: number; committed: number; refused: number; reasons: Record<string, number> }[];
  /** Median over the runs of the typists' p99 commit time, ms. */
  quietP99: number;
  attackedP99: number;
}

const reportSchema = z.object({ type: z.literal('report'), sent: z.number(), committed: z.number(), refused: z.number(), reasons: z.record(z.string(), z.number()) });
const entry = join(dirname(fileURLToPath(import.meta.url)), 'attacker-process.ts');
const START_TIMEOUT_MS = 180_000;

export async function runAttack(load: TypingWorkload, context: RunContext, reps: number, progress: (text: string) => void): Promise<AttackResult> {
  const result: AttackResult = { quiet: [], attacked: [], attacker: [], quietP99: 0, attackedP99: 0 };
  for (let rep = 0; rep < reps; rep++) {
    progress(`W7 quiet run ${rep + 1}/${reps}`);
    result.quiet.push(await runTyping('accord', load, context));
    progress(`W7 attacked run ${rep + 1}/${reps}`);
    const { typing, attacker } = await attackedRun(load, context);
    result.attacked.push(typing);
    result.attacker.push(attacker);
  }
  const median = (runs: TypingResult[]) => spread(runs.map((r) => r.p99)).median;
  result.quietP99 = median(result.quiet);
  result.attackedP99 = median(result.attacked);
  return result;
}

async function attackedRun(load: TypingWorkload, context: RunContext): Promise<{ typing: TypingResult; attacker: AttackResult['attacker'][number] }> {
  const room = await prepareRoom('accord', load, context, true);
  const attack = room.server.attack;
  if (!attack) throw new Error('the server prepared no attacked room');
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ATTACK_SETUP: JSON.stringify({ httpUrl: room.server.httpUrl, syncUrl: room.server.syncUrl, ...attack }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = new Promise<AttackResult['attacker'][number]>((resolve, reject) => {
    child.on('message', (raw) => {
      const parsed = reportSchema.safeParse(raw);
      if (parsed.success) resolve({ sent: parsed.data.sent, committed: parsed.data.committed, refused: parsed.data.refused, reasons: parsed.data.reasons });
    });
    child.on('exit', (code) => reject(new Error(`the attacker exited (${code}) before reporting`)));
  });
  report.catch(() => undefined); // awaited below, except when the run fails first
  // A real attacker builds its changes on a machine of its own: here it yields the cores to the
  // server and the typists, so that what is measured is what its changes cost the server.
  if (child.pid !== undefined) setPriority(child.pid, 19);

  try {
    // Measured only once the attack is under way: its first change has been sent.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the attacker did not start')), START_TIMEOUT_MS);
      child.on('message', (raw) => {
        if (z.object({ type: z.literal('attacking') }).safeParse(raw).success) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const typing = await measureTyping(room, load, context);
    child.send({ type: 'stop' });
    return { typing, attacker: await report };
  } finally {
    await stopChild(child, () => child.connected && child.send({ type: 'stop' }));
    await room.dispose();
  }
}
