import { describe, expect, it } from 'vitest';
import { documentAccess } from '../../shared/access.ts';
import { documentSchema } from '../../shared/schema.ts';
import { paragraphForDraft, workingCopyBody, workingCopyParagraphs } from '../../shared/working-copy.ts';
import type { Participant } from '../../shared/participants.ts';

const schema = documentSchema();
const mark = (kind: 'insertion' | 'deletion', party: string, id: string) => schema.marks[kind]!.create({ id: `${party}:${id}`, delegation: party, author: `p-${party}`, at: '2026-12-02T10:00:00.000Z' });
const paragraph = (pid: string, parts: (string | [string, ReturnType<typeof mark>])[], proposal: string | null = null) =>
  schema.node('paragraph', { pid, proposal }, parts.map((p) => (typeof p === 'string' ? schema.text(p) : schema.text(p[0], [p[1]]))));

describe('a working copy', () => {
  const who = (role: Participant['role'], delegation: string | null = null) => ({ role, delegation });
  const copy = (published: boolean) => ({ restricted: true, workingCopy: { callId: 'c', sourceId: 's', party: 'MEX', contributionsPublished: published } });

  it('is its party’s to work on; the officers read it once published; nobody else reaches it', () => {
    expect(documentAccess(who('delegation', 'MEX'), copy(false))).toBe('write');
    expect(documentAccess(who('delegation', 'USA'), copy(false))).toBe('none');
    expect(documentAccess(who('delegation', 'USA'), copy(true))).toBe('none');
    expect(documentAccess(who('organization', 'MEX'), copy(false))).toBe('write');
    expect(documentAccess(who('observer'), copy(true))).toBe('none');
    for (const role of ['chair', 'secretariat'] as const) {
      expect(documentAccess(who(role), copy(false))).toBe('none');
      expect(documentAccess(who(role), copy(true))).toBe('read');
    }
    // Restricted drafts are still the officers' alone; open documents everyone's.
    expect(documentAccess(who('delegation', 'MEX'), { restricted: true })).toBe('none');
    expect(documentAccess(who('secretariat'), { restricted: true })).toBe('write');
    expect(documentAccess(who('observer'), { restricted: false })).toBe('write');
  });

  it('submits the paragraphs its party amended, by pid, with only the party’s brackets', () => {
    const doc = schema.node('doc', null, [
      paragraph('p-1', ['To promote ', ['effective ', mark('insertion', 'MEX', 'aaaaaaaa')], 'cooperation.']),
      paragraph('p-2', ['Untouched words.']),
      paragraph('p-3', ['Social, ', ['situational and ', mark('deletion', 'MEX', 'bbbbbbbb')], 'community ', ['regional ', mark('insertion', 'USA', 'cccccccc')], 'prevention.']),
      paragraph('p-4', [['A paragraph of its own.', mark('insertion', 'MEX', 'dddddddd')]], 'MEX:dddddddd'),
      paragraph('p-5', [['Only another party here.', mark('insertion', 'USA', 'eeeeeeee')]], 'USA:eeeeeeee'),
    ]);
    const paragraphs = workingCopyParagraphs(doc, 'MEX');
    expect(paragraphs.map((p) => [p.pid, p.proposed])).toEqual([
      ['p-1', 'To promote effective cooperation.'],
      ['p-3', 'Social, community prevention.'],
      ['p-4', 'A paragraph of its own.'],
    ]);
    // USA's insertion in MEX's paragraph is not MEX's to submit.
    expect(JSON.stringify(paragraphs[1]!.content)).not.toContain('USA');
    expect(workingCopyBody(paragraphs)).toBe('To promote effective cooperation.\n\nSocial, community prevention.\n\nA paragraph of its own.');
    expect(workingCopyParagraphs(doc, 'CAN')).toEqual([]);
  });

  it('comes into a draft under a new pid with its party’s marks only, whatever the stored paragraph says', () => {
    const forged = paragraph('p-9', ['To ', ['forged ', mark('insertion', 'USA', 'ffffffff')], ['promote ', mark('insertion', 'MEX', 'gggggggg')]], 'USA:ffffffff').toJSON();
    const draft = paragraphForDraft({ pid: 'p-9', content: forged, proposed: '' }, 'MEX', 'p-new');
    const node = schema.nodeFromJSON(draft);
    expect(node.attrs).toMatchObject({ pid: 'p-new', proposal: null, status: 'open' });
    const marks: string[] = [];
    node.descendants((n) => {
      for (const m of n.marks) marks.push(`${m.type.name}:${m.attrs.delegation as string}`);
    });
    expect(marks).toEqual(['insertion:MEX']);
    expect(paragraphForDraft({ pid: 'p-9', content: { type: 'image' }, proposed: '' }, 'MEX', 'p-new')).toBeNull();
  });
});
