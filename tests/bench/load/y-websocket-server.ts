import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The official server's own binary (src/server.js, default settings, no persistence), loaded
 * unchanged into a process the harness can watch: if the harness dies, so does the server.
 */
process.on('disconnect', () => process.exit(0));
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@y/websocket-server/package.json')), 'src', 'server.js');
await import(pathToFileURL(bin).href);
