import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { spread } from '../stats.ts';
import { stopChild } from './servers.ts';
import { measureTyping, prepareRoom, type PhaseLatency, type RunContext, type TypingResult, type TypingWorkload } from './typing-run.ts';

/**
 * Issue 13's load test: one delegation attacks its own room at the full rate the server allows,
 * with the dearest changes it may send (attacker-process.ts), while delegates type in another
 * room of the same server. The measured window is cut into `PHASES` phases, the attacker
 * paused in the even ones and attacking in the odd ones, and the typists' commit times in the
 * two kinds are compared. Quiet and attacked moments are seconds apart on one server: compared
 * run against run, on fresh servers, the quiet runs alone differed by up to ×4 in p99 on this
 * shared machine (the host's CPU steal comes and goes by the minute), more than the attack does.
 */
export interface AttackRun {
  typing: TypingResult;
  quiet: PhaseLatency;
  attacked: PhaseLatency;
  attacker: { sent: number; committed: number; refused: number; reasons: Record<string, number> };
}

export interface AttackResult {
  runs: AttackRun[];
  /** Median over the runs of the typists' p99 commit time in the quiet phases and in the attacked ones, ms. */
  quietP99: number;
  attackedP99: number;
  /**
   * Median over the runs of each run's attacked p99 over its own quiet p99: the target's figure,
   * as each run's two kinds of phase shared one server and the same minutes of the machine.
   */
  ratio: number;
}

/** Quiet, attacked, quiet, attacked …: four of each. */
export const PHASES = 8;
/**
 * Keystrokes sent in the first fifth of a phase count in neither kind: the attacker's last
 * change may still be judged as a quiet phase begins, and its next one is still being built as
 * an attacked phase does.
 */
const GUARD_SHARE = 0.2;

const reportSchema = z.object({ type: z.literal('report'), sent: z.number(), committed: z.number(), refused: z.number(), reasons: z.record(z.string(), z.number()) });
const entry = join(dirname(fileURLToPath(import.meta.url)), 'attacker-process.ts');
const START_TIMEOUT_MS = 180_000;

export async function runAttack(load: TypingWorkload, context: RunContext, reps: number, progress: (text: string) => void): Promise<AttackResult> {
  const runs: AttackRun[] = [];
  for (let rep = 0; rep < reps; rep++) {
    progress(`W7 run ${rep + 1}/${reps}`);
    runs.push(await attackRun(load, context));
  }
  return {
    runs,
    quietP99: spread(runs.map((r) => r.quiet.p99)).median,
    attackedP99: spread(runs.map((r) => r.attacked.p99)).median,
    ratio: spread(runs.map((r) => r.attacked.p99 / r.quiet.p99)).median,
  };
}

async function attackRun(load: TypingWorkload, context: RunContext): Promise<AttackRun> {
  const room = await prepareRoom('accord', load, context, true);
  const attack = room.server.attack;
  if (!attack) throw new Error('the server prepared no attacked room');
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ATTACK_SETUP: JSON.stringify({ httpUrl: room.server.httpUrl, syncUrl: room.server.syncUrl, ...attack }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = new Promise<AttackRun['attacker']>((resolve, reject) => {
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

  const phaseMs = (load.seconds * 1000) / PHASES;
  const timers: NodeJS.Timeout[] = [];
  try {
    // Its first change sent, so that it is signed in and connected; then paused for the first, quiet, phase.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the attacker did not start')), START_TIMEOUT_MS);
      child.on('message', (raw) => {
        if (z.object({ type: z.literal('attacking') }).safeParse(raw).success) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.send({ type: 'pause' });
    await new Promise((resolve) => setTimeout(resolve, phaseMs * GUARD_SHARE));
    const typing = await measureTyping(room, load, context, {
      count: 2,
      of: (elapsedMs) => {
        const phase = Math.floor(elapsedMs / phaseMs);
        if (phase >= PHASES || elapsedMs - phase * phaseMs < phaseMs * GUARD_SHARE) return null;
        return phase % 2;
      },
      started: () => {
        for (let phase = 1; phase < PHASES; phase++) {
          timers.push(setTimeout(() => child.connected && child.send({ type: phase % 2 === 1 ? 'resume' : 'pause' }), phase * phaseMs));
        }
      },
    });
    child.send({ type: 'stop' });
    const [quiet, attacked] = typing.phases!;
    return { typing, quiet: quiet!, attacked: attacked!, attacker: await report };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await stopChild(child, () => child.connected && child.send({ type: 'stop' }));
    await room.dispose();
  }
}
