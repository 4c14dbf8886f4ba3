import { afterAll, describe, expect, it } from 'vitest';
import { openPool } from '../../server/store/postgres-connection.ts';
import { migratePostgres, POSTGRES_MIGRATIONS, type PostgresMigration } from '../../server/store/postgres-migrations.ts';
import { PostgresStore } from '../../server/store/postgres-store.ts';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, startTestServer, until } from '../support/server.ts';
import { reachPostgres, typedUpdates } from '../support/postgres.ts';
import { blockText, plainText } from '../support/text.ts';
import { storeContract } from '../unit/store-contract.ts';

/**
 * The PostgreSQL store against a real server (127.0.0.1:5432, database `test`; `.ci/run` starts
 * it). Every test gets a schema of its own, named in the connection's search_path, dropped at
 * the end. Without a server these tests fail, saying so: they are never skipped.
 */
const postgres = await reachPostgres();
afterAll(() => postgres.end());
const { admin, freshSchema, urlFor, freshStore } = postgres;
const typed = typedUpdates;

const author = { participantId: 'p-mex', role: 'delegation' as const, delegation: 'MEX' };
const newDocument = { title: 'T', symbol: '', kind: 'other' as const, restricted: false };

storeContract('PostgresStore', freshStore);

describe('PostgresStore', () => {
  it('commits with synchronous_commit = on, even when the URL asks for off', async () => {
    const store = new PostgresStore(urlFor(await freshSchema(), '-c synchronous_commit=off'));
    await store.ready();
    expect((await store.durability()).synchronousCommit).toBe('on');
    await store.close();
  });

  it('keeps what it committed across reopening, and numbers on from there', async () => {
    const url = urlFor(await freshSchema());
    const store = new PostgresStore(url);
    const p = await store.createParticipant({ name: 'Canada', role: 'delegation', delegation: 'CAN' });
    await store.createInvitation(p.id, 'hash-can');
    const [initial, ...rest] = typed(['one ', 'two ', 'three']);
    const d = await store.createDocument(newDocument, initial!, [4_000_000_000]);
    const seqs = rest.map((update) => store.appendUpdates(d.id, [{ update, author, newClients: [] }]));
    // Closed without waiting for the appends: close finishes them first.
    await store.close();
    expect(await Promise.all(seqs)).toEqual([2, 3]);

    const reopened = new PostgresStore(url);
    expect((await reopened.redeemInvitation('hash-can'))?.name).toBe('Canada');
    const state = await reopened.loadDocumentState(d.id);
    expect(state.clients.get(4_000_000_000)).toBe('system');
    expect(restoreDocument(state).getText('t').toString()).toBe('one two three');
    const [more] = typed(['four']);
    expect(await reopened.appendUpdates(d.id, [{ update: more!, author, newClients: [] }])).toBe(4);
    await reopened.close();
  });

  it('takes numbers one after the other when two processes append to one document at once', async () => {
    const url = urlFor(await freshSchema());
    const [one, two] = [new PostgresStore(url), new PostgresStore(url)];
    await Promise.all([one.ready(), two.ready()]);
    const d = await one.createDocument(newDocument, null, []);
    const updates = typed(Array.from({ length: 40 }, (_, i) => String(i % 10)));
    const answered = await Promise.all(updates.map((update, i) => (i % 2 ? one : two).appendUpdates(d.id, [{ update, author, newClients: [] }])));
    expect([...answered].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1));
    expect((await one.listUpdates(d.id)).map((u) => u.seq)).toEqual(updates.map((_, i) => i + 1));
    await Promise.all([one.close(), two.close()]);
  });

  it('ends a session unused too long or signed in too long ago; use keeps it going', async () => {
    const url = urlFor(await freshSchema());
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const idle = new PostgresStore(url, { sessions: { idleMs: 1_000, maxMs: 60_000 } });
    const p = await idle.createParticipant({ name: 'Peru', role: 'delegation', delegation: 'PER' });
    await idle.createSession(p.id, 'used');
    await idle.createSession(p.id, 'left');
    // Wide margins: a loaded machine takes its time between two uses.
    for (let i = 0; i < 4; i++) {
      await pause(350);
      expect(await idle.findSession('used')).toEqual(p);
    }
    expect(await idle.findSession('left')).toBeNull();
    await pause(1_200);
    expect(await idle.findSession('used')).toBeNull();
    await idle.close();

    const short = new PostgresStore(url, { sessions: { idleMs: 60_000, maxMs: 1_000 } });
    await short.createSession(p.id, 'brief');
    expect(await short.findSession('brief')).toEqual(p);
    await pause(1_200);
    expect(await short.findSession('brief')).toBeNull();
    await short.close();
  });

  it('refuses to append to a document that does not exist, storing nothing', async () => {
    const store = await freshStore();
    const [update] = typed(['x']);
    await expect(store.appendUpdates('no-such-document', [{ update: update!, author, newClients: [] }])).rejects.toThrow(/no such document/);
    expect(await store.listUpdates('no-such-document')).toEqual([]);
    await store.close();
  });

  it('refuses writes once closed', async () => {
    const store = await freshStore();
    await store.close();
    const [update] = typed(['x']);
    await expect(store.appendUpdates('d', [{ update: update!, author, newClients: [] }])).rejects.toThrow('the store is closed');
  });

  it('fails to start, saying why, when the search_path names no schema that exists', async () => {
    const store = new PostgresStore(urlFor(await freshSchema(false)));
    await expect(store.ready()).rejects.toThrow(/no schema to create the tables in/);
    await expect(store.listDocuments()).rejects.toThrow(/no schema to create the tables in/);
    await store.close();
  });
});

