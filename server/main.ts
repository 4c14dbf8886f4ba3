import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeRedis } from './cluster/bus.ts';
import { readConfig } from './config.ts';
import { startServer } from './server.ts';
import { describeStore } from './store/open-store.ts';

const clientDir = fileURLToPath(new URL('../dist', import.meta.url));

async function main(): Promise<void> {
  const config = readConfig(process.env);
  if (!existsSync(clientDir)) console.warn('The client is not built (dist/ is missing): run `npm run build`, or use `npm start`.');
  const { compactEvery, ...options } = config;
  const server = await startServer({
    ...options,
    seedDemo: true,
    clientDir: existsSync(clientDir) ? clientDir : undefined,
    limits: compactEvery ? { compactEvery } : {},
  });

  const messages = config.redisUrl ? `; messages: Redis at ${describeRedis(config.redisUrl)}` : '';
  console.log(`Accord is running at ${config.publicUrl ?? server.url} (data: ${describeStore(config)}; node ${server.node}${messages})`);
  if (server.demoLinks) {
    console.log('\nThe demo workspace was created. Sign-in links (each works until revoked):');
    for (const { label, invitation } of server.demoLinks) console.log(`  ${label.padEnd(52)} ${invitation.url}`);
    console.log('\nMore links: npm run cli -- invite --role delegation --delegation MEX --name "Mexico"');
  } else {
    console.log('Sign-in links: npm run cli -- invite --role chair|secretariat|observer|delegation ... (see README)');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing pending writes…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
