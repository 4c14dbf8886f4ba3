import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { acceptLanguageTags, languageFromPreferences, type Language } from '../../shared/i18n/languages.ts';

/**
 * The language to answer a request in: the page sends the participant's choice as
 * Accept-Language with every call (a download link, the browser's own, which serves as well).
 */
export function requestLanguage(c: Context): Language {
  return languageFromPreferences(acceptLanguageTags(c.req.header('accept-language')));
}

const ZOD_LOCALES: Record<Language, () => { localeError: z.core.$ZodErrorMap }> = {
  es: z.locales.es,
  en: z.locales.en,
  fr: z.locales.fr,
  pt: z.locales.pt,
};

/** zod's own wording of what is wrong with an input, in the request's language. */
export function validationErrors(c: Context): z.core.$ZodErrorMap {
  return ZOD_LOCALES[requestLanguage(c)]().localeError;
}

/**
 * Every refusal the API answers with (`{ error }`, 4xx/5xx) reaches people in their language:
 * the routes word their reasons once, in English, and this translates the ones the catalogue
 * knows (shared/i18n/localise-message.ts) on the way out, and words any date they carry as one. Validation errors come worded in the
 * language already (validate()).
 */
export function localisedErrors(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const language = requestLanguage(c);
    // English too: a refusal that carries a date is worded with it as a date, not an ISO value.
    if (c.res.status < 400 || !c.res.headers.get('content-type')?.startsWith('application/json')) return;
    let body: unknown;
    try {
      body = await c.res.clone().json();
    } catch {
      return;
    }
    if (typeof body !== 'object' || body === null || typeof (body as { error?: unknown }).error !== 'string') return;
    const error = (body as { error: string }).error;
    const localised = localiseMessage(language, error);
    if (localised === error) return;
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = new Response(JSON.stringify({ ...body, error: localised }), { status: c.res.status, headers });
  };
}
