import { describe, expect, it } from 'vitest';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, POLL } from '../support/demo-in-browser.ts';
import { perform } from '../support/gestures.ts';
import { serverRefusals } from '../support/server-refusals.ts';
import { insertedBy, insertionIdsOf, pageSignature, type TextSignature } from '../support/text-signature.ts';

const demo = demoInBrowser();

const standsWhole = (signature: TextSignature, label: string, text: string) =>
  insertionIdsOf(signature, label).some((id) => insertedBy(signature, id).some((t) => t.includes(text)));

describe('undo and redo of one\u2019s own typing', () => {
  const refusals = serverRefusals();

  it('brings words undone in two steps back whole and in order, while a neighbour types at the same place', async () => {
    const jam = await openAs(demo.browser, await demo.linkFor('delegation', 'JAM'));
    const bra = await openAs(demo.browser, await demo.linkFor('delegation', 'BRA'));
    await openResolution(jam.page);
    await openResolution(bra.page);
    // The words as read, without the brackets and labels drawn around amendments.
    const editorText = async (page: typeof jam.page) => (await pageSignature(page)).map((b) => b.runs.map((r) => r.text).join('')).join('\n');

    // Typed with a pause in the middle, as a person does: two undo steps.
    expect(await perform(jam.page, { kind: 'type-after', word: 'thematic', phrase: 'sub', keyDelay: 40 }, 'JAM')).toBe(true);
    await jam.page.waitForTimeout(700);
    await jam.page.keyboard.type('stantive', { delay: 40 });
    await expect.poll(() => editorText(bra.page), POLL).toContain('thematic substantive');

    // Undo takes back what was typed without a pause, not a letter.
    await jam.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(bra.page), POLL).toMatch(/thematic sub(?!s)/);
    await jam.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(bra.page), POLL).not.toContain('thematic sub');

    // Meanwhile Brazil types where Jamaica's words were.
    expect(await perform(bra.page, { kind: 'type-after', word: 'thematic', phrase: 'priority', keyDelay: 40 }, 'BRA')).toBe(true);
    await expect.poll(() => editorText(jam.page), POLL).toContain('priority');

    await jam.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => editorText(bra.page), POLL).toMatch(/ sub(?!stantive)/);
    await jam.page.keyboard.press('Control+y');
    await expect.poll(() => editorText(bra.page), POLL).toContain('substantive');

    for (const { page } of [jam, bra]) await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    await expect.poll(async () => JSON.stringify(await pageSignature(jam.page)), POLL).toBe(JSON.stringify(await pageSignature(bra.page)));
    const signature = await pageSignature(bra.page);
    expect(standsWhole(signature, 'JAM', ' substantive'), JSON.stringify(signature)).toBe(true);
    expect(standsWhole(signature, 'BRA', ' priority'), JSON.stringify(signature)).toBe(true);
    expect(refusals.lines).toEqual([]);

    // Redone words are undone again like any others.
    await jam.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(bra.page), POLL).not.toContain('stantive');
    await jam.context.close();
    await bra.context.close();
  });
});
