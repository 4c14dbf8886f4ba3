import { readFileSync } from 'node:fs';
import { Node } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../../shared/schema.ts';
import { resolutionContent } from '../../server/demo/resolution.ts';
import { strategyOutlineContent } from '../../server/demo/strategy.ts';
import { workPlanContent } from '../../server/demo/work-plan.ts';

const workPlanText = readFileSync(new URL('../../server/demo/work-plan.txt', import.meta.url), 'utf8');

function blocks(json: ReturnType<typeof resolutionContent>): Node[] {
  const doc = Node.fromJSON(documentSchema(), json);
  doc.check();
  const found: Node[] = [];
  doc.descendants((node) => {
    if (node.type.name === 'paragraph' || node.type.name === 'heading') found.push(node);
    return true;
  });
  return found;
}

describe('the demo documents', () => {
  it('turn the work plan into sections, numbered methodology and the schedule of meetings', () => {
    const nodes = blocks(workPlanContent(workPlanText));
    const headings = nodes.filter((n) => n.type.name === 'heading').map((n) => n.textContent);
    expect(headings).toEqual(expect.arrayContaining(['I. INTRODUCTION', 'II. MANDATES', 'III. PROPOSED WORK METHODOLOGY', 'SCHEDULE OF MEETINGS AND ACTIVITIES']));
    const operative = nodes.filter((n) => n.attrs.kind === 'operative').map((n) => n.textContent);
    expect(operative).toHaveLength(4);
    expect(operative[0]).toMatch(/^Requesting member states/);
    expect(nodes.map((n) => n.textContent)).toEqual(expect.arrayContaining(['Friday, April 3, 2009 (AM)', 'Election of the vice chairs']));
    expect(nodes.some((n) => n.textContent.startsWith('Draft Work Plan of the'))).toBe(false);
  });

  it('give the draft resolution its preambular and operative paragraphs', () => {
    const nodes = blocks(resolutionContent());
    expect(nodes.filter((n) => n.attrs.kind === 'preambular')).toHaveLength(6);
    expect(nodes.filter((n) => n.attrs.kind === 'operative').map((n) => n.textContent.slice(0, 3))).toEqual(Array(6).fill('To '));
  });

  it('name every paragraph with its own id', () => {
    for (const content of [workPlanContent(workPlanText), resolutionContent(), strategyOutlineContent()]) {
      const ids = blocks(content).map((n) => n.attrs.pid as string);
      expect(ids.every((id) => /^p-[0-9a-f]{8}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
