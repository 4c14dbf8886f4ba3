import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The client is served by the Accord server in production (`npm start`); in `npm run dev`
// Vite proxies the API and the sync socket to it.
const apiTarget = `http://127.0.0.1:${process.env.ACCORD_DEV_API_PORT ?? '8788'}`;

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': apiTarget,
      '/sync': { target: apiTarget, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      // Unit tests include real SQLite and its writer thread: 5 s was too short on a busy machine.
      { extends: true, test: { name: 'unit', root: '.', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: { name: 'integration', root: '.', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        // The randomised typing test (issue 12): part of `npm test` with a modest number of gestures,
        // and on its own (`npm run test:together`, ACCORD_E2E_ROUNDS) for long runs.
        extends: true,
        test: { name: 'together', root: '.', include: ['tests/together/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 90_000 },
      },
    ],
  },
});
