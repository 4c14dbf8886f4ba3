import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedInvitation, ParticipantRecord } from '../../shared/api.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import { api, connect, signIn, signInWithToken, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let chair: string;
let mexico: string;

beforeAll(async () => {
  server = await startTestServer();
  chair = await signIn(server, { role: 'chair' });
  mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
});
afterAll(async () => server.dispose());

const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

describe('health and the demo workspace', () => {
  it('answers ready once started', async () => {
    const response = await api(server, null, '/api/health');
    expect(response.status).toBe(200);
    // One process on SQLite: no PostgreSQL or Redis to report on.
    expect(await response.json()).toEqual({ ready: true, store: 'sqlite', node: server.node });
  });

  it('seeds the working group once: 35 delegations, the officers, four organizations and three documents', async () => {
    const participants = await server.store.listParticipants();
    expect(participants.filter((p) => p.role === 'delegation')).toHaveLength(35);
    expect(participants.map((p) => p.role)).toEqual(expect.arrayContaining(['chair', 'secretariat', 'observer']));
    expect(participants.find((p) => p.role === 'chair')?.name).toMatch(/Guatemala/);
    // The draft resolution twice: in English and in Spanish (issue 17).
    expect((await server.store.listDocuments()).map((d) => d.kind).sort()).toEqual(['resolution', 'resolution', 'strategy', 'work-plan']);
    expect(server.demoLinks?.map((l) => l.label).join(' ')).toMatch(/Chair.*Secretariat.*Observer.*MEX.*\(IACHR\)/s);
    // The organizations it hears (issue 16), and one of them signed in, reading everywhere like
    // an observer: the Chair has let it propose on no document.
    expect((await server.store.listOrganizations()).map((o) => o.code).sort()).toEqual(['CICAD', 'IACHR', 'IADB', 'UNODC']);
    expect(participants.filter((p) => p.role === 'organization').map((p) => p.delegation)).toEqual(['IACHR']);
    for (const document of await server.store.listDocuments()) expect(await server.store.proposingOrganizations(document.id)).toEqual([]);

    server = await server.restart();
    expect(server.demoLinks).toBeNull();
    expect(await server.store.listParticipants()).toHaveLength(participants.length);
    expect(await server.store.listDocuments()).toHaveLength(4);
    expect(await server.store.listOrganizations()).toHaveLength(4);
  });
});

