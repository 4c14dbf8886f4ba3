import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The dev loop: the Accord server on ACCORD_DEV_API_PORT (8788) and Vite on 5173 proxying
 * /api and /sync to it. Sign-in links point at Vite, so the app reloads as you edit it.
 */
const apiPort = process.env.ACCORD_DEV_API_PORT ?? '8788';
const vitePort = process.env.VITE_PORT ?? '5173';
const children: ChildProcess[] = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, PUBLIC_URL: `http://localhost:${vitePort}` },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', vitePort, '--strictPort'], {
    stdio: 'inherit',
    env: { ...process.env, ACCORD_DEV_API_PORT: apiPort },
  }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
for (const child of children) child.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
