import { parseArgs } from 'node:util';
import { z } from 'zod';
import { documentIdSchema } from '../shared/documents.ts';
import { newOrganizationSchema } from '../shared/organizations.ts';
import { newParticipantSchema, type NewParticipant, type Participant } from '../shared/participants.ts';
import { issueInvitation } from './auth/invitations.ts';
import { readConfig } from './config.ts';
import { openStore } from './store/open-store.ts';
import { OPERATOR, type Store } from './store/store.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

  invite --role chair|secretariat|observer|delegation|organization --name NAME [--delegation CODE] [--json]
      Creates the participant if it does not exist yet and prints a new sign-in link. An
      organization's participant gives its organization's code as --delegation (record it first).
  set-role --participant ID --role ROLE [--delegation CODE]
      Changes a participant's role (open sessions end; its links then sign in as the new role).
  revoke --participant ID       Revokes a participant: its links and sessions stop working.
  revoke --invitation ID        Revokes one sign-in link.
  participants [--json]         Lists participants with their ids.
  log [--json]                  Who created, changed or revoked which participant or link, when.
  usage --document ID [--json]  Who wrote how much of a document's stored history (when it fills up).
  organization --code CODE --name NAME
      Records an organization (IACHR, CICAD …), or renames it if its code is recorded.
  organizations [--json]        Lists the organizations.
  propose --document ID --organization CODE [--withdraw]
      Lets an organization propose amendments on a document (the Chair's word, given here by
      whoever runs the server), or with --withdraw stops it. A running server's open document
      follows within seconds.

Only the Chair makes, changes or revokes a Chair in the app; here, whoever runs the server can.

