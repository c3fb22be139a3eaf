import {
  applyPlan,
  importPlanFile,
  localYearOf,
  type PlanDefinition,
  parseOrThrow,
  planDefinitionSchema,
} from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { loadRegistry } from '../bundled-files.ts';
import { dataDirOf } from '../data-dir.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';
import { progressBar } from '../progress.ts';
import { readBytesInput, readJsonFile, userPath, writeUserFile } from '../read-input.ts';
import { registerPlanAmendmentCommands } from './plan-amend.ts';

export function registerPlanCommands(program: Command): void {
  const plan = program
    .command('plan')
    .description('kế hoạch: nhập văn bản và áp dụng / the plan: import the document and apply it');

  plan
    .command('import')
    .description('đọc văn bản kế hoạch thành plan.json / read a plan document into plan.json')
    .argument('<file>', 'văn bản kế hoạch (.txt, .docx, .xlsx) / plan document (.txt, .docx, .xlsx)')
    .requiredOption('--out <plan.json>', 'tệp kết quả / output file')
    .option('--units <units.json>', 'danh mục đơn vị / unit registry (default: the bundled example)')
    .action(async (file: string, opts: { out: string; units?: string }) => {
      const registry = loadRegistry(opts.units);
      const { bytes, name } = readBytesInput(file);
      const result = await importPlanFile(bytes, registry, { sourceName: name });
      writeUserFile(opts.out, `${JSON.stringify(result.plan, null, 2)}\n`);
      const s = result.summary;
      const from = result.format === 'text' ? '' : ` [${result.format}]`;
      console.log(`✓ ${result.plan.title} (${result.plan.year})${from} → ${opts.out}`);
      console.log(
        `  Dòng đọc/rows read: ${s.rowsRead} · nhiệm vụ/tasks: ${s.tasks} · dòng nối/continuation rows merged: ${s.continuationRowsMerged} · ` +
          `dòng tiêu đề bỏ qua/header rows skipped: ${s.headerRowsSkipped} · dòng lĩnh vực/area rows: ${s.areaRows} · ` +
          `dòng bị loại/rows rejected: ${s.rowsRejected} · cảnh báo/warnings: ${s.warnings}`,
      );
      console.log(
        `  Chỉ tiêu/indicators: ${result.plan.indicators.length} · báo cáo định kỳ/periodic reports: ${result.plan.reportSchedule.map((r) => `${r.period} ${r.due}`).join(', ')}`,
      );
      for (const w of result.warnings) {
        console.log(
          `  ${w.severity === 'warning' ? '!' : 'i'} ${w.at ?? `dòng/line ${w.line}`}${w.row ? ` (${w.row})` : ''} [${w.code}]: ${w.message}`,
        );
      }
    });

  addActionOptions(
    plan
      .command('apply')
      .description(
        'ghi kế hoạch, đơn vị, nhiệm vụ vào kho sự kiện (lần sau không ghi gì) / record the plan, units and tasks (again: writes nothing)',
      )
      .argument('<plan.json>', 'kết quả của cchc plan import / output of cchc plan import')
      .option('--units <units.json>', 'danh mục đơn vị / unit registry (default: the bundled example)'),
  ).action(async (file: string, opts: ActionOptions & { units?: string }, command: Command) => {
    const planDefinition = parseOrThrow(planDefinitionSchema, readJsonFile(userPath(file)), {
      vi: 'plan.json',
      en: 'plan.json',
    });
    const registry = loadRegistry(opts.units);
    const at = defaultIssueInstant(planDefinition, opts.at);
    const progress = progressBar('Áp dụng kế hoạch / applying');
    const result = await withStore(dataDirOf(command), { readOnly: false }, (store) =>
      applyPlan(store, planDefinition, registry, {
        at,
        context: contextFrom(opts, at),
        onStep: (d, t) => progress.update(d, t),
      }),
    ).finally(() => progress.stop());
    const claim = result.knowledgeClaim;
    if (claim) {
      console.log(
        `✓ Kế hoạch ${planDefinition.planId} đã có trong kho; ghi nhận văn phòng đã biết ${claim.claimed} sự kiện từ ${opts.knownAt ?? at} ` +
          `(${claim.alreadyClaimed} đã ghi nhận trước, ${claim.alreadyKnown} đã biết từ trước, ${claim.happenedLater} xảy ra sau đó) — ` +
          `plan already recorded; claimed that the office knew ${claim.claimed} of its events at ${opts.knownAt ?? at} ` +
          `(${claim.alreadyClaimed} claimed before, ${claim.alreadyKnown} already known by then, ${claim.happenedLater} happened later)`,
      );
      for (const id of claim.claimEventIds) console.log(`  KnowledgeClaimed ${id}`);
    } else if (result.written === 0)
      console.log(
        `• Kế hoạch ${planDefinition.planId} đã được áp dụng, không ghi gì — plan already applied, nothing written` +
          (localYearOf(new Date()) > planDefinition.year
            ? `\n  i Nếu nó được ghi muộn (sau khi văn phòng đã có kế hoạch), sửa bằng: cchc plan apply ${file} --backfill "<lý do>" --known-at <ngày văn phòng có kế hoạch>` +
              ` — if it was recorded after the office had it, repair with: cchc plan apply ${file} --backfill "<why>" --known-at <when the office had it>`
            : ''),
      );
    else {
      console.log(
        `✓ Đã ghi ${result.written} sự kiện: kế hoạch, ${result.unitsEstablished} đơn vị, ${result.tasksDefined} nhiệm vụ — ` +
          `appended ${result.written} events: the plan, ${result.unitsEstablished} units, ${result.tasksDefined} tasks` +
          (result.unitsExisting ? ` (${result.unitsExisting} đơn vị đã có / units already there)` : ''),
      );
    }
  });
  registerPlanAmendmentCommands(plan);
}

/**
 * The plan's events happen when it was issued. Documents often leave the date blank; then `--at`,
 * else now when we are in the plan year, else the first working morning of the plan year (said).
 */
function defaultIssueInstant(plan: PlanDefinition, at: string | undefined): string {
  if (at !== undefined) return instantOption(at, '--at');
  const now = new Date().toISOString();
  if (localYearOf(now) === plan.year) return now;
  const fallback = instantOption(`${plan.year}-01-02T08:00:00+07:00`, '--at');
  console.error(
    `! Không rõ ngày ban hành; dùng ${plan.year}-01-02 08:00 (đổi bằng --at) — issue date unknown; using ${plan.year}-01-02 08:00 (set it with --at)`,
  );
  return fallback;
}