describe('PostgreSQL schema versions', () => {
  const versions = async (schema: string) =>
    (await admin.query<{ version: number; name: string }>(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`)).rows;

  it('records each step once: opening again applies nothing', async () => {
    const schema = await freshSchema();
    const first = new PostgresStore(urlFor(schema));
    await first.ready();
    await first.close();
    const second = new PostgresStore(urlFor(schema));
    await second.ready();
    await second.close();
    expect(await versions(schema)).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));

    const pool = openPool(urlFor(schema));
    expect(await migratePostgres(pool)).toEqual([]);
    await pool.end();
  });

  it('migrates an empty schema once when several stores start on it together', async () => {
    const schema = await freshSchema();
    const stores = Array.from({ length: 4 }, () => new PostgresStore(urlFor(schema)));
    await Promise.all(stores.map((s) => s.ready()));
    expect(await versions(schema)).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    const d = await stores[0]!.createDocument(newDocument, null, []);
    expect((await stores[3]!.getDocument(d.id))?.id).toBe(d.id);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('applies a slow step once when two processes run it at the same moment: the second waits, then finds it done', async () => {
    const schema = await freshSchema();
    const steps: PostgresMigration[] = [
      { version: 1, name: 'slow', up: async (client) => void (await client.query('SELECT pg_sleep(0.3); CREATE TABLE slow (x integer)')) },
    ];
    const pools = [openPool(urlFor(schema)), openPool(urlFor(schema))];
    const applied = await Promise.all(pools.map((pool) => migratePostgres(pool, steps)));
    expect(applied.map((a) => a.length).sort()).toEqual([0, 1]);
    expect(await versions(schema)).toEqual([{ version: 1, name: 'slow' }]);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('rolls a failing step back entirely and does not record it; the next run applies it', async () => {
    const schema = await freshSchema();
    let fail = true;
    const steps: PostgresMigration[] = [
      { version: 1, name: 'a table', up: async (client) => void (await client.query('CREATE TABLE t (x integer)')) },
      {
        version: 2, name: 'a column', up: async (client) => {
          await client.query('ALTER TABLE t ADD COLUMN y integer');
          if (fail) throw new Error('disk on fire');
        },
      },
    ];
    const pool = openPool(urlFor(schema));
    await expect(migratePostgres(pool, steps)).rejects.toThrow('disk on fire');
    expect(await versions(schema)).toEqual([{ version: 1, name: 'a table' }]);
    const { rows } = await admin.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, 't']);
    expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual(['x']);
    fail = false;
    expect(await migratePostgres(pool, steps)).toEqual([2]);
    await pool.end();
  });

  it('refuses a schema written by a newer Accord', async () => {
    const schema = await freshSchema();
    const store = new PostgresStore(urlFor(schema));
    await store.ready();
    await store.close();
    await admin.query(`INSERT INTO ${schema}.schema_migrations VALUES (99, 'from the future', now())`);
    const newer = new PostgresStore(urlFor(schema));
    await expect(newer.ready()).rejects.toThrow(/schema version 99, newer than this Accord knows/);
    await newer.close();
  });
});

describe('the server on PostgreSQL', () => {
  it('starts on DATABASE_URL, seeds the demo there, says which store it uses, and keeps what participants typed across a restart', async () => {
    const schema = await freshSchema();
    let server = await startTestServer(undefined, { databaseUrl: urlFor(schema) });
    const open: DocumentConnection[] = [];
    try {
      const health = await api(server, null, '/api/health');
      expect(await health.json()).toEqual({ ready: true, store: 'postgres', node: server.node, postgres: true });
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${schema}.documents`);
      expect(rows[0]!.n).toBe((await server.store.listDocuments()).length);
      expect(rows[0]!.n).toBeGreaterThan(0);

      const documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
      const chair = connect(server, await signIn(server, { role: 'chair' }), documentId);
      const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
      const mexico = connect(server, mexicoCookie, documentId);
      open.push(chair, mexico);
      await until(chair, (c) => c.link === 'connected');
      await until(mexico, (c) => c.link === 'connected');
      blockText(chair.doc, 3).insert(0, 'Chair: ');
      propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('Mexico: ', blockStart(editorDoc(mexico.doc), 4)));
      await until(chair, (c) => c.save === 'saved');
      await until(mexico, (c) => c.save === 'saved');
      await eventually(() => plainText(chair.doc) === plainText(mexico.doc) && plainText(chair.doc).includes('Mexico: '), Boolean);
      const typed = plainText(chair.doc);
      for (const c of open.splice(0)) c.destroy();

      server = await server.restart();
      const reloaded = restoreDocument(await server.store.loadDocumentState(documentId));
      expect(plainText(reloaded)).toBe(typed);
      const seqs = (await server.store.listUpdates(documentId)).map((u) => u.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      for (const c of open) c.destroy();
      await server.dispose();
    }
  });
});
