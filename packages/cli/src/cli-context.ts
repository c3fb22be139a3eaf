import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CommandContext,
  type CommandOutcome,
  type DuckDbEventStore,
  fieldIssues,
  normalizeInstant,
  parseUnitRegistry,
  type UnitRegistry,
  ValidationError,
} from '@cchc/core';
import type { Command } from 'commander';
import type { z } from 'zod';
import { CliError } from './cli-error.ts';
import { resolveDataDir } from './data-dir.ts';
import { EXIT } from './exit-codes.ts';
import { parseJson, readTextInput } from './read-input.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const SEED_PLAN = resolve(REPO_ROOT, 'fixtures/ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt');
export const EXAMPLE_UNITS = resolve(REPO_ROOT, 'fixtures/units.example.json');

export function dataDirOf(command: Command): string {
  return resolveDataDir(command.optsWithGlobals<{ data?: string }>().data);
}

/** A path given on the command line, taken from where the user ran the command. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The unit registry of `--units`, or the shipped example (with a notice). */
export function loadRegistry(
  file: string | undefined,
  notice: (line: string) => void = (l) => console.error(l),
): UnitRegistry {
  const path = file ? userPath(file) : EXAMPLE_UNITS;
  const { text, name } = readTextInput(path);
  const registry = parseUnitRegistry(parseJson(text, name));
  if (registry.example) {
    notice(
      `! Đang dùng danh mục đơn vị VÍ DỤ (${name}); dùng --units để chỉ danh mục thật — using the EXAMPLE unit registry; pass --units for the real one`,
    );
  }
  return registry;
}

export interface ActionOptions {
  at?: string;
  backfill?: boolean;
  recordedAt?: string;
  actor?: string;
  commandId?: string;
}

/** Options every action takes: when it happened, backfill, who. */
export function addActionOptions(command: Command): Command {
  return command
    .option('--at <instant>', 'thời điểm xảy ra (ISO 8601, mặc định: bây giờ) / when it happened (default: now)')
    .option(
      '--backfill',
      'nhập bù: recordedAt = --recorded-at (mặc định --at), đánh dấu nguồn backfill / record after the fact, marked as backfill',
    )
    .option(
      '--recorded-at <instant>',
      'với --backfill: thời điểm hệ thống được biết / with --backfill: when it became known',
    )
    .option('--actor <name>', 'người thực hiện (mặc định cli:<tên đăng nhập>) / acting person')
    .option('--command-id <id>', 'mã lệnh ổn định để gửi lại an toàn / stable command id for safe retries');
}

export function instantOption(value: string | undefined, name: string): string {
  if (value === undefined) return new Date().toISOString();
  const instant = normalizeInstant(value);
  if (!instant) {
    throw new CliError(
      `${name} không phải thời điểm hợp lệ: ${value} (ví dụ 2025-03-10T09:00:00+07:00)`,
      `${name} is not a valid instant: ${value} (e.g. 2025-03-10T09:00:00+07:00)`,
      EXIT.invalidInput,
    );
  }
  return instant;
}

export function contextFrom(options: ActionOptions, at: string): CommandContext {
  if (options.recordedAt && !options.backfill) {
    throw new CliError('--recorded-at chỉ dùng cùng --backfill', '--recorded-at needs --backfill', EXIT.invalidInput);
  }
  return {
    actor: options.actor ?? `cli:${safeUser()}`,
    source: 'cli',
    ...(options.commandId ? { commandId: options.commandId } : {}),
    ...(options.backfill
      ? { backfill: { recordedAt: options.recordedAt ? instantOption(options.recordedAt, '--recorded-at') : at } }
      : {}),
  };
}

/** Validates a command with its zod schema; a problem names the CLI field. */
export function parseCommand<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: { vi: string; en: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, fieldIssues(result.error));
  return result.data;
}

/** `--year`, or the only plan in the store; several plans need `--year`. */
export async function planYear(store: DuckDbEventStore, year: string | undefined): Promise<number> {
  if (year !== undefined) {
    const n = Number(year);
    if (!Number.isInteger(n) || n < 2000 || n > 2100)
      throw new CliError(`--year không hợp lệ: ${year}`, `invalid --year: ${year}`, EXIT.invalidInput);
    return n;
  }
  const plans = (await store.streamIdsWithPrefix('plan-')).map((s) => Number(s.slice(5))).filter(Number.isInteger);
  if (plans.length === 1) return plans[0]!;
  if (plans.length === 0) {
    throw new CliError(
      'Chưa có kế hoạch nào; hãy chạy cchc plan apply trước',
      'no plan yet; run cchc plan apply first',
      EXIT.invalidInput,
    );
  }
  throw new CliError(
    `Có nhiều kế hoạch (${plans.join(', ')}); hãy chọn bằng --year`,
    `several plans (${plans.join(', ')}); pick one with --year`,
    EXIT.invalidInput,
  );
}

export function printOutcome(outcome: CommandOutcome): void {
  if (outcome.events.length === 0) {
    console.log('• Không có gì mới để ghi — nothing new to record');
    return;
  }
  const list = outcome.events.map((e) => `${e.type} @${e.globalPosition}`).join(', ');
  if (outcome.alreadyHandled)
    console.log(`• Lệnh đã được xử lý trước đó, không ghi lại: ${list} — command already handled, nothing written`);
  else console.log(`✓ Đã ghi / appended: ${list}`);
}

export function readJsonFile(path: string): unknown {
  const { text, name } = readTextInput(path);
  return parseJson(text, name);
}

/** The login name, for default actors ("cli:<login>"). */
export function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
