import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleRegistry, SEED_PLAN_PATH } from '../../testing/seed-fixture.ts';
import type { PlanDefinition } from '../plan-definition.ts';
import type { ImportWarning, PlanImport } from '../plan-document-parser.ts';
import { readDocxBlocks } from './docx-reader.ts';
import { importPlanFile } from './plan-file.ts';
import { writeDocx } from './testing/docx-writer.ts';
import { SEED_DOCX_PATH, SEED_XLSX_PATH, seedPlanModel } from './testing/seed-documents.ts';
import { readXlsxSheets } from './xlsx-reader.ts';

const withoutSourceLines = (plan: PlanDefinition) => ({
  ...plan,
  tasks: plan.tasks.map(({ sourceLines: _lines, ...task }) => task),
});
const counts = ({ summary }: PlanImport) => {
  const { source: _source, format: _format, ...rest } = summary;
  return rest;
};
const warningKeys = (warnings: readonly ImportWarning[]) =>
  warnings.map((w) => `${w.row ?? '-'} ${w.severity} ${w.code} ${w.message}`).sort();

async function importFile(path: string, name: string) {
  return importPlanFile(new Uint8Array(readFileSync(path)), exampleRegistry(), { sourceName: name });
}

describe('the seed plan as .docx and .xlsx (fixtures/)', () => {
  it('imports to the same 35 tasks, summary and warnings as the text', async () => {
    const text = await importFile(SEED_PLAN_PATH, 'plan.txt');
    expect(text.format).toBe('text');
    expect(text.plan.tasks).toHaveLength(35);
    for (const [path, format] of [
      [SEED_DOCX_PATH, 'docx'],
      [SEED_XLSX_PATH, 'xlsx'],
    ] as const) {
      const other = await importFile(path, `plan.${format}`);
      expect(other.format).toBe(format);
      expect(other.summary.format).toBe(format);
      expect(withoutSourceLines(other.plan)).toEqual(withoutSourceLines(text.plan));
      expect(counts(other)).toEqual(counts(text));
      expect(warningKeys(other.warnings)).toEqual(warningKeys(text.warnings));
      expect(other.warnings.every((w) => w.at !== undefined)).toBe(true);
    }
  });

  it('the .docx holds the appendix as one Word table with spans, merges down a column and split rows', () => {
    const blocks = readDocxBlocks(new Uint8Array(readFileSync(SEED_DOCX_PATH)));
    const tables = blocks.filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]?.kind === 'table' ? tables[0].rows : [];
    expect(rows.filter((r) => r.some((c) => c.merged === 'span'))).toHaveLength(7);
    expect(rows.filter((r) => r.some((c) => c.merged === 'down')).length).toBeGreaterThan(3);
    expect(rows.filter((r) => r[0]?.text === 'STT')).toHaveLength(7);
    expect(rows.filter((r) => r[0]?.text === '' && !r[0]?.merged && r.some((c) => c.text !== ''))).toHaveLength(2);
  });

  it('the committed .docx is what the generator writes (pnpm fixtures:plan-documents)', () => {
    expect(Buffer.from(writeDocx(seedPlanModel())).equals(readFileSync(SEED_DOCX_PATH))).toBe(true);
  });

  it('the .xlsx has the text on one sheet and the appendix, with merged cells, on another', async () => {
    const sheets = await readXlsxSheets(new Uint8Array(readFileSync(SEED_XLSX_PATH)));
    expect(sheets.map((s) => s.name)).toEqual(['Kế hoạch', 'Phụ lục']);
    const appendix = sheets[1]?.rows ?? [];
    expect(appendix.filter((r) => r.some((c) => c.merged === 'span'))).toHaveLength(7);
    expect(appendix.filter((r) => r.some((c) => c.merged === 'down')).length).toBeGreaterThan(3);
  });
});
