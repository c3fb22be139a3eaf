import {
  amendmentCommandId,
  type CommandContext,
  handleTaskCommand,
  importPlanFile,
  localDateTimeOf,
  type PlanDefinition,
  parseOrThrow,
  planDefinitionSchema,
  proposeAmendments,
  recordedTasks,
  type TaskCommand,
} from '@cchc/core';
import { PLAN_AMENDMENT_LABELS, type PlanAmendment, planAmendments } from '@cchc/projections';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { loadRegistry } from '../bundled-files.ts';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { withReadModels, withStore } from '../open-store.ts';
import { instantOption, yearOption } from '../option-values.ts';
import { planYear } from '../plan-year.ts';
import { progressBar } from '../progress.ts';
import { readBytesInput, readJsonFile, userPath } from '../read-input.ts';
import { decisionDateOption } from './task-add.ts';

interface AmendOptions extends ActionOptions {
  units?: string;
  decision?: string;
  decidedOn?: string;
  write?: boolean;
}

/** `cchc plan amend` (an amended document against what is recorded) and `cchc plan history`. */
export function registerPlanAmendmentCommands(plan: Command): void {
  addActionOptions(
    plan
      .command('amend')
      .description(
        'so kế hoạch đã điều chỉnh với những gì đã ghi và đề xuất các lệnh điều chỉnh; --write để ghi / compare an amended plan document with what is recorded and propose the amendments; --write records them',
      )
      .argument(
        '<file>',
        'văn bản kế hoạch đã điều chỉnh (.docx, .xlsx, .txt) hoặc plan.json của nó / the amended plan document, or its plan.json',
      )
      .option('--units <units.json>', 'danh mục đơn vị / unit registry (default: the bundled example)')
      .requiredOption('--decision <ref>', 'số quyết định điều chỉnh / the amending decision’s reference')
      .requiredOption('--decided-on <yyyy-mm-dd>', 'ngày ký quyết định / the day it was signed')
      .option('--write', 'ghi các lệnh điều chỉnh (mặc định: chỉ xem) / record the amendments (default: dry run)'),
  ).action(async (file: string, opts: AmendOptions, command: Command) => {
    const amended = await amendedPlanOf(file, opts.units);
    const decision = { decisionRef: opts.decision!.trim(), decidedOn: decisionDateOption(opts.decidedOn) };
    const at = instantOption(opts.at, '--at');
    const context = contextFrom(opts, at);
    await withStore(dataDirOf(command), { readOnly: !opts.write }, async (store) => {
      const recorded = await recordedTasks(store, amended.year);
      if (recorded.size === 0)
        throw new CliError(
          `Chưa ghi kế hoạch năm ${amended.year}: hãy dùng cchc plan apply ${file}`,
          `no plan recorded for ${amended.year}: use cchc plan apply ${file}`,
          EXIT.notFound,
        );
      const proposal = proposeAmendments(amended, recorded, decision, at);
      printProposal(proposal.commands, proposal.leftOut, proposal.unchanged);
      if (!opts.write) {
        if (proposal.commands.length)
          console.log(
            '\ni Chưa ghi gì (chạy thử); thêm --write để ghi — nothing written (dry run); add --write to record',
          );
        return;
      }
      await writeAmendments(store, proposal.commands, context, decision.decisionRef);
    });
  });

  plan
    .command('history')
    .description(
      'lịch sử điều chỉnh kế hoạch: nhiệm vụ bổ sung, điều chỉnh, đổi thời hạn, rút, kèm quyết định / the plan’s amendments with their decisions',
    )
    .option('--year <yyyy>', 'năm kế hoạch khi có nhiều kế hoạch / plan year when there are several')
    .option(
      '--as-of <instant>',
      'như đã biết tại thời điểm này (mặc định: bây giờ) / as known at this instant (default: now)',
    )
    .option('--json', 'xuất JSON / print JSON')
    .action(async (opts: { year?: string; asOf?: string; json?: boolean }, command: Command) => {
      const asOf = instantOption(opts.asOf, '--as-of');
      yearOption(opts.year);
      const { year, rows, position } = await withReadModels(command, async (engine, store) => {
        const year = await planYear(store, opts.year);
        const position = await store.headPosition();
        const rows = (await planAmendments(engine.database, { asOf, position })).filter((r) => r.year === year);
        return { year, rows, position };
      });
      if (opts.json) {
        console.log(JSON.stringify({ year, asOf, position, amendments: rows }, null, 2));
        return;
      }
      printHistory(year, asOf, rows);
    });
}

function describe(c: TaskCommand): string {
  switch (c.type) {
    case 'AddTask':
      return `bổ sung / add: ${c.title} — ${c.deadline.text}; chủ trì/lead ${c.lead.join(', ') || c.leadScope || '—'}`;
    case 'AmendTask':
      return [c.title && `tên / title → ${c.title}`, c.product !== undefined && `sản phẩm / product → ${c.product}`]
        .filter(Boolean)
        .join('; ');
    case 'SetDeadline':
      return `thời hạn / deadline → ${c.due}`;
    case 'AssignTask':
      return `giao / assign ${c.unitId} (${c.role})`;
    case 'CancelTask':
      return `hủy giao / cancel ${c.unitId ?? 'cả nhiệm vụ / whole task'}`;
    case 'WithdrawTask':
      return 'rút khỏi kế hoạch / withdraw';
    default:
      return c.type;
  }
}