describe('sign-in', () => {
  it('signs in with a link, says who you are, and signs out', async () => {
    const link = server.demoLinks ?? null;
    expect(link).toBeNull(); // links are printed only on first start; issue a new one
    const created = await api(server, chair, '/api/participants', json({ name: 'Mexico (alternate)', role: 'delegation', delegation: 'MEX' }));
    expect(created.status).toBe(201);
    const { invitation } = (await created.json()) as { invitation: IssuedInvitation };
    expect(invitation.url).toBe(`${server.url}/join#${invitation.token}`);
    expect(Buffer.from(invitation.token, 'base64url').length).toBeGreaterThanOrEqual(16);

    const response = await api(server, null, '/api/session', json({ token: invitation.token }));
    expect(response.status).toBe(200);
    const cookieHeader = response.headers.get('set-cookie') ?? '';
    expect(cookieHeader).toMatch(/HttpOnly/i);
    expect(cookieHeader).toMatch(/SameSite=Lax/i);
    const cookie = cookieHeader.split(';')[0]!;
    expect(await (await api(server, cookie, '/api/me')).json()).toMatchObject({ name: 'Mexico (alternate)', role: 'delegation', delegation: 'MEX' });

    expect((await api(server, cookie, '/api/session', { method: 'DELETE' })).status).toBe(204);
    expect((await api(server, cookie, '/api/me')).status).toBe(401);
  });

  it('refuses unknown, malformed and revoked tokens, and stores tokens only as hashes', async () => {
    expect((await api(server, null, '/api/session', json({ token: 'x'.repeat(43) }))).status).toBe(401);
    const malformed = await api(server, null, '/api/session', { method: 'POST', body: '{"token": 5}' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/token/);
    expect((await api(server, null, '/api/session', { method: 'POST', body: 'not json' })).status).toBe(400);

    const record = (await (await api(server, chair, '/api/participants')).json()) as ParticipantRecord[];
    const usa = record.find((p) => p.delegation === 'USA')!;
    const issued = (await (await api(server, chair, `/api/participants/${usa.id}/invitations`, { method: 'POST' })).json()) as IssuedInvitation;
    expect(JSON.stringify(await server.store.listParticipants())).not.toContain(issued.token);
    expect((await api(server, chair, `/api/invitations/${issued.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(server, null, '/api/session', json({ token: issued.token }))).status).toBe(401);
  });
});

describe('documents', () => {
  it('lists the documents a participant may open; the Chair and Secretariat create and rename', async () => {
    const created = await api(server, chair, '/api/documents', json({ title: 'Draft declaration', symbol: 'CSH/GT/PD-4/09', kind: 'other' }));
    expect(created.status).toBe(201);
    const document = (await created.json()) as DocumentSummary;
    const hidden = (await (await api(server, chair, '/api/documents', json({ title: 'Chair\u2019s notes', restricted: true }))).json()) as DocumentSummary;

    const forMexico = (await (await api(server, mexico, '/api/documents')).json()) as DocumentSummary[];
    expect(forMexico.map((d) => d.id)).toContain(document.id);
    expect(forMexico.map((d) => d.id)).not.toContain(hidden.id);
    expect(forMexico[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), symbol: expect.any(String), kind: expect.any(String) }));

    const renamed = await api(server, chair, `/api/documents/${document.id}`, { method: 'PATCH', body: JSON.stringify({ title: 'Draft declaration (rev.)' }) });
    expect(((await renamed.json()) as DocumentSummary).title).toBe('Draft declaration (rev.)');

    expect((await api(server, mexico, '/api/documents', json({ title: 'Mine' }))).status).toBe(403);
    expect((await api(server, mexico, `/api/documents/${document.id}`, { method: 'PATCH', body: '{"title":"x"}' })).status).toBe(403);
    expect((await api(server, chair, '/api/documents', json({ title: '' }))).status).toBe(400);
    expect((await api(server, chair, '/api/documents', json({ title: 'x', kind: 'treaty' }))).status).toBe(400);
    expect((await api(server, chair, `/api/documents/${document.id}`, { method: 'PATCH', body: '{}' })).status).toBe(400);
    expect((await api(server, null, '/api/documents')).status).toBe(401);
  });
});

describe('participants and invitations', () => {
  it('are managed by the Chair and the Secretariat only, with validated input', async () => {
    expect((await api(server, mexico, '/api/participants')).status).toBe(403);
    expect((await api(server, mexico, '/api/participants', json({ name: 'X', role: 'chair' }))).status).toBe(403);
    const bad = [
      { name: 'No code', role: 'delegation' },
      { name: 'Bad code', role: 'delegation', delegation: 'XXX' },
      { name: 'Chair with code', role: 'chair', delegation: 'MEX' },
      { name: '', role: 'observer' },
      { name: 'Extra', role: 'observer', admin: true },
    ];
    for (const body of bad) expect((await api(server, chair, '/api/participants', json(body))).status).toBe(400);
    expect((await api(server, chair, '/api/participants/not-an-id/invitations', { method: 'POST' })).status).toBe(400);
  });

  it('revoking a participant ends its sessions and closes its open sockets', async () => {
    const created = await api(server, chair, '/api/participants', json({ name: 'Peru', role: 'delegation', delegation: 'PER' }));
    const { participant, invitation } = (await created.json()) as { participant: { id: string }; invitation: IssuedInvitation };
    const cookie = await signInWithToken(server, invitation.token);
    const documentId = (await server.store.listDocuments())[0]!.id;
    const connection = connect(server, cookie, documentId);
    try {
      await until(connection, (s) => s.link === 'connected');
      expect((await api(server, chair, `/api/participants/${participant.id}`, { method: 'DELETE' })).status).toBe(204);
      const closed = await until(connection, (s) => s.link === 'closed');
      expect(closed.closedReason).toMatch(/session has ended/);
      expect((await api(server, cookie, '/api/me')).status).toBe(401);
      expect((await api(server, null, '/api/session', json({ token: invitation.token }))).status).toBe(401);
    } finally {
      connection.destroy();
    }
  });
});
