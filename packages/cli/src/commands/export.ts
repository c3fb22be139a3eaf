import { writeFileSync } from 'node:fs';
import { localDateTimeOf } from '@cchc/core';
import {
  type ExportFormat,
  exportReadModels,
  READ_MODEL_EXPORTS,
  rankingReports,
  rankingWorkbookBuffer,
} from '@cchc/dashboards';
import {
  plansFor,
  projectedPosition,
  rankingNotes,
  rankingRulebookFor,
  resolveRankingInstant,
} from '@cchc/projections';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { EXIT } from '../exit-codes.ts';
import { withReadModels } from '../open-store.ts';
import { instantOption } from '../option-values.ts';
import { userPath } from '../read-input.ts';
import { printNote } from './rank.ts';

interface ExportOptions {
  out?: string;
  year?: string;
  plan?: string;
  asOf?: string;
  only?: string;
}

function yearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100)
    throw new CliError(`--year không hợp lệ: ${value}`, `invalid --year: ${value}`, EXIT.invalidInput);
  return n;
}

function onlyOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(READ_MODEL_EXPORTS.map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new CliError(
      `--only: không có mô hình đọc ${unknown.join(', ')}`,
      `--only: no read model ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
      EXIT.invalidInput,
    );
  }
  return names;
}

const addCommon = (c: Command) =>
  c
    .option('--year <yyyy>', 'năm kế hoạch / plan year')
    .option('--plan <planId>', 'mã kế hoạch (khi một năm có nhiều) / plan id (when a year has several)')
    .option(
      '--as-of <instant>',
      'tính đến thời điểm (mặc định 15/12 23:59:59 của năm kế hoạch) / as known at (default 15/12 of the plan year)',
    );

async function exportXlsx(opts: ExportOptions, command: Command): Promise<void> {
  const year = yearOption(opts.year);
  const reports = await withReadModels(command, async (engine) =>
    rankingReports(engine.database, {
      position: await projectedPosition(engine.database),
      now: new Date(),
      ...(year !== undefined ? { year } : {}),
      ...(opts.plan !== undefined ? { planId: opts.plan } : {}),
      ...(opts.asOf !== undefined ? { requested: instantOption(opts.asOf, '--as-of') } : {}),
    }),
  );
  if (reports.length > 1 && opts.out !== undefined) {
    throw new CliError(
      `Có ${reports.length} kế hoạch; chọn một bằng --plan`,
      `${reports.length} plans match; pick one with --plan`,
      EXIT.invalidInput,
    );
  }
  for (const report of reports) {
    const { ranking } = report;
    const file = userPath(opts.out ?? `xep-hang-${ranking.planId}.xlsx`);
    writeFileSync(file, await rankingWorkbookBuffer(report));
    console.log(
      `✓ ${file}: xếp hạng ${ranking.planId}, ${ranking.rows.length} đơn vị, ${ranking.provisional ? 'TẠM TÍNH ' : ''}tính đến ${localDateTimeOf(ranking.asOf)} (giờ VN), vị trí ${ranking.position}, băm đầu vào ${ranking.inputsHash} — ranking report written`,
    );
    for (const note of rankingNotes(report.context)) printNote(note);
  }
}

async function exportFiles(format: ExportFormat, opts: ExportOptions, command: Command): Promise<void> {
  const year = yearOption(opts.year);
  const only = onlyOption(opts.only);
  const dir = userPath(opts.out ?? `export-${format}`);
  const written = await withReadModels(command, async (engine) => {
    const db = engine.database;
    const position = await projectedPosition(db);
    const plans = await plansFor(
      db,
      { ...(year !== undefined ? { year } : {}), ...(opts.plan !== undefined ? { planId: opts.plan } : {}) },
      position,
    );
    const latestYear = Math.max(...plans.map((p) => Number(p.year)));
    const rulebook = rankingRulebookFor(latestYear);
    const instant = resolveRankingInstant({
      rulebook,
      year: latestYear,
      now: new Date(),
      ...(opts.asOf !== undefined ? { requested: instantOption(opts.asOf, '--as-of') } : {}),
    });
    const { asOf } = instant;
    console.log(
      `${instant.provisional ? 'Tạm tính đến / provisional as of' : 'Tính đến / as of'} ${localDateTimeOf(asOf)} (giờ VN/Vietnam time), vị trí nhật ký / log position ${position}` +
        (instant.clampedToNow
          ? ' — thời điểm yêu cầu ở tương lai, tính đến bây giờ / a future instant, computed as of now'
          : ''),
    );
    return exportReadModels(db, { dir, format, asOf, position, rulebook, ...(only ? { only } : {}) });
  });
  for (const w of written) console.log(`  ${w.file}  (${w.rows} dòng/rows)`);
  console.log(`✓ ${written.length} tệp ${format} trong / files in ${dir}`);
}

/** `cchc export xlsx|csv|parquet`: the ranking report and the read models, as of one instant. */
export function registerExportCommands(program: Command): void {
  const exp = program
    .command('export')
    .description(
      'xuất báo cáo xếp hạng (XLSX) và mô hình đọc (CSV, Parquet) / export the ranking report and the read models',
    );
  addCommon(
    exp
      .command('xlsx')
      .description('báo cáo xếp hạng Excel: tổng hợp, từng lĩnh vực, quy tắc và đầu vào / the ranking report as XLSX'),
  )
    .option('--out <file>', 'tệp XLSX (mặc định xep-hang-<plan>.xlsx) / XLSX file')
    .action((opts: ExportOptions, command: Command) => exportXlsx(opts, command));
  for (const format of ['csv', 'parquet'] as const) {
    addCommon(
      exp
        .command(format)
        .description(`mọi mô hình đọc, mỗi mô hình một tệp ${format} / every read model, one ${format} file each`),
    )
      .option('--out <dir>', `thư mục (mặc định export-${format}) / directory`)
      .option(
        '--only <names>',
        'chỉ các mô hình này, cách nhau bằng dấu phẩy (ví dụ ranking,assignment_status) / only these, comma-separated',
      )
      .action((opts: ExportOptions, command: Command) => exportFiles(format, opts, command));
  }
}
