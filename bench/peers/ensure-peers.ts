import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The peers' folder: its own package.json and lockfile, outside the workspace's install. */
export const PEERS_DIR = dirname(fileURLToPath(import.meta.url));
const MARKER = join(PEERS_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

/**
 * Installs the peers on first use: `npm ci` from the committed lockfile. sqlite3 has no prebuilt
 * binary reachable here, so it compiles (node-gyp, a C++ toolchain, Node's headers; a few minutes).
 * Kept out of the README's install on purpose: those two commands must not need a compiler.
 */
export function ensurePeers(log: (line: string) => void = console.log): void {
  if (existsSync(MARKER)) return;
  log(
    '  Cài đối chứng Emmett SQLite lần đầu (biên dịch sqlite3, vài phút) — installing the Emmett SQLite peer (first use: compiles sqlite3, a few minutes)',
  );
  const headers = join(dirname(dirname(process.execPath)), 'include', 'node');
  const env = { ...process.env, ...(existsSync(headers) ? { npm_config_nodedir: dirname(dirname(headers)) } : {}) };
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], {
      cwd: PEERS_DIR,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    throw new Error(
      `could not install the peers in ${PEERS_DIR} (npm ci; sqlite3 needs g++, make, python3 and Node's headers): ${(error as Error).message}`,
    );
  }
  if (!existsSync(MARKER)) throw new Error(`npm ci in ${PEERS_DIR} did not build sqlite3 (${MARKER} is missing)`);
}
