import {
  handleTaskCommand,
  omitUndefined,
  parseOrThrow,
  TASK_ACTIONS,
  type TaskAction,
  taskCommandSchema,
} from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { printOutcome } from '../format.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';
import { planYear } from '../plan-year.ts';
import { registerTaskAddCommand } from './task-add.ts';

interface TaskOptions extends ActionOptions {
  unit?: string;
  year?: string;
  percent?: string;
  note?: string;
  evidence?: string[];
  evidenceFile?: string[];
  reason?: string;
  product?: string;
  due?: string;
  decision?: string;
  decidedOn?: string;
  title?: string;
  role?: string;
  to?: string;
  by?: string;
}

/** What each action reads from the command line, beside --unit. */
const OPTION_HINTS: Partial<Record<TaskAction, string>> = {
  progress: '--percent',
  return: '--reason',
  reopen: '--reason',
  cancel: '--reason',
  'set-deadline': '--due, --decision',
  excuse: '--reason',
  assign: '--role lead|coordinator',
  reassign: '--to',
  amend: '--title, --product, --decision, --decided-on',
  withdraw: '--reason, --decision, --decided-on',
};

export function registerTaskCommands(program: Command): void {
  const task = program
    .command('task')
    .description('hành động trên nhiệm vụ, qua bộ quyết định / actions on a task, through the deciders');
  registerTaskAddCommand(task);
  for (const [name, action] of Object.entries(TASK_ACTIONS) as [TaskAction, (typeof TASK_ACTIONS)[TaskAction]][]) {
    const hint = OPTION_HINTS[name] ? ` (${OPTION_HINTS[name]})` : '';
    addActionOptions(
      task
        .command(name)
        .description(`${action.vi}${hint} / ${action.en}${hint}`)
        .argument('<taskId>', 'mã nhiệm vụ của kế hoạch, ví dụ II.3 / the plan’s task id, e.g. II.3')
        .option('--unit <unitId>', 'đơn vị / unit')
        .option('--year <yyyy>', 'năm kế hoạch khi có nhiều kế hoạch / plan year when there are several')
        .option('--percent <n>', 'phần trăm hoàn thành / percent done')
        .option('--note <text>', 'ghi chú / note')
        .option(
          '--evidence <ref>',
          'minh chứng, lặp lại được / evidence reference, repeatable',
          (v: string, all: string[] = []) => [...all, v],
        )
        .option(
          '--evidence-file <sha256>',
          'tài liệu kiểm chứng đã thêm (cchc evidence add), lặp lại được; cho progress, submit, complete / an added evidence file (cchc evidence add), repeatable; for progress, submit, complete',
          (v: string, all: string[] = []) => [...all, v],
        )
        .option('--reason <text>', 'lý do / reason')
        .option(
          '--product <ref>',
          'số hiệu sản phẩm; với amend: sản phẩm mới / product reference; with amend: the new product',
        )
        .option('--title <text>', 'với amend: tên mới / with amend: the new title')
        .option('--due <yyyy-mm-dd>', 'thời hạn mới / new due date')
        .option('--decision <ref>', 'số văn bản/quyết định / decision reference')
        .option('--decided-on <yyyy-mm-dd>', 'ngày ký quyết định / the day the decision was signed')
        .option('--role <role>', 'lead | coordinator')
        .option('--to <unitId>', 'đơn vị nhận / receiving unit')
        .option('--by <who>', 'người/đơn vị miễn trễ hạn / who excuses the delay'),
    ).action(async (taskId: string, opts: TaskOptions, command: Command) => {
      const at = instantOption(opts.at, '--at');
      const context = contextFrom(opts, at);
      await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
        const raw = {
          type: action.type,
          planYear: await planYear(store, opts.year),
          taskId,
          at,
          ...(opts.unit !== undefined ? { unitId: opts.unit } : {}),
          ...fieldsFor(action.type, opts, context.actor),
        };
        const taskCommand = parseOrThrow(taskCommandSchema, raw, { vi: 'Lệnh', en: 'command' });
        printOutcome(await handleTaskCommand(store, taskCommand, context));
      });
    });
  }
}

function fieldsFor(type: string, o: TaskOptions, actor: string): Record<string, unknown> {
  switch (type) {
    case 'ReportProgress':
      return omitUndefined({
        percent: o.percent === undefined ? undefined : Number(o.percent),
        note: o.note,
        evidenceRefs: o.evidence ?? [],
        evidenceFiles: o.evidenceFile,
      });
    case 'SubmitProduct':
      return omitUndefined({ productRef: o.product, note: o.note, evidenceFiles: o.evidenceFile });
    case 'CompleteTask':
      return omitUndefined({ productRef: o.product, evidenceFiles: o.evidenceFile });
    case 'ReturnProduct':
    case 'ReopenTask':
    case 'CancelTask':
      return omitUndefined({ reason: o.reason });
    case 'SetDeadline':
      return omitUndefined({ due: o.due, decisionRef: o.decision, decidedOn: o.decidedOn, reason: o.reason });
    case 'AmendTask':
      return omitUndefined({
        title: o.title,
        product: o.product,
        decisionRef: o.decision,
        decidedOn: o.decidedOn,
        reason: o.reason,
      });
    case 'WithdrawTask':
      return omitUndefined({ reason: o.reason, decisionRef: o.decision, decidedOn: o.decidedOn });
    case 'ExcuseDelay':
      return omitUndefined({ reason: o.reason, excusedBy: o.by ?? actor });
    case 'AssignTask':
      return omitUndefined({ role: o.role, reason: o.reason });
    case 'ReassignTask':
      return omitUndefined({ toUnitId: o.to, reason: o.reason });
    default:
      return {};
  }
}
