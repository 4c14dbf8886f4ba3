import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let chair: string;
let restrictedId: string;
/** A page served on another port of the same host: same site, so the SameSite=Lax cookie goes along. */
let otherPort: string;

beforeAll(async () => {
  server = await startTestServer();
  chair = await signIn(server, { role: 'chair' });
  const created = await api(server, chair, '/api/documents', { method: 'POST', body: JSON.stringify({ title: 'Chair\u2019s notes', restricted: true }) });
  restrictedId = ((await created.json()) as { id: string }).id;
  otherPort = `http://localhost:${server.port + 1}`;
});
afterAll(async () => server.dispose());

/** Opens the sync socket as a browser would from a page at `origin`; resolves with the HTTP status. */
function openSocket(cookie: string, documentId: string, origin: string | undefined): Promise<number> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${documentId}?schema=${SCHEMA_VERSION}`, {
    headers: { cookie, ...(origin ? { origin } : {}) },
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

/** Everything a forged request could change, to check that nothing did. */
async function workspace() {
  const documents = await server.store.listDocuments();
  const participants = await server.store.listParticipants();
  const revisions = await Promise.all(documents.map((d) => server.store.listRevisions(d.id)));
  const audit = await Promise.all(documents.map((d) => server.store.listAudit(d.id)));
  return { documents, participants: participants.map((p) => [p.id, p.role, p.revokedAt, p.invitations.length]), revisions, audit };
}

describe('a page of another origin acts with nobody\u2019s session', () => {
  it('cannot open the sync socket, so cannot read a restricted document', async () => {
    expect(await openSocket(chair, restrictedId, otherPort)).toBe(403);
    expect(await openSocket(chair, restrictedId, 'null')).toBe(403);
    expect(await openSocket(chair, restrictedId, server.url)).toBe(101);
    // Node clients (tests, tools) send no Origin: they are not a page anyone else controls.
    expect(await openSocket(chair, restrictedId, undefined)).toBe(101);
  });

  it('changes nothing through any state-changing route, whatever the content type', async () => {
    const before = await workspace();
    const documentId = before.documents[0]!.id;
    const someone = before.participants.find((p) => p[1] === 'delegation')![0] as string;
    const forged: [string, string, string | FormData | undefined][] = [
      ['POST', `/api/documents/${documentId}/decisions`, JSON.stringify({ action: 'reject', scope: { kind: 'all' } })],
      ['POST', `/api/documents/${documentId}/revisions`, JSON.stringify({ note: 'forged' })],
      ['POST', '/api/documents', JSON.stringify({ title: 'Forged' })],
      ['PATCH', `/api/documents/${documentId}`, JSON.stringify({ title: 'Forged' })],
      ['POST', '/api/participants', JSON.stringify({ name: 'Forged chair', role: 'chair' })],
      ['POST', `/api/participants/${someone}/invitations`, undefined],
      ['DELETE', `/api/participants/${someone}`, undefined],
      ['DELETE', '/api/session', undefined],
    ];
    for (const [method, path, body] of forged) {
      for (const contentType of ['text/plain', 'application/json']) {
        const response = await fetch(`${server.url}${path}`, { method, body, headers: { cookie: chair, origin: otherPort, 'content-type': contentType } });
        expect(response.status, `${method} ${path} as ${contentType}`).toBe(403);
      }
      // A browser that sends no Origin still says where the request came from.
      const crossSite = await fetch(`${server.url}${path}`, { method, body, headers: { cookie: chair, 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' } });
      expect(crossSite.status, `${method} ${path} marked same-site`).toBe(403);
    }
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'draft.docx'));
    form.set('title', 'Forged import');
    const upload = await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: chair, origin: otherPort } });
    expect(upload.status).toBe(403);
    expect(await workspace()).toEqual(before);
    expect((await api(server, chair, '/api/me')).status).toBe(200);
  });

  it('JSON routes take only JSON: a text/plain body from no origin at all changes nothing', async () => {
    const before = await workspace();
    const plain = await fetch(`${server.url}/api/documents`, { method: 'POST', body: JSON.stringify({ title: 'Plain' }), headers: { cookie: chair, 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: string }).error).toMatch(/application\/json/);
    expect(await workspace()).toEqual(before);
  });

  it('the app\u2019s own pages work: its listening address and, without PUBLIC_URL, the address the request used', async () => {
    for (const origin of [server.url, `http://127.0.0.1:${server.port}`]) {
      const url = `${origin}/api/documents`;
      const response = await fetch(url, { method: 'POST', body: JSON.stringify({ title: `From ${origin}` }), headers: { cookie: chair, origin, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } });
      expect(response.status, origin).toBe(201);
    }
  });
});

describe('without PUBLIC_URL, the sync socket of a page at the address it was opened at', () => {
  it('opens for a page at 127.0.0.1 (the upgrade\u2019s own origin is taken from its Host) and not for another port there', async () => {
    const at = (origin: string) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${restrictedId}?schema=${SCHEMA_VERSION}`, { headers: { cookie: chair, origin } });
      return new Promise<number>((resolve, reject) => {
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', reject);
      });
    };
    expect(await at(`http://127.0.0.1:${server.port}`)).toBe(101);
    expect(await at(`http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await at(`http://localhost:${server.port + 1}`)).toBe(403);
  });
});

describe('with PUBLIC_URL set, only that origin', () => {
  it('accepts pages from PUBLIC_URL and refuses the server\u2019s bare address', async () => {
    const proxied = await startTestServer(undefined, { publicUrl: 'https://accord.example.org' });
    try {
      const cookie = await signIn(proxied, { role: 'secretariat' });
      const post = (origin: string) =>
        fetch(`${proxied.url}/api/documents`, { method: 'POST', body: JSON.stringify({ title: 'Draft' }), headers: { cookie, origin, 'content-type': 'application/json' } });
      expect((await post('https://accord.example.org')).status).toBe(201);
      expect((await post(proxied.url)).status).toBe(403);
      expect((await post('http://accord.example.org')).status).toBe(403);
    } finally {
      await proxied.dispose();
    }
  });
});
