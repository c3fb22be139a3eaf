import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** The front-end's sources (Vite root). */
export const WEB_ROOT = join(PACKAGE_ROOT, 'web');
/** The built bundle served at /dashboard (not committed). */
export const DIST_DIR = join(PACKAGE_ROOT, 'dist');
const STAMP_FILE = join(DIST_DIR, '.source-hash');
/** Browser-safe modules of other packages that the bundle includes (its other imports of them are type-only). */
const BUNDLED_MODULES = ['@cchc/core/time', '@cchc/projections/assignment-statuses'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A hash of every front-end source file and bundled module (names and contents): the bundle is stale when it changes. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(WEB_ROOT))
    hash.update(relative(WEB_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  const resolveFromWeb = createRequire(join(WEB_ROOT, 'index.html')).resolve;
  for (const name of BUNDLED_MODULES)
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(resolveFromWeb(name)))
      .update('\0');
  return hash.digest('hex');
}

export function bundleIsFresh(): boolean {
  return (
    existsSync(join(DIST_DIR, 'index.html')) &&
    existsSync(STAMP_FILE) &&
    readFileSync(STAMP_FILE, 'utf8') === sourceHash()
  );
}

/**
 * Builds the dashboard with Vite when the bundle is missing or older than its sources (content
 * hash, not mtimes: a fresh clone has new mtimes and no bundle). Returns whether it built.
 */
export async function ensureDashboardBuilt(options: { log?: (line: string) => void } = {}): Promise<boolean> {
  if (bundleIsFresh()) return false;
  const started = performance.now();
  options.log?.('Đang dựng bảng điều khiển (Vite) / building the dashboard (Vite)…');
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: WEB_ROOT,
    base: '/dashboard/',
    logLevel: 'warn',
    build: { outDir: DIST_DIR, emptyOutDir: true, chunkSizeWarningLimit: 1500, reportCompressedSize: false },
  });
  writeFileSync(STAMP_FILE, sourceHash());
  options.log?.(
    `✓ Đã dựng bảng điều khiển trong ${((performance.now() - started) / 1000).toFixed(1)} s — dashboard built`,
  );
  return true;
}
