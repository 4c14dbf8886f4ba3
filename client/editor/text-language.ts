import { createContext, useContext } from 'react';
import type { Language } from '../../shared/i18n/languages.ts';

/**
 * The language the open document's text is in (a Spanish version is Spanish whatever the
 * participant reads the interface in), for the views that show its words away from the
 * editor: a revision, a comparison. Undefined while the versions are being read.
 */
export const TextLanguage = createContext<Language | undefined>(undefined);

export function useTextLanguage(): Language | undefined {
  return useContext(TextLanguage);
}
