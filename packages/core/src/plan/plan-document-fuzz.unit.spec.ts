import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CchcError } from '../errors/cchc-error.ts';
import { exampleRegistry, seedPlanText } from '../testing/seed-fixture.ts';
import { planDefinitionSchema } from './plan-definition.ts';
import { parsePlanDocument } from './plan-document-parser.ts';

const seed = seedPlanText();
const lines = seed.split('\n');
const registry = exampleRegistry();

/** A plan read, or a clear error (bilingual, with issues); never another exception. */
function readsOrRefusesClearly(text: string): void {
  let result: ReturnType<typeof parsePlanDocument> | undefined;
  try {
    result = parsePlanDocument(text, registry, { sourceName: 'fuzz.txt' });
  } catch (error) {
    expect(error, String((error as Error)?.stack)).toBeInstanceOf(CchcError);
    const e = error as CchcError;
    expect(e.vi.length).toBeGreaterThan(0);
    expect(e.en.length).toBeGreaterThan(0);
    return;
  }
  // What it reads is a plan `cchc plan apply` accepts.
  expect(planDefinitionSchema.safeParse(result.plan).success).toBe(true);
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 80 }) }),
  fc.record({ op: fc.constant('untab' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat() }),
);

/** Issue 17: fuzz over the plan importer (random and truncated documents). */
describe('the plan importer under random input', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), readsOrRefusesClearly), { numRuns: 200 });
  });

  it('random bytes read as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) =>
        readsOrRefusesClearly(Buffer.from(bytes).toString('utf8')),
      ),
      { numRuns: 200 },
    );
  });

  it('the seed plan truncated anywhere', () => {
    fc.assert(
      fc.property(fc.nat({ max: seed.length }), (n) => readsOrRefusesClearly(seed.slice(0, n))),
      { numRuns: 150 },
    );
  });

  it('the seed plan with lines deleted, duplicated, replaced, their tabs removed or cut', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (mutations) => {
        const edited = [...lines];
        for (const m of mutations) {
          const at = m.at % edited.length;
          if (m.op === 'delete') edited.splice(at, 1);
          else if (m.op === 'duplicate') edited.splice(at, 0, edited[at]!);
          else if (m.op === 'replace') edited[at] = m.text;
          else if (m.op === 'untab') edited[at] = edited[at]!.replace(/\t/g, ' ');
          else edited[at] = edited[at]!.slice(0, m.keep % (edited[at]!.length + 1));
          if (edited.length === 0) edited.push('');
        }
        readsOrRefusesClearly(edited.join('\n'));
      }),
      { numRuns: 150 },
    );
  });
});
