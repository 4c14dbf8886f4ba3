import { z } from 'zod';

/** The OAS's four official languages, in the order its documents list them. */
export const LANGUAGES = ['es', 'en', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

/** Each language by its own name: a participant looking for theirs reads it in it. */
export const LANGUAGE_NAMES: Record<Language, string> = { es: 'Español', en: 'English', fr: 'Français', pt: 'Português' };

/** Accord's own language when nothing says otherwise: the working group's records are kept in English. */
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * The first of the browser's preferred languages that Accord speaks ("es-GT" → es, "pt-BR" →
 * pt), or the default: a participant who never chose one is addressed in the browser's.
 */
export function languageFromPreferences(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.trim().toLowerCase().split(/[-_]/)[0];
    const found = LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return DEFAULT_LANGUAGE;
}

/** An Accept-Language header's tags in order of preference ("es-GT,es;q=0.9,en;q=0.8"). */
export function acceptLanguageTags(header: string | undefined | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag!.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((t) => t.tag && t.tag !== '*' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => t.tag);
}
