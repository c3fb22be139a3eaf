import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags the browser tests launch Chromium with (no network chatter on a closed machine). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function apt(args: string[]): boolean {
  // Several browser spec files may start at once: each waits for apt's lock instead of failing on it.
  const run = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 15 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return run.status === 0;
}

/**
 * Debian's Chromium for the browser tests: installed with apt when missing (as root). Returns its
 * path, or undefined when it cannot be had; under CI=true a missing browser is an error, not a skip.
 */
export function ensureChromium(): string | undefined {
  if (!existsSync(CHROMIUM_PATH) && process.getuid?.() === 0) {
    console.log('Chromium chưa có; cài bằng apt-get / installing chromium with apt-get…');
    if (!apt(['install', '-y', '-q', 'chromium'])) apt(['update', '-q']) && apt(['install', '-y', '-q', 'chromium']);
  }
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH} and could not be installed (apt-get install -y chromium); the browser tests cannot run`,
    );
  }
  console.warn(
    `Chromium is missing at ${CHROMIUM_PATH}: the browser tests are skipped (run as root, or apt-get install -y chromium)`,
  );
  return undefined;
}
