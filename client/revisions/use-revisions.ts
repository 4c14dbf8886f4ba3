import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type RevisionRecord } from '../api.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';
import { useLatestRead } from '../sync/use-latest-read.ts';
import { useNotice } from '../sync/use-notice.ts';

/**
 * What the main column of the document page shows: the live text (editable), one revision
 * (read-only), or a comparison of two states. The header's export menu follows it too.
 */
export type RevisionFocus =
  | { kind: 'live' }
  | { kind: 'revision'; revision: RevisionRecord }
  /** `from` and `to`: a revision id or `live`, as the compare route takes them. */
  | { kind: 'compare'; from: string; to: string };

export interface Revisions {
  /** Newest first; null until the first answer. */
  list: RevisionRecord[] | null;
  error: string | null;
  reload: () => void;
  create: (input: { name: string; note: string }) => Promise<RevisionRecord>;
  focus: RevisionFocus;
  show: (focus: RevisionFocus) => void;
}

/** The default name of the next revision, as the server would give it. */
export function nextRevisionName(list: readonly RevisionRecord[] | null): string {
  const highest = Math.max(0, ...(list ?? []).map((r) => r.number));
  return `Rev.${highest + 1}`;
}

/**
 * A document's revisions and what the page shows of them. Revisions are immutable, so the
 * list only grows: it is read when the page opens, after creating one, when the server says
 * another officer issued one, and on demand.
 */
export function useRevisions(documentId: string, connection: DocumentConnection | null): Revisions {
  const [list, setList] = useState<RevisionRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState<RevisionFocus>({ kind: 'live' });

  const readList = useCallback(() => api.listRevisions(documentId), [documentId]);
  const takeList = useCallback((records: RevisionRecord[]) => {
    setList([...records].sort((a, b) => b.number - a.number));
    setError(null);
  }, []);
  const showError = useCallback((e: unknown) => setError(errorMessage(e)), []);
  const reload = useLatestRead(readList, takeList, showError);


  useEffect(() => {
    setList(null);
    setFocus({ kind: 'live' });
    reload();
  }, [reload]);

  useNotice(connection, 'revisions', reload);

  // A tab put aside for a while reads the list again when it comes back.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

  const create = useCallback(
    async (input: { name: string; note: string }) => {
      const name = input.name.trim();
      const created = await api.createRevision(documentId, { ...(name ? { name } : {}), note: input.note.trim() });
      setList((current) => [created, ...(current ?? []).filter((r) => r.id !== created.id)]);
      return created;
    },
    [documentId],
  );

  const show = useCallback((next: RevisionFocus) => {
    setFocus(next);
    window.scrollTo(0, 0);
  }, []);

  return { list, error, reload, create, focus, show };
}
