import { Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, POLL } from '../support/demo-in-browser.ts';
import { editorDoc } from '../support/editing.ts';

const demo = demoInBrowser();

describe('the Word round trip in the app', () => {
  it('a delegation uploads a Word file with a tracked change, sees the preview, proposes it, and it stands in the text as its amendment', async () => {
    const resolution = (await demo.server.store.listDocuments()).find((d) => d.kind === 'resolution')!;
    const stored = async () => editorDoc(restoreDocument(await demo.server.store.loadDocumentState(resolution.id)));
    // An operative paragraph nobody has amended: its words, as the delegation's Word file has them.
    let target: { pid: string; words: string } | null = null;
    (await stored()).descendants((node) => {
      if (target || !node.isTextblock) return !target;
      if (node.attrs.kind === 'operative' && node.childCount === 1 && node.firstChild!.marks.length === 0) target = { pid: node.attrs.pid as string, words: node.textContent };
      return false;
    });
    const { pid, words } = target!;
    const cut = words.indexOf(' ') + 1;
    const file = new Document({
      sections: [{
        children: [new Paragraph({ children: [new TextRun(words.slice(0, cut)), new InsertedTextRun({ text: 'duly ', id: 1, author: 'United States', date: new Date().toISOString() }), new TextRun(words.slice(cut))] })],
      }],
    });
    const bytes = await Packer.toBuffer(file);

    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    await openResolution(usa.page);
    await usa.page.getByTestId('word-upload-open').click();
    await usa.page.getByTestId('word-upload-file').setInputFiles({ name: 'united-states.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: bytes });
    await usa.page.getByRole('button', { name: 'Read the file' }).click();
    const proposals = usa.page.getByTestId('word-upload-proposals').locator('li');
    // The file is read on an import thread of its own, which takes its time on a busy machine.
    await expect.poll(() => proposals.allTextContents(), { timeout: 60_000 }).toEqual([expect.stringContaining('insert “duly ”')]);
    // Nothing is proposed before the delegation confirms.
    expect(listAmendments(await stored()).filter((a) => a.delegation === 'USA')).toEqual([]);

    await usa.page.getByTestId('word-upload-confirm').click();
    await usa.page.getByTestId('word-upload-done').filter({ hasText: 'One amendment proposed.' }).waitFor({ timeout: 60_000 });
    // It reaches the open text like anyone's change: a bracket of USA's in that paragraph.
    const paragraph = usa.page.locator('[data-testid="editor"] p', { hasText: 'duly' });
    await expect.poll(() => paragraph.getByTestId('amendment-bracket').allTextContents(), POLL).toEqual(['USA']);
    expect(listAmendments(await stored()).filter((a) => a.delegation === 'USA').map((a) => [a.pid, a.shape, a.inserted])).toEqual([[pid, 'insertion', 'duly ']]);
    await usa.context.close();
  });
});
