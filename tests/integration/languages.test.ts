import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.dispose());

const choose = (cookie: string | null, language: unknown) => api(server, cookie, '/api/me/language', { method: 'PUT', body: JSON.stringify({ language }) });
const chosen = async (cookie: string) => ((await (await api(server, cookie, '/api/me/language')).json()) as { language: string | null }).language;

describe('each participant’s language', () => {
  it('is none until chosen, then the last choice, kept for every later sign-in of that participant', async () => {
    const guatemala = await signIn(server, { role: 'delegation', delegation: 'GTM' });
    expect(await chosen(guatemala)).toBeNull();
    expect((await choose(guatemala, 'pt')).status).toBe(204);
    expect((await choose(guatemala, 'es')).status).toBe(204);
    expect(await chosen(guatemala)).toBe('es');
    // Another browser of the same participant finds it; another participant does not.
    expect(await chosen(await signIn(server, { role: 'delegation', delegation: 'GTM' }))).toBe('es');
    expect(await chosen(await signIn(server, { role: 'chair' }))).toBeNull();
    const participant = (await (await api(server, guatemala, '/api/me')).json()) as { id: string };
    expect(await server.store.participantLanguage(participant.id)).toBe('es');
  });

  it('refuses a language Accord does not speak, a malformed choice, and anyone not signed in, changing nothing', async () => {
    const chair = await signIn(server, { role: 'chair' });
    expect((await choose(chair, 'fr')).status).toBe(204);
    expect((await choose(chair, 'de')).status).toBe(400);
    expect((await choose(chair, 'FR')).status).toBe(400);
    expect((await api(server, chair, '/api/me/language', { method: 'PUT', body: JSON.stringify({ language: 'es', participant: 'someone-else' }) })).status).toBe(400);
    expect((await choose(null, 'es')).status).toBe(401);
    expect(await chosen(chair)).toBe('fr');
  });
});

describe('the server’s messages to people', () => {
  it('come in the language the request asks for: refusals and validation errors', async () => {
    const observer = await signIn(server, { role: 'observer' });
    const inSpanish = { 'accept-language': 'es-GT,es;q=0.9,en;q=0.5' };
    const refused = await api(server, observer, '/api/documents/no-such-id/decisions', { method: 'POST', headers: inSpanish, body: JSON.stringify({ action: 'accept', scope: { kind: 'all' } }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('solo la Presidencia decide sobre las enmiendas y los párrafos');

    const chair = await signIn(server, { role: 'chair' });
    const missing = await api(server, chair, '/api/documents/no-such-id/audit', { headers: { 'accept-language': 'fr' } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('ce document n’existe pas');

    // zod's own wording, in Portuguese: not the English "Invalid option".
    const invalid = await api(server, chair, '/api/me/language', { method: 'PUT', headers: { 'accept-language': 'pt-BR' }, body: JSON.stringify({ language: 'de' }) });
    expect(invalid.status).toBe(400);
    const { error } = (await invalid.json()) as { error: string };
    expect(error).toMatch(/^language: /);
    expect(error).toMatch(/inválid/i);
    expect(error).not.toMatch(/Invalid/);
  });

  it('stay in English for English, and for a browser that asks for none of the four languages', async () => {
    const chair = await signIn(server, { role: 'chair' });
    for (const header of ['en-US', 'de-DE,de;q=0.9', '']) {
      const missing = await api(server, chair, '/api/documents/no-such-id/audit', { headers: header ? { 'accept-language': header } : {} });
      expect(((await missing.json()) as { error: string }).error).toBe('no such document');
    }
  });
});

describe('exports', () => {
  it('come in the language the link asks for, else the request’s, tagged with it; an unknown language is refused', async () => {
    const chair = await signIn(server, { role: 'chair' });
    const [document] = await server.store.listDocuments();
    const exportAs = (query: string, headers: Record<string, string> = {}) => api(server, chair, `/api/documents/${document!.id}/export?format=html&variant=compilation${query}`, { headers });
    const spanish = await (await exportAs('&lang=es', { 'accept-language': 'en' })).text();
    expect(spanish.slice(0, 40)).toContain('<html lang="es">');
    expect(spanish.includes('Texto de compilación')).toBe(true);
    const french = await (await exportAs('', { 'accept-language': 'fr-CA,fr;q=0.9' })).text();
    expect(french.slice(0, 40)).toContain('<html lang="fr">');
    expect(french.includes('Texte de compilation')).toBe(true);
    expect((await exportAs('&lang=de')).status).toBe(400);
  });
});
