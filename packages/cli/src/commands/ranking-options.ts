import { parseRulebook, type RankingContextQuery, type Rulebook } from '@cchc/projections';
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
      'tính đến thời điểm (ngày = hết ngày đó; mặc định: mốc 15/12 23:59:59 của năm, hoặc bây giờ nếu chưa đến) / as known at (a date = the end of that day; default: the 15/12 cutoff, or now if it has not come yet)',
    )
    .option(
      '--rulebook <file>',
      "bộ quy tắc JSON (mặc định: bộ của năm kế hoạch, default-<năm>) / rulebook JSON (default: the plan year's, default-<year>)",
    );
}

function rulebookOf(file: string | undefined): Rulebook | undefined {
  return file ? parseRulebook(readJsonFile(userPath(file))) : undefined;
}

/**
 * The ranking query the options ask for, as every surface resolves it (rankingsInContext): what
 * they leave out, the projections default (the plan year's rulebook; the cutoff, or now before it).
 */
export function rankingQuery(opts: RankOptions, now: Date = new Date()): RankingContextQuery {
  const rulebook = rulebookOf(opts.rulebook);
  const requested = opts.asOf !== undefined ? instantOption(opts.asOf, '--as-of') : undefined;
  const year = yearOption(opts.year);
  return {
    now,
    ...(rulebook ? { rulebook } : {}),
    ...(requested !== undefined ? { requested } : {}),
    ...(opts.plan !== undefined ? { planId: opts.plan } : {}),
    ...(year !== undefined ? { year } : {}),
  };
}
