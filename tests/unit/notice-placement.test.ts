import { describe, expect, it } from 'vitest';
import { placeNotice } from '../../client/editor/notice-placement.ts';

const viewport = { width: 1000, height: 700 };
const size = { width: 300, height: 40 };

describe('where a refused edit is told', () => {
  it('under the caret’s line, starting a little before the caret', () => {
    expect(placeNotice({ left: 400, top: 300, bottom: 320 }, size, viewport)).toEqual({ left: 388, top: 328 });
  });

  it('over the line when there is no room under it, never on it', () => {
    const caret = { left: 400, top: 660, bottom: 680 };
    const { top } = placeNotice(caret, size, viewport);
    expect(top + size.height).toBeLessThanOrEqual(caret.top);
  });

  it('inside the window when the caret is by its edge or scrolled out of it', () => {
    expect(placeNotice({ left: 990, top: 300, bottom: 320 }, size, viewport).left).toBe(1000 - 300 - 8);
    expect(placeNotice({ left: 2, top: 300, bottom: 320 }, size, viewport).left).toBe(8);
    expect(placeNotice({ left: 400, top: -500, bottom: -480 }, size, viewport).top).toBe(8);
    expect(placeNotice({ left: 400, top: 1500, bottom: 1520 }, size, viewport).top).toBe(700 - 40 - 8);
  });

  it('in the top right corner when there is no caret to stand by', () => {
    expect(placeNotice(null, size, viewport)).toEqual({ left: 1000 - 300 - 16, top: 72 });
  });
});
