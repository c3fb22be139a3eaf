import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryViolations, seamViolations, sourceFiles } from './store-seams.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the store seam (issue 15): nothing above the adapters names a concrete store', () => {
  it('finds a concrete class imported by name, or a module inside an adapter folder', () => {
    expect(seamViolations('a.ts', `import { DuckDbEventStore } from '@cchc/core';`)).toHaveLength(1);
    expect(
      seamViolations('a.ts', `import {\n  type LedgerStore,\n  InMemoryEventStore,\n} from '@cchc/core';`),
    ).toEqual([{ file: 'a.ts', specifier: '@cchc/core', what: 'InMemoryEventStore' }]);
    expect(seamViolations('a.ts', `import { x } from '../event-store/duckdb/schema.ts';`)).toHaveLength(1);
    expect(seamViolations('a.ts', `export { y } from './event-store/esdb/esdb-event-store.ts';`)).toHaveLength(1);
    expect(seamViolations('a.ts', `import { openLedgerStore, type LedgerStore } from '@cchc/core';`)).toEqual([]);
    expect(seamViolations('a.ts', `// DuckDbEventStore in a comment\nconst s = 1;`)).toEqual([]);
  });

  it('walks the packages, tests and benchmarks', () => {
    const files = sourceFiles(ROOT).map((f) => f.slice(ROOT.length));
    expect(files).toContain('packages/api/src/server.ts');
    expect(files).toContain('test/architecture/store-seams.ts');
    expect(files.some((f) => f.startsWith('packages/core/src/event-store/'))).toBe(false);
  });

  it('holds across the repository', () => {
    expect(repositoryViolations(ROOT)).toEqual([]);
  });
});
