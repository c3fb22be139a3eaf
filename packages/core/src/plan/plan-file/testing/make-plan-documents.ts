/**
 * Writes the seed plan's .docx and .xlsx fixtures from its text (fixtures/): run
 * `pnpm fixtures:plan-documents` after changing the text or the layout, and commit the files.
 */
import { writeFileSync } from 'node:fs';
import { writeDocx } from './docx-writer.ts';
import { SEED_DOCX_PATH, SEED_XLSX_PATH, seedPlanModel, seedWorkbookModel } from './seed-documents.ts';
import { writeXlsx } from './xlsx-writer.ts';

const model = seedPlanModel();
writeFileSync(SEED_DOCX_PATH, writeDocx(model));
writeFileSync(SEED_XLSX_PATH, await writeXlsx(seedWorkbookModel(model)));
console.log(`wrote ${SEED_DOCX_PATH}\nwrote ${SEED_XLSX_PATH}`);
