import { z } from 'zod';

// The shared modules build zod schemas when they load. Zod then probes `new Function` to decide
// whether to compile fast parsers, and the server's CSP (no 'unsafe-eval') reports that probe
// as a violation in every console. The client barely validates, so it runs without the JIT.
// This module must be imported before anything that imports shared/.
z.config({ jitless: true });
