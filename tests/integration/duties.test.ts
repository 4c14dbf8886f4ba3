import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedInvitation, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { Participant } from '../../shared/participants.ts';
import { api, me, signIn, startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

let server: TestServer;
let chair: string;
let secretariat: string;
let chairId: string;
let secretariatId: string;

beforeAll(async () => {
  server = await startTestServer();
  chair = await signIn(server, { role: 'chair' });
  secretariat = await signIn(server, { role: 'secretariat' });
  chairId = (await me(server, chair)).id;
  secretariatId = (await me(server, secretariat)).id;
});
afterAll(async () => server.dispose());

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const participants = async () => (await (await api(server, chair, '/api/participants')).json()) as ParticipantRecord[];
const log = async (cookie = chair) => (await (await api(server, cookie, '/api/participants/log')).json()) as ParticipantLogRecord[];

describe('only a Chair makes or unmakes a Chair', () => {
  it('the Secretariat can neither make a chair nor touch the Chair, its role or its links; nothing changes', async () => {
    const before = await participants();
    const logBefore = await log();
    const mexico = before.find((p) => p.delegation === 'MEX')!;
    const theChair = before.find((p) => p.id === chairId)!;
    const attempts: [string, string, RequestInit][] = [
      ['create a chair', '/api/participants', json('POST', { name: 'Another chair', role: 'chair' })],
      ['promote a delegation to chair', `/api/participants/${mexico.id}`, json('PATCH', { role: 'chair' })],
      ['demote the Chair', `/api/participants/${chairId}`, json('PATCH', { role: 'observer' })],
      ['rename the Chair', `/api/participants/${chairId}`, json('PATCH', { name: 'Someone else' })],
      ['revoke the Chair', `/api/participants/${chairId}`, json('DELETE')],
      ['issue a link that signs in as the Chair', `/api/participants/${chairId}/invitations`, json('POST')],
      ['revoke the Chair\u2019s link', `/api/invitations/${theChair.invitations[0]!.id}`, json('DELETE')],
    ];
    for (const [what, path, init] of attempts) {
      const response = await api(server, secretariat, path, init);
      expect(response.status, what).toBe(403);
      expect(((await response.json()) as { error: string }).error, what).toMatch(/only the Chair/);
    }
    expect(await participants()).toEqual(before);
    expect(await log()).toEqual(logBefore);
    expect(await me(server, chair)).toMatchObject({ id: chairId, role: 'chair' });
  });

  it('the Secretariat still runs the roll of delegations and observers', async () => {
    const created = await api(server, secretariat, '/api/participants', json('POST', { name: 'Chile', role: 'delegation', delegation: 'CHL' }));
    expect(created.status).toBe(201);
    const { participant } = (await created.json()) as { participant: Participant };
    expect((await api(server, secretariat, `/api/participants/${participant.id}`, json('PATCH', { role: 'observer' }))).status).toBe(200);
    expect((await api(server, secretariat, `/api/participants/${participant.id}`, json('DELETE'))).status).toBe(204);
  });

  it('the Chair makes a chair and unmakes it; every step is in the participants\u2019 log under the Chair\u2019s name', async () => {
    const created = await api(server, chair, '/api/participants', json('POST', { name: 'Vice-Chair', role: 'chair' }));
    expect(created.status).toBe(201);
    const { participant, invitation } = (await created.json()) as { participant: Participant; invitation: IssuedInvitation };
    expect((await api(server, chair, `/api/participants/${participant.id}`, json('PATCH', { role: 'observer' }))).status).toBe(200);
    expect((await api(server, chair, `/api/invitations/${invitation.id}`, json('DELETE'))).status).toBe(204);
    expect((await api(server, chair, `/api/participants/${participant.id}`, json('DELETE'))).status).toBe(204);

    const lines = (await log(secretariat)).filter((l) => l.participantId === participant.id);
    expect(lines.map((l) => [l.action, l.role, l.actorId, l.actorRole])).toEqual([
      ['created', 'chair', chairId, 'chair'],
      ['link-issued', 'chair', chairId, 'chair'],
      ['changed', 'observer', chairId, 'chair'],
      ['link-revoked', 'observer', chairId, 'chair'],
      ['revoked', 'observer', chairId, 'chair'],
    ]);
    expect(lines[2]!.previous).toEqual({ name: 'Vice-Chair', role: 'chair', delegation: null });
    expect(lines[1]!.invitationId).toBe(invitation.id);
    // The Secretariat's own changes are logged as the Secretariat's.
    expect((await log()).some((l) => l.name === 'Chile' && l.action === 'created' && l.actorId === secretariatId)).toBe(true);
    // Delegations and observers see none of it.
    expect((await api(server, await signIn(server, { role: 'delegation', delegation: 'MEX' }), '/api/participants/log')).status).toBe(403);
  });

  it('whoever runs the server makes a chair from the command line, logged as the operator', async () => {
    const peru = (await participants()).find((p) => p.delegation === 'PER')!;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'set-role', '--participant', peru.id, '--role', 'chair'], {
      env: { ...process.env, DATA_DIR: server.dataDir },
    });
    expect(stdout).toMatch(/is now chair/);
    expect((await participants()).find((p) => p.id === peru.id)).toMatchObject({ role: 'chair', delegation: null });
    expect((await log()).at(-1)).toMatchObject({ action: 'changed', participantId: peru.id, role: 'chair', actorId: 'operator', previous: { role: 'delegation', delegation: 'PER' } });
  });
});
