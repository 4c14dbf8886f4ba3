import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { RATIONALES, SUPPORTERS } from '../../shared/document-parts.ts';
import { MAX_RATIONALE, supporterKey } from '../../shared/negotiation/update-rules.ts';
import { serverNow } from '../sync/server-clock.ts';

/** A delegation that joined an amendment, and who in it did so. */
export interface Support {
  delegation: string;
  author: string;
  at: string;
}

export interface Rationale {
  text: string;
  author: string;
  at: string;
}

export interface NegotiationParts {
  supporters: Map<string, Support[]>;
  rationales: Map<string, Rationale>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads the support and rationale maps; malformed entries (the server refuses them) are skipped. */
function readParts(doc: Y.Doc): NegotiationParts {
  const supporters = new Map<string, Support[]>();
  doc.getMap<unknown>(SUPPORTERS).forEach((value, key) => {
    const [amendmentId, delegation] = key.split('|');
    if (!amendmentId || !delegation || !isRecord(value) || typeof value.author !== 'string' || typeof value.at !== 'string') return;
    supporters.set(amendmentId, [...(supporters.get(amendmentId) ?? []), { delegation, author: value.author, at: value.at }]);
  });
  for (const list of supporters.values()) list.sort((a, b) => a.delegation.localeCompare(b.delegation));
  const rationales = new Map<string, Rationale>();
  doc.getMap<unknown>(RATIONALES).forEach((value, key) => {
    if (isRecord(value) && typeof value.text === 'string' && typeof value.author === 'string' && typeof value.at === 'string') {
      rationales.set(key, { text: value.text, author: value.author, at: value.at });
    }
  });
  return { supporters, rationales };
}

/** Support and rationales of the live document, following every change. */
export function useNegotiationParts(doc: Y.Doc): NegotiationParts {
  const [parts, setParts] = useState(() => readParts(doc));
  useEffect(() => {
    const update = () => setParts(readParts(doc));
    update();
    const supporters = doc.getMap(SUPPORTERS);
    const rationales = doc.getMap(RATIONALES);
    supporters.observe(update);
    rationales.observe(update);
    return () => {
      supporters.unobserve(update);
      rationales.unobserve(update);
    };
  }, [doc]);
  return parts;
}

/**
 * What a participant writes next to the text. The values have exactly the shape the server
 * accepts (it refuses extra keys): a support entry is `{author, at}` under
 * `amendment|delegation`, a rationale `{text, author, at}` under the amendment id.
 */
export interface PartsWriter {
  support(amendmentId: string): void;
  withdrawSupport(amendmentId: string): void;
  explain(amendmentId: string, text: string): void;
}

export function usePartsWriter(doc: Y.Doc, label: string, author: string): PartsWriter {
  return useMemo(
    () => ({
      support: (amendmentId) => doc.getMap(SUPPORTERS).set(supporterKey(amendmentId, label), { author, at: serverNow().toISOString() }),
      withdrawSupport: (amendmentId) => doc.getMap(SUPPORTERS).delete(supporterKey(amendmentId, label)),
      explain: (amendmentId, text) => {
        const trimmed = text.trim().slice(0, MAX_RATIONALE);
        if (trimmed) doc.getMap(RATIONALES).set(amendmentId, { text: trimmed, author, at: serverNow().toISOString() });
        else doc.getMap(RATIONALES).delete(amendmentId);
      },
    }),
    [doc, label, author],
  );
}
