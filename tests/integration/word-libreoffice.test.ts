import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Node as PMNode } from '@tiptap/pm/model';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDocument } from '../../server/export/index.ts';
import { readParagraphBookmark } from '../../server/word/paragraph-bookmark.ts';
import { planWordChanges } from '../../server/word/placement.ts';
import { readWordFile } from '../../server/word/word-reading.ts';
import { del, doc, ins, p } from '../support/builders.ts';

/**
 * LibreOffice as an independent reader and writer of the Word files Accord exports (issue 16):
 * another program's view of the tracked changes and the paragraph ids, and a file saved again
 * by it, as a delegation working in LibreOffice would send it back. Needs `soffice` (Debian's
 * libreoffice-writer-nogui, which .ci/run installs).
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'accord-libreoffice-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function libreOffice(input: Uint8Array, name: string, target: string): Promise<Buffer> {
  const file = join(work, name);
  writeFileSync(file, input);
  const out = join(work, `out-${name}`);
  try {
    await run('soffice', ['--headless', `-env:UserInstallation=file://${join(work, 'profile')}`, '--convert-to', target, '--outdir', out, file], { timeout: 120_000 });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new Error('LibreOffice (soffice) is not installed: apt-get install --no-install-recommends libreoffice-writer-nogui (.ci/run does)');
    throw error;
  }
  const extension = target.split(':')[0]!;
  return readFileSync(join(out, name.replace(/\.docx$/, `.${extension}`)));
}

const DOCUMENT = 'doc-lo';
const negotiated = () =>
  doc(
    p({ pid: 'p-pre', kind: 'preambular' }, 'Recalling its resolutions,'),
    p('p-1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational '), 'cooperation in ', del('USA:bbbbbbbb', 'regional'), ' matters'),
    p({ pid: 'p-2', proposal: 'BRA:cccccccc' }, ins('BRA:cccccccc', 'Invites observers to contribute.')),
    p('p-3', 'Requests the Secretariat to report.'),
  );
const compilation = async (text: PMNode) =>
  (await exportDocument(text, { format: 'docx', variant: 'compilation', meta: { title: 'Strategy', symbol: 'CSH/GT/PD-2/09', generatedAt: new Date(), documentId: DOCUMENT }, supporters: new Map() })).body;

/** The tracked changes and bookmarks of a flat ODF text, as LibreOffice understood the file. */
function odfChanges(fodt: string): { changes: [string, string][]; bookmarks: string[] } {
  const xml = new SaxesParser({ xmlns: false });
  const changes: [string, string][] = [];
  const bookmarks: string[] = [];
  let kind: string | null = null;
  let inCreator = false;
  xml.on('opentag', (tag) => {
    if (tag.name === 'text:insertion' || tag.name === 'text:deletion') kind = tag.name.slice(5);
    if (tag.name === 'dc:creator' && kind) inCreator = true;
    if (tag.name === 'text:bookmark' || tag.name === 'text:bookmark-start') bookmarks.push(String(tag.attributes['text:name']));
  });
  xml.on('text', (text) => {
    if (inCreator && kind) changes.push([kind, text]);
  });
  xml.on('closetag', (tag) => {
    if (tag.name === 'dc:creator') inCreator = false;
    if (tag.name === 'text:insertion' || tag.name === 'text:deletion') kind = null;
  });
  xml.write(fodt).close();
  return { changes, bookmarks };
}

describe('Word files and LibreOffice', () => {
  it('LibreOffice reads every amendment of a compilation as a tracked change by its proposer, and every paragraph id', async () => {
    const { changes, bookmarks } = odfChanges((await libreOffice(await compilation(negotiated()), 'compilation.docx', 'fodt')).toString('utf8'));
    expect(changes).toEqual(expect.arrayContaining([['insertion', 'MEX'], ['deletion', 'USA'], ['insertion', 'BRA']]));
    expect(new Set(changes.map(([, who]) => who))).toEqual(new Set(['MEX', 'USA', 'BRA']));
    expect(bookmarks.map((name) => readParagraphBookmark(name)?.pid)).toEqual(['p-pre', 'p-1', 'p-2', 'p-3']);
  }, 180_000);

  it('a compilation saved again by LibreOffice, untouched, proposes nothing', async () => {
    const text = negotiated();
    const resaved = await libreOffice(await compilation(text), 'resaved.docx', 'docx:MS Word 2007 XML');
    const reading = readWordFile(new Uint8Array(resaved));
    expect(reading.documentId).toBe(DOCUMENT);
    expect(planWordChanges(reading, text, DOCUMENT)).toEqual({ proposals: [], unplaced: [] });
  }, 180_000);
});
