import { userInfo } from 'node:os';
import type { CommandContext } from '@cchc/core';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import { instantOption } from './option-values.ts';

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

/** The login name, for default actors ("cli:<login>"). */
export function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
