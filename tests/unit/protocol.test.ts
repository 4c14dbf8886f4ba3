import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { carriesContent, encodeVerdict, MESSAGE_VERDICT, readVerdict } from '../../shared/protocol.ts';

describe('the verdict message', () => {
  it('round-trips committed and refused verdicts', () => {
    for (const verdict of [{ seq: 1, committed: true as const }, { seq: 300, committed: false as const, reason: 'observers cannot change the text' }]) {
      const decoder = decoding.createDecoder(encodeVerdict(verdict));
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_VERDICT);
      expect(readVerdict(decoder)).toEqual(verdict);
    }
  });

  it('counts sync step 2 and update messages as content, nothing else', () => {
    expect(carriesContent(new Uint8Array([0, 1, 0]))).toBe(true);
    expect(carriesContent(new Uint8Array([0, 2, 0]))).toBe(true);
    expect(carriesContent(new Uint8Array([0, 0, 0]))).toBe(false);
    expect(carriesContent(new Uint8Array([1, 1, 0]))).toBe(false);
    expect(carriesContent(new Uint8Array([0]))).toBe(false);
  });
});