function printProposal(
  commands: readonly TaskCommand[],
  leftOut: readonly { taskId: string; vi: string; en: string }[],
  unchanged: number,
): void {
  if (commands.length === 0 && leftOut.length === 0) {
    console.log(
      `• Không có gì khác với kế hoạch đã ghi (${unchanged} nhiệm vụ) — nothing differs from what is recorded (${unchanged} tasks)`,
    );
    return;
  }
  console.log(
    `Đề xuất ${commands.length} lệnh điều chỉnh (${unchanged} nhiệm vụ không đổi) — ${commands.length} amendments proposed (${unchanged} tasks unchanged)`,
  );
  if (commands.length)
    console.log(
      table(
        ['Nhiệm vụ', 'Lệnh', 'Thay đổi'],
        commands.map((c) => [c.taskId, c.type, describe(c)]),
      ),
    );
  for (const l of leftOut) console.log(`! ${l.taskId}: ${l.vi} — ${l.en}`);
}

async function writeAmendments(
  store: Parameters<typeof handleTaskCommand>[0],
  commands: readonly TaskCommand[],
  context: Omit<CommandContext, 'commandId'>,
  decisionRef: string,
): Promise<void> {
  if (commands.length === 0) return;
  const progress = progressBar('Ghi điều chỉnh / recording amendments');
  let written = 0;
  let already = 0;
  try {
    for (const [i, c] of commands.entries()) {
      const outcome = await handleTaskCommand(store, c, { ...context, commandId: amendmentCommandId(decisionRef, c) });
      if (outcome.alreadyHandled) already += 1;
      else written += outcome.events.length;
      progress.update(i + 1, commands.length);
    }
  } catch (error) {
    progress.stop();
    console.error(
      `! Dừng sau ${written} sự kiện; chạy lại cùng lệnh sẽ tiếp tục (các lệnh đã ghi không ghi lại) — stopped after ${written} events; running the same command again continues (what was recorded is not recorded twice)`,
    );
    throw error;
  }
  progress.stop();
  console.log(
    `✓ Đã ghi ${written} sự kiện điều chỉnh theo ${decisionRef}${already ? ` (${already} lệnh đã ghi trước)` : ''} — recorded ${written} amendment events${already ? ` (${already} commands recorded before)` : ''}`,
  );
}

function printHistory(year: number, asOf: string, rows: readonly PlanAmendment[]): void {
  console.log(
    `Lịch sử điều chỉnh kế hoạch năm ${year}, như đã biết đến ${localDateTimeOf(asOf)} (giờ VN) — the plan’s amendments as known at ${localDateTimeOf(asOf)} (Vietnam time)`,
  );
  if (rows.length === 0) {
    console.log('• Chưa có điều chỉnh nào — no amendments yet');
    return;
  }
  console.log(
    table(
      [
        'Biết lúc / known',
        'Hiệu lực / effective',
        'Nhiệm vụ',
        'Loại / kind',
        'Quyết định / decision',
        'Nội dung / change',
        'Sự kiện',
      ],
      rows.map((r) => [
        localDateTimeOf(r.knownAt),
        localDateTimeOf(r.occurredAt),
        r.taskId,
        PLAN_AMENDMENT_LABELS[r.kind].vi,
        `${r.decisionRef ?? '—'}${r.decidedOn ? ` (${r.decidedOn})` : ''}`,
        clip(change(r), 90),
        r.eventId.slice(0, 8),
      ]),
    ),
  );
}

function change(r: PlanAmendment): string {
  switch (r.kind) {
    case 'task_added':
      return `${r.title ?? ''}${r.due ? `; hạn ${r.due}` : ''}`;
    case 'task_amended':
      return [
        r.title && `tên: ${r.previousTitle} → ${r.title}`,
        r.product !== null && `sản phẩm: ${r.previousProduct} → ${r.product}`,
      ]
        .filter(Boolean)
        .join('; ');
    case 'deadline_set':
      return `hạn ${r.previousDue ?? '—'} → ${r.due}${r.unitId ? ` (${r.unitId})` : ''}`;
    case 'task_withdrawn':
      return r.reason ?? '';
  }
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The amended plan: a plan.json as `cchc plan import` writes it, or the document itself, read the same way. */
async function amendedPlanOf(file: string, units: string | undefined): Promise<PlanDefinition> {
  if (file.toLowerCase().endsWith('.json'))
    return parseOrThrow(planDefinitionSchema, readJsonFile(userPath(file)), { vi: 'plan.json', en: 'plan.json' });
  const { bytes, name } = readBytesInput(file);
  const result = await importPlanFile(bytes, loadRegistry(units), { sourceName: name });
  const warnings = result.warnings.filter((w) => w.severity === 'warning').length;
  console.log(
    `• Đã đọc ${name}: ${result.plan.tasks.length} nhiệm vụ, ${warnings} cảnh báo (xem bằng cchc plan import) — read ${name}: ${result.plan.tasks.length} tasks, ${warnings} warnings (see them with cchc plan import)`,
  );
  return result.plan;
}
