import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiError } from '../../shared/api.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { requestLanguage, validationErrors } from './request-language.ts';

export const MAX_JSON_BODY = 64 * 1024;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

function badRequest(c: Context, error: string, issues?: ApiError['issues']): Response {
  const body: ApiError = issues ? { error, issues } : { error };
  return c.json(body, 400);
}

/** Validates input against a zod schema; a failure is a 400 naming every problem. */
export function validate<S extends z.ZodType>(c: Context, schema: S, input: unknown): Parsed<z.infer<S>> {
  // Worded in the language the request asks for: the message reaches a person.
  const result = schema.safeParse(input, { error: validationErrors(c) });
  if (result.success) return { ok: true, value: result.data };
  // zod words its own checks in the language already; the schemas' own messages are English, like every refusal.
  const language = requestLanguage(c);
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: localiseMessage(language, i.message) }));
  return { ok: false, response: badRequest(c, issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues) };
}

/**
 * Reads and validates a JSON body of at most MAX_JSON_BODY bytes. The body must say it is JSON:
 * a page of another origin can send `text/plain` or a form without asking the browser's leave
 * (no CORS preflight), but not `application/json`.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.infer<S>>> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    return { ok: false, response: c.json({ error: 'send the body as JSON, with Content-Type: application/json' }, 415) };
  }
  const text = await c.req.text();
  if (text.length > MAX_JSON_BODY) return { ok: false, response: c.json({ error: 'request body too large' }, 413) };
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return { ok: false, response: badRequest(c, 'request body must be JSON') };
  }
  return validate(c, schema, input);
}

/**
 * Reads a multipart upload: a Word file under `file`, and the other fields validated against
 * `fields` (every upload route asks the same of its form).
 */
export async function uploadForm<S extends z.ZodType>(c: Context, fields: S): Promise<Parsed<{ file: File; fields: z.infer<S> }>> {
  let form: Record<string, string | File>;
  try {
    form = (await c.req.parseBody()) as Record<string, string | File>;
  } catch {
    return { ok: false, response: badRequest(c, 'send the file as multipart/form-data') };
  }
  const { file, ...rest } = form;
  if (!(file instanceof File)) return { ok: false, response: badRequest(c, 'file: a .docx file is required') };
  const valid = validate(c, fields, rest);
  return valid.ok ? { ok: true, value: { file, fields: valid.value } } : valid;
}
