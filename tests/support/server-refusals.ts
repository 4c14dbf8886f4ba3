import { afterEach, beforeEach, vi } from 'vitest';

/**
 * The server's refusals during each test of the file (the in-process server logs each with
 * "refused an update"), still printed as they come. A browser test reads `.lines` to assert
 * that no legitimate gesture was refused.
 */
export function serverRefusals(): { lines: string[] } {
  const seen = { lines: [] as string[] };
  beforeEach(() => {
    seen.lines = [];
    const warn = console.warn.bind(console);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      const line = args.map(String).join(' ');
      if (line.includes('refused an update')) seen.lines.push(line);
      warn(...args);
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return seen;
}
