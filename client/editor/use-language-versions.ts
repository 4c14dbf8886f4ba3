import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { LanguageVersions } from '../../shared/i18n/language-versions-api.ts';
import { api, errorMessage } from '../api.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';
import { useNotice } from '../sync/use-notice.ts';

/** How often the versions are read again: a change accepted in another version's room sends this one no notice. */
const REREAD_MS = 15_000;

export interface VersionsState {
  versions: LanguageVersions | null;
  error: string | null;
  reload: () => void;
}

/** The language versions of the open text, read again after decisions here, every little while, and on return to the tab. */
export function useLanguageVersions(documentId: string, connection: DocumentConnection): VersionsState {
  const [versions, setVersions] = useState<LanguageVersions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.languageVersions(documentId).then(
      (answer) => {
        setVersions(answer);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [documentId]);
  useEffect(() => {
    reload();
    const timer = window.setInterval(() => document.visibilityState === 'visible' && reload(), REREAD_MS);
    const onVisible = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);
  useNotice(connection, 'audit', reload);
  return { versions, error, reload };
}

/** Whether a paragraph's versions are out of step, for the Chair about to agree it. */
export const TranslationPending = createContext<(pid: string) => boolean>(() => false);

export function useTranslationPending(): (pid: string) => boolean {
  return useContext(TranslationPending);
}

/** A paragraph is out of step if it is pending translation in any version of the text, this one included. */
export function pendingAnywhere(versions: LanguageVersions | null): (pid: string) => boolean {
  const pids = new Set(Object.values(versions?.pending ?? {}).flat());
  return (pid) => pids.has(pid);
}
