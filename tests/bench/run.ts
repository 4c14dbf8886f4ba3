import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { acceptAllCost, validationCost, type Measured } from './negotiation.ts';

/**
 * `npm run bench`: measures what the issues set targets for, prints a table and writes
 * bench-results/latest.json. `--quick` runs small numbers (used by npm test so the harness
 * cannot rot); the numbers from a quick run mean nothing.
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } }, strict: true });
const size = values.quick ? { paragraphs: 20, amendments: 60, keystrokes: 20 } : { paragraphs: 200, amendments: 1000, keystrokes: 300 };
const out = z.string().min(1).parse(values.out ?? 'bench-results/latest.json');

const results: Measured[] = [];
results.push(validationCost(size.keystrokes, size.paragraphs, size.amendments));
results.push(await acceptAllCost(size.paragraphs, size.amendments));

const fmt = (n: number) => n.toFixed(2).padStart(9);
console.log(`\nAccord benchmarks — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}${values.quick ? ' (quick run: numbers not meaningful)' : ''}\n`);
console.log(`${'measure'.padEnd(62)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  unit   n`);
for (const r of results) console.log(`${r.name.padEnd(62)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.max)}  ${r.unit.padEnd(5)}  ${r.n}`);
mkdirSync(out.replace(/\/[^/]*$/, ''), { recursive: true });
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), quick: values.quick, node: process.version, cpus: cpus().length, results }, null, 2));
console.log(`\nwritten to ${out}`);
