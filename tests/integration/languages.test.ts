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
