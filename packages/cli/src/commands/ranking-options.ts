import { DEFAULT_RULEBOOK, parseRulebook, type Rulebook } from '@cchc/projections';
import type { Command } from 'commander';
import { instantOption, yearOption } from '../option-values.ts';
import { readJsonFile, userPath } from '../read-input.ts';

/** The options of every command that computes a ranking (`rank`, `rank publish`, `explain`). */
export interface RankOptions {
  year?: string;
  plan?: string;
  asOf?: string;
  rulebook?: string;
  json?: boolean;
}

export function addRankOptions(command: Command): Command {
  return command
    .option('--year <yyyy>', 'năm kế hoạch / plan year')
    .option('--plan <planId>', 'mã kế hoạch (khi một năm có nhiều) / plan id (when a year has several)')
    .option(
      '--as-of <instant>',
      'tính đến thời điểm (mặc định 15/12 23:59:59 của năm kế hoạch) / as known at (default 15/12 of the plan year)',
    )
    .option(
      '--rulebook <file>',
      'bộ quy tắc JSON (mặc định default-2025 v1) / rulebook JSON (default default-2025 v1)',
    );
}

function rulebookOf(file: string | undefined): Rulebook {
  return file ? parseRulebook(readJsonFile(userPath(file))) : DEFAULT_RULEBOOK;
}

/** The ranking query the options ask for; what they leave out, the projections default. */
export function rankingQuery(opts: RankOptions) {
  const rulebook = rulebookOf(opts.rulebook);
  const asOf = opts.asOf !== undefined ? instantOption(opts.asOf, '--as-of') : undefined;
  const year = yearOption(opts.year);
  return {
    rulebook,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(opts.plan !== undefined ? { planId: opts.plan } : {}),
    ...(year !== undefined ? { year } : {}),
  };
}
