import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentStateFromContent, flattenText, newYDoc } from '../../server/sync/document-state.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';

describe('flattenText', () => {
  it('reads every string of the document, deleted ones too, and changes nothing', () => {
    const doc = newYDoc();
    const { update } = documentStateFromContent({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { pid: 'p1' }, content: [{ type: 'text', text: 'to promote cooperation' }] }],
    });
    Y.applyUpdate(doc, update);
    const text = (doc.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    // Typed one keystroke per transaction, as the server receives them: Yjs joins them into one string.
    for (const [i, char] of [...' regional'].entries()) text.insert(10 + i, char);
    text.delete(0, 3);
    const before = Y.encodeStateAsUpdate(doc);

    expect(flattenText(doc)).toBe('to promote cooperation'.length + ' regional'.length);
    expect(text.toString()).toBe('promote regional cooperation');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
