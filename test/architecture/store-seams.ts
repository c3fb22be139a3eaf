import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The concrete adapters' classes: only `packages/core/src/event-store/` may name them. */
export const CONCRETE_STORES = [
  'DuckDbEventStore',
  'DuckDbTaskDirectory',
  'InMemoryEventStore',
  'EventStoreDbStore',
  'LogReplica',
  'ReplicatedStore',
] as const;

/** Where the adapters (and the one opener that picks one from a URL) live. */
export const ADAPTERS_DIR = ['packages', 'core', 'src', 'event-store'].join('/');

const ADAPTER_FOLDERS = /event-store\/(duckdb|memory|esdb|replica)\//;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/g;

export interface SeamViolation {
  readonly file: string;
  readonly specifier: string;
  readonly what: string;
}

/**
 * The imports of one file that reach past the `LedgerStore` seam: a concrete store class by name,
 * or a module inside an adapter's folder.
 */
export function seamViolations(file: string, text: string): SeamViolation[] {
  const out: SeamViolation[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const names = match[1] ?? '';
    const specifier = match[2] ?? '';
    for (const name of CONCRETE_STORES) {
      if (new RegExp(`\\b${name}\\b`).test(names)) out.push({ file, specifier, what: name });
    }
    if (ADAPTER_FOLDERS.test(specifier)) out.push({ file, specifier, what: 'adapter module' });
  }
  return out;
}

/** Every TypeScript file of the repository's code, outside node_modules and the adapters' own folder. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (rel !== ADAPTERS_DIR) walk(path);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(path);
    }
  };
  for (const top of ['packages', 'test', 'bench', 'scripts']) walk(join(root, top));
  return out;
}

export function repositoryViolations(root: string): SeamViolation[] {
  return sourceFiles(root).flatMap((file) =>
    seamViolations(relative(root, file).split(sep).join('/'), readFileSync(file, 'utf8')),
  );
}