Environment: DATA_DIR (default ./data), PUBLIC_URL (default http://localhost:$PORT).`;

/** A usage error: printed with the usage, exit code 2. */
class UsageError extends Error {}

const idSchema = z.string().uuid('expected an id as listed by `npm run cli -- participants`');

async function run(argv: string[], out: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      options: {
        role: { type: 'string' }, name: { type: 'string' }, delegation: { type: 'string' },
        participant: { type: 'string' }, invitation: { type: 'string' }, document: { type: 'string' }, json: { type: 'boolean', default: false },
        code: { type: 'string' }, organization: { type: 'string' }, withdraw: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const options = parsed.values;

  if (command === 'invite') {
    const input = newParticipantSchema.safeParse({ name: options.name ?? '', role: options.role, delegation: options.delegation ?? null });
    if (!input.success) throw new UsageError(input.error.issues.map((i) => `--${String(i.path[0] ?? 'arguments')}: ${i.message}`).join('\n'));
    await withStore(async (store, publicUrl) => {
      await requireOrganization(store, input.data);
      const existing = (await store.listParticipants()).find(
        (p) => !p.revokedAt && p.role === input.data.role && p.name === input.data.name && p.delegation === (input.data.delegation ?? null),
      );
      const participant: Participant = existing ?? (await store.createParticipant(input.data, OPERATOR));
      const invitation = await issueInvitation(store, participant.id, publicUrl, OPERATOR);
      if (options.json) out(JSON.stringify({ token: invitation.token, url: invitation.url }));
      else out(`${existing ? 'Existing' : 'New'} participant ${participant.name} (${participant.role}${participant.delegation ? ` ${participant.delegation}` : ''}), id ${participant.id}\nSign-in link: ${invitation.url}`);
    });
  } else if (command === 'revoke') {
    if (Boolean(options.participant) === Boolean(options.invitation)) throw new UsageError('revoke takes exactly one of --participant ID or --invitation ID');
    const id = idSchema.safeParse(options.participant ?? options.invitation);
    if (!id.success) throw new UsageError(id.error.issues[0]?.message ?? 'malformed id');
    await withStore(async (store) => {
      const done = options.participant ? await store.revokeParticipant(id.data, OPERATOR) : await store.revokeInvitation(id.data, OPERATOR);
      if (!done) throw new UsageError(`nothing to revoke: no such ${options.participant ? 'participant' : 'invitation'}, or already revoked`);
      out(`Revoked ${options.participant ? 'participant' : 'invitation'} ${id.data}.`);
    });
  } else if (command === 'set-role') {
    const id = idSchema.safeParse(options.participant);
    if (!id.success) throw new UsageError(`--participant: ${id.error.issues[0]?.message ?? 'malformed id'}`);
    await withStore(async (store) => {
      const current = await store.getParticipant(id.data);
      if (!current || current.revokedAt) throw new UsageError('no such participant, or revoked');
      const next = newParticipantSchema.safeParse({ name: current.name, role: options.role, delegation: options.delegation ?? null });
      if (!next.success) throw new UsageError(next.error.issues.map((i) => `--${String(i.path[0] ?? 'arguments')}: ${i.message}`).join('\n'));
      await requireOrganization(store, next.data);
      const updated = await store.updateParticipant(id.data, next.data, OPERATOR);
      out(`${updated?.name} is now ${updated?.role}${updated?.delegation ? ` ${updated.delegation}` : ''}; open sessions ended.`);
    });
  } else if (command === 'participants') {
    await withStore(async (store) => {
      const participants = await store.listParticipants();
      if (options.json) out(JSON.stringify(participants));
      else for (const p of participants) out(`${p.id}  ${p.role.padEnd(11)} ${(p.delegation ?? '').padEnd(4)} ${p.name}${p.revokedAt ? '  (revoked)' : ''}`);
    });
  } else if (command === 'log') {
    await withStore(async (store) => {
      const log = await store.listParticipantLog();
      if (options.json) out(JSON.stringify(log));
      else for (const l of log) out(`${l.at}  ${l.actorId === 'operator' || l.actorId === 'system' ? l.actorId : `${l.actorRole} ${l.actorId}`}  ${l.action} ${l.name} (${l.role}${l.delegation ? ` ${l.delegation}` : ''})${l.previous ? ` was ${l.previous.role}${l.previous.delegation ? ` ${l.previous.delegation}` : ''}` : ''}`);
    });
  } else if (command === 'usage') {
    const id = documentIdSchema.safeParse(options.document);
    if (!id.success) throw new UsageError('usage takes --document ID (as in the document\'s address)');
    await withStore(async (store) => {
      const names = new Map((await store.listParticipants()).map((p) => [p.id, `${p.name} (${p.role}${p.delegation ? ` ${p.delegation}` : ''})`]));
      const usage = await store.historyUsage(id.data);
      if (options.json) out(JSON.stringify(usage));
      else for (const u of usage) out(`${(u.bytes / 1024).toFixed(0).padStart(8)} KiB  ${String(u.updates).padStart(7)} changes  last ${u.lastAt}  ${names.get(u.participantId) ?? u.participantId}`);
    });
  } else if (command === 'organization') {
    const input = newOrganizationSchema.safeParse({ code: options.code ?? '', name: options.name ?? '' });
    if (!input.success) throw new UsageError(input.error.issues.map((i) => `--${String(i.path[0] ?? 'arguments')}: ${i.message}`).join('\n'));
    await withStore(async (store) => {
      const created = await store.createOrganization(input.data);
      if (created) out(`Recorded organization ${created.code}: ${created.name}`);
      else out(`Renamed organization ${input.data.code}: ${(await store.renameOrganization(input.data.code, { name: input.data.name }))?.name}`);
    });
  } else if (command === 'organizations') {
    await withStore(async (store) => {
      const organizations = await store.listOrganizations();
      if (options.json) out(JSON.stringify(organizations));
      else for (const o of organizations) out(`${o.code.padEnd(12)} ${o.name}`);
    });
  } else if (command === 'propose') {
    const id = documentIdSchema.safeParse(options.document);
    if (!id.success || !options.organization) throw new UsageError('propose takes --document ID and --organization CODE');
    const code = options.organization;
    await withStore(async (store) => {
      if (!(await store.setOrganizationProposes(id.data, code, !options.withdraw, 'operator'))) throw new UsageError('no such document or organization');
      out(`${code} ${options.withdraw ? 'no longer proposes' : 'proposes'} amendments on ${id.data}; proposing now: ${(await store.proposingOrganizations(id.data)).join(', ') || 'none'}.`);
    });
  } else {
    throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
}

/** An organization's participant speaks for a recorded organization. */
async function requireOrganization(store: Store, participant: NewParticipant): Promise<void> {
  if (participant.role === 'organization' && !(await store.getOrganization(participant.delegation ?? ''))) {
    throw new UsageError(`--delegation: no organization with the code ${participant.delegation ?? ''} is recorded (npm run cli -- organization --code CODE --name NAME)`);
  }
}

async function withStore(work: (store: Store, publicUrl: string) => Promise<void>): Promise<void> {
  const config = readConfig(process.env);
  const store = openStore(config);
  try {
    await work(store, config.publicUrl ?? `http://localhost:${config.port}`);
  } finally {
    await store.close();
  }
}

run(process.argv.slice(2), (line) => console.log(line)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`accord: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`accord: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
