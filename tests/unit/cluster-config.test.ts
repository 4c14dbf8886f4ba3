import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

it('reads REDIS_URL: a Redis URL, unset when empty, refused with the reason otherwise', () => {
  expect(readConfig({}).redisUrl).toBeUndefined();
  expect(readConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
  expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
  expect(readConfig({ REDIS_URL: 'rediss://accord:secret@cache:6380/2' }).redisUrl).toBe('rediss://accord:secret@cache:6380/2');
  for (const wrong of ['127.0.0.1:6379', 'http://cache:6379', 'postgres://db/accord']) {
    expect(() => readConfig({ REDIS_URL: wrong })).toThrow(/REDIS_URL: must be a Redis URL such as redis:\/\//);
  }
});

it('names the process by ACCORD_NODE_ID, or by its host and pid; a name that cannot be a channel is refused', () => {
  expect(readConfig({ ACCORD_NODE_ID: 'accord-2' }).nodeId).toBe('accord-2');
  expect(readConfig({}).nodeId).toBe(`${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}:${process.pid}`);
  for (const wrong of ['two words', 'node*', 'x'.repeat(129)]) {
    expect(() => readConfig({ ACCORD_NODE_ID: wrong })).toThrow(/ACCORD_NODE_ID: letters, digits/);
  }
});
