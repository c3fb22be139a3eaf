import { userInfo } from 'node:os';
import type { CommandContext } from '@cchc/core';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import { instantOption } from './option-values.ts';

export interface ActionOptions {
  at?: string;
  /** The reason of a backfill: history the office already knew then. */
  backfill?: string | true;
  knownAt?: string;
  /** The reason of a late entry: news the office learns only now. */
  late?: string | true;
  recordedAt?: string;
  actor?: string;
  commandId?: string;
}

/**
 * Options every action takes: when it happened, and, for something entered days after it happened,
 * which kind of date that is (history the office knew then, or news the office learns now), and who.
 */
export function addActionOptions(command: Command): Command {
  return command
    .option(
      '--at <instant>',
      'thời điểm xảy ra (ISO 8601 hoặc ngày = hết ngày đó; mặc định: bây giờ) / when it happened (ISO 8601, or a date = the end of that day; default: now)',
    )
    .option(
      '--backfill <reason>',
      'nhập bù lịch sử văn phòng đã biết khi đó, kèm lý do (--known-at mặc định --at) / history the office already knew then, with why (--known-at defaults to --at)',
    )
    .option('--known-at <instant>', 'với --backfill: khi văn phòng được biết / with --backfill: when the office knew')
    .option(
      '--late <reason>',
      'ghi nhận muộn, kèm lý do: việc xảy ra trước đây, văn phòng mới biết hôm nay / late news, with why: it happened earlier, the office learns it now',
    )
    .option('--recorded-at <instant>', 'đã bỏ: recordedAt là đồng hồ của kho / removed: recordedAt is the store clock')
    .option('--actor <name>', 'người thực hiện (mặc định cli:<tên đăng nhập>) / acting person')
    .option('--command-id <id>', 'mã lệnh ổn định để gửi lại an toàn / stable command id for safe retries');
}

export function contextFrom(options: ActionOptions, at: string): CommandContext {
  if (options.recordedAt !== undefined) {
    throw new CliError(
      '--recorded-at đã bỏ: thời điểm ghi nhận luôn là đồng hồ của kho. Nhập bù lịch sử: --backfill "<lý do>" --known-at <khi văn phòng biết>',
      '--recorded-at is gone: the recording time is always the store clock. To enter history: --backfill "<why>" --known-at <when the office knew>',
      EXIT.invalidInput,
    );
  }
  if (options.knownAt !== undefined && options.backfill === undefined) {
    throw new CliError('--known-at chỉ dùng cùng --backfill', '--known-at needs --backfill', EXIT.invalidInput);
  }
  if (options.backfill !== undefined && options.late !== undefined) {
    throw new CliError(
      'chọn một: --backfill (văn phòng đã biết khi đó) hoặc --late (văn phòng mới biết)',
      'choose one: --backfill (the office knew then) or --late (the office learns now)',
      EXIT.invalidInput,
    );
  }
  const reasonOf = (value: string | true | undefined, flag: string): string | undefined => {
    if (value === undefined) return undefined;
    const reason = value === true ? '' : value.trim();
    if (!reason) {
      throw new CliError(
        `${flag} cần lý do, ví dụ ${flag} "sổ công văn giấy" / ${flag} needs a reason`,
        `${flag} needs a reason, e.g. ${flag} "paper register"`,
        EXIT.invalidInput,
      );
    }
    return reason;
  };
  const backfill = reasonOf(options.backfill, '--backfill');
  const late = reasonOf(options.late, '--late');
  return {
    actor: options.actor ?? `cli:${safeUser()}`,
    source: 'cli',
    ...(options.commandId ? { commandId: options.commandId } : {}),
    ...(backfill !== undefined
      ? { backfill: { knownAt: options.knownAt ? instantOption(options.knownAt, '--known-at') : at, reason: backfill } }
      : {}),
    ...(late !== undefined ? { lateEntry: { reason: late } } : {}),
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
