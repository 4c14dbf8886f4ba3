import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANGUAGE, languageFromPreferences, languageSchema, type Language } from '../../shared/i18n/languages.ts';
import { translator, type Translate } from '../../shared/i18n/translate.ts';

const STORAGE_KEY = 'accord.language';

/** The language the page speaks now, for code outside React (the API's Accept-Language, the sync link's messages). */
let current: Language = DEFAULT_LANGUAGE;
export function currentLanguage(): Language {
  return current;
}

/**
 * Before anyone has chosen: what this browser chose last time, else the browser's own
 * preference. A participant's stored choice replaces it once signed in.
 */
export function firstGuess(): Language {
  const stored = languageSchema.safeParse(safeStorage()?.getItem(STORAGE_KEY));
  if (stored.success) return stored.data;
  return languageFromPreferences(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: the guess from the browser serves
  }
}

interface LanguageState {
  language: Language;
  t: Translate;
  /** Speaks another language from now on; remembered in this browser. */
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(firstGuess);
  current = language;

  useEffect(() => {
    // Screen readers, hyphenation and spell-checking follow the page's language.
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    current = next;
    safeStorage()?.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  const value = useMemo(() => ({ language, t: translator(language), setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

/** The translate function of the page's language. */
export function useT(): Translate {
  return useLanguage().t;
}
