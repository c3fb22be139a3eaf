import {
  type AddTaskCommand,
  areaSchema,
  handleTaskCommand,
  isLocalDate,
  parseDeadline,
  parseOrThrow,
  taskCommandSchema,
} from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { printOutcome } from '../format.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';
import { planYear } from '../plan-year.ts';

interface AddOptions extends ActionOptions {
  year?: string;
  title: string;
  product?: string;
  due?: string;
  deadline?: string;
  lead: string[];
  coordinator?: string[];
  decision?: string;
  decidedOn?: string;
}

const list = (v: string, all: string[] = []) => [
  ...all,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** `--decided-on`: a calendar date (the day the decision was signed). */
export function decisionDateOption(value: string | undefined): string {
  if (value === undefined || !isLocalDate(value))
    throw new CliError(
      `--decided-on phải là ngày YYYY-MM-DD: ${value ?? '(trống)'}`,
      `--decided-on must be a date YYYY-MM-DD: ${value ?? '(empty)'}`,
      EXIT.invalidInput,
    );
  return value;
}

/** `cchc task add <taskId>`: a task added to the plan mid-year (nhiệm vụ phát sinh), by a decision. */
export function registerTaskAddCommand(task: Command): void {
  addActionOptions(
    task
      .command('add')
      .description(
        'bổ sung nhiệm vụ phát sinh vào kế hoạch theo quyết định / add a task to the plan mid-year, by decision',
      )
      .argument('<taskId>', 'mã mới, lĩnh vực.STT, ví dụ VI.9 / a new id, area.row, e.g. VI.9')
      .option('--year <yyyy>', 'năm kế hoạch khi có nhiều kế hoạch / plan year when there are several')
      .requiredOption('--title <text>', 'tên nhiệm vụ / title')
      .option('--product <text>', 'sản phẩm / product', '')
      .option('--due <yyyy-mm-dd>', 'thời hạn / due date')
      .option(
        '--deadline <text>',
        'thời hạn như văn bản ghi, ví dụ "Quý IV/2026", "Thường xuyên" / the deadline as the document words it',
      )
      .requiredOption('--lead <unitId>', 'đơn vị chủ trì, lặp lại hoặc a,b / lead unit(s), repeatable or a,b', list)
      .option('--coordinator <unitId>', 'đơn vị phối hợp, lặp lại hoặc a,b / coordinating unit(s)', list)
      .requiredOption('--decision <ref>', 'số quyết định / decision reference')
      .requiredOption('--decided-on <yyyy-mm-dd>', 'ngày ký quyết định / the day it was signed'),
  ).action(async (taskId: string, opts: AddOptions, command: Command) => {
    const at = instantOption(opts.at, '--at');
    const context = contextFrom(opts, at);
    await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
      const year = await planYear(store, opts.year);
      const raw: Omit<AddTaskCommand, 'deadline'> & { deadline: unknown } = {
        type: 'AddTask',
        planYear: year,
        taskId,
        at,
        area: parseOrThrow(areaSchema, taskId.split('.')[0], { vi: 'lĩnh vực của mã', en: 'area of the id' }),
        title: opts.title,
        product: opts.product ?? '',
        deadline: deadlineOf(opts, year),
        lead: opts.lead,
        coordinators: opts.coordinator ?? [],
        decisionRef: opts.decision,
        decidedOn: decisionDateOption(opts.decidedOn),
      };
      printOutcome(
        await handleTaskCommand(store, parseOrThrow(taskCommandSchema, raw, { vi: 'Lệnh', en: 'command' }), context),
      );
    });
  });
}

function deadlineOf(opts: AddOptions, year: number): unknown {
  if ((opts.due === undefined) === (opts.deadline === undefined))
    throw new CliError(
      'cần đúng một trong --due <ngày> hoặc --deadline "<như văn bản>"',
      'give exactly one of --due <date> or --deadline "<as worded>"',
      EXIT.invalidInput,
    );
  if (opts.due !== undefined) return { kind: 'date', due: opts.due, text: opts.due };
  return parseDeadline(opts.deadline!, year);
}
