import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { carriesContent, encodeNotice, encodeVerdict, MESSAGE_NOTICE, MESSAGE_VERDICT, readNotice, readVerdict, type Verdict } from '../../shared/protocol.ts';

describe('the verdict message', () => {
  it('round-trips committed and refused verdicts', () => {
    const verdicts: Verdict[] = [{ seq: 1, outcome: 'committed' }, { seq: 300, outcome: 'refused', reason: 'observers cannot change the text' }, { seq: 7, outcome: 'resync' }];
    for (const verdict of verdicts) {
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

describe('the notice message', () => {
  it('round-trips a known topic and reads an unknown one as nothing', () => {
    const decoder = decoding.createDecoder(encodeNotice('revisions'));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_NOTICE);
    expect(readNotice(decoder)).toBe('revisions');

    const future = encoding.createEncoder();
    encoding.writeVarUint(future, MESSAGE_NOTICE);
    encoding.writeVarString(future, 'agenda');
    const unknown = decoding.createDecoder(encoding.toUint8Array(future));
    decoding.readVarUint(unknown);
    expect(readNotice(unknown)).toBeNull();
  });
});
