import { useCallback, useEffect } from 'react';
import type { Language } from '../../shared/i18n/languages.ts';
import { api } from '../api.ts';
import { useLanguage } from './language.tsx';

/**
 * A participant's language follows them from browser to browser: once signed in, the one they
 * chose (kept on the server) replaces this browser's guess; one who never chose keeps the
 * guess, which is kept as theirs. Returns what the language chooser calls to keep a new choice.
 */
export function useParticipantLanguage(participantId: string | null): (language: Language) => void {
  const { language, setLanguage } = useLanguage();

  useEffect(() => {
    if (!participantId) return;
    let cancelled = false;
    api.myLanguage().then(
      (stored) => {
        if (cancelled) return;
        if (stored.language) setLanguage(stored.language);
        else void api.setMyLanguage(language).catch(() => undefined);
      },
      // Not knowing the stored choice is no reason to stop: the page goes on in the guessed language.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
    // Once per participant: a later choice is kept by keep(), not by this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [participantId]);

  return useCallback((chosen: Language) => {
    void api.setMyLanguage(chosen).catch(() => undefined);
  }, []);
}
