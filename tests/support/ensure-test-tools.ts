import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './browser.ts';

/**
 * The programs the tests drive, from Debian's packages (a browser is never downloaded): Chromium
 * for the browser tests, LibreOffice as the independent reader and writer of Accord's Word files.
 * Where one is missing and we are root, install it through apt; otherwise say exactly what to do.
 *
 * `node --import tsx tests/support/ensure-test-tools.ts [chromium] [libreoffice]` (both when none is named).
 */
const TOOLS = {
  chromium: { present: () => existsSync(CHROMIUM_PATH), what: `Chromium at ${CHROMIUM_PATH}`, packages: ['chromium'] },
  libreoffice: { present: () => onPath('soffice'), what: 'LibreOffice (soffice)', packages: ['libreoffice-writer-nogui'] },
} as const;
type Tool = keyof typeof TOOLS;

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in TOOLS));
if (unknown.length > 0) {
  console.error(`Unknown tool ${unknown.join(', ')}: expected ${Object.keys(TOOLS).join(' or ')}.`);
  process.exit(2);
}
const tools = (asked.length > 0 ? asked : Object.keys(TOOLS)) as Tool[];
const missing = tools.filter((tool) => !TOOLS[tool].present());
if (missing.length > 0) {
  const packages = missing.flatMap((tool) => TOOLS[tool].packages);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`The tests need ${missing.map((tool) => TOOLS[tool].what).join(' and ')}. Install with: sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`${missing.map((tool) => TOOLS[tool].what).join(' and ')} missing; installing Debian's ${packages.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    install();
  }
  const still = missing.filter((tool) => !TOOLS[tool].present());
  if (still.length > 0) {
    console.error(`apt-get finished but ${still.map((tool) => TOOLS[tool].what).join(' and ')} is still missing.`);
    process.exit(1);
  }
}
