import { existsSync } from 'node:fs';
import { ApiKeyStore, controlSocketPath, keyFileOf, type RunningServer, startServer } from '@cchc/api';
import { keptTreeFileOf } from '@cchc/core';
import { dashboardExtension, ensureDashboardBuilt } from '@cchc/dashboards';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { dataDirOf, storeTarget } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { progressBar } from '../progress.ts';

export interface ServeOptions {
  port: number;
  host: string;
  logLevel: string;
  rateLimit: number;
  publicRateLimit: number;
  /** A duration (`24h`, `30m`, `off`); default CCHC_CHECKPOINT_EVERY, else 24h. */
  checkpointEvery?: string;
}

/** The schedule's default when neither --checkpoint-every nor CCHC_CHECKPOINT_EVERY says. */
export const DEFAULT_CHECKPOINT_EVERY = '24h';
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `500ms`, `30s`, `15m`, `24h`, `7d` → milliseconds; `off` (or `0`) → undefined: no schedule. */
export function checkpointInterval(value: string, name = '--checkpoint-every'): number | undefined {
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === '0') return undefined;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > 2_147_483_647)
    throw new CliError(
      `${name} không hợp lệ: ${value} (ví dụ 24h, 30m, 90s, off; tối đa 24 ngày)`,
      `invalid ${name}: ${value} (e.g. 24h, 30m, 90s, off; at most 24 days)`,
      EXIT.invalidInput,
    );
  return ms;
}

export function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new CliError(`--port không hợp lệ: ${value}`, `invalid --port: ${value}`, EXIT.invalidInput);
  return n;
}

function positiveCount(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new CliError(
        `${name} phải là số nguyên dương: ${value}`,
        `${name} must be a positive integer: ${value}`,
        EXIT.invalidInput,
      );
    return n;
  };
}

export function addServeOptions(command: Command): Command {
  return command
    .option('--port <n>', 'cổng / port', portOption, 3000)
    .option('--host <address>', 'địa chỉ lắng nghe / address to listen on', '127.0.0.1')
    .option('--log-level <level>', 'mức nhật ký JSON (fatal|error|warn|info|debug|silent) / JSON log level', 'info')
    .option(
      '--rate-limit <n>',
      'số yêu cầu tối đa mỗi phút cho mỗi khóa / requests per minute per key',
      positiveCount('--rate-limit'),
      6_000,
    )
    .option(
      '--public-rate-limit <n>',
      'số yêu cầu tối đa mỗi phút cho mỗi địa chỉ trên trang công khai /public / requests per minute per address on the public page /public',
      positiveCount('--public-rate-limit'),
      120,
    )
    .option(
      '--checkpoint-every <duration>',
      `lập mốc kiểm chứng có chữ ký định kỳ khi sổ cái có thêm sự kiện (24h, 30m, off; mặc định CCHC_CHECKPOINT_EVERY hoặc ${DEFAULT_CHECKPOINT_EVERY}) / take a signed checkpoint this often while the log grew (default CCHC_CHECKPOINT_EVERY, else ${DEFAULT_CHECKPOINT_EVERY})`,
    );
}

/**
 * Serves the API on the data directory until SIGINT or SIGTERM, then shuts down gracefully:
 * no new connections, requests in flight finish, the read models and the store close cleanly.
 */
export async function serveUntilSignal(dataDir: string, options: ServeOptions): Promise<void> {
  const target = storeTarget(dataDir);
  const path = target.url;
  if (target.embedded && !existsSync(path)) {
    throw new CliError(
      `Chưa có kho sự kiện ở ${path}; chạy cchc start (hoặc cchc plan apply) trước`,
      `no event store at ${path}; run cchc start (or cchc plan apply) first`,
      EXIT.storeUnavailable,
    );
  }
  const checkpointEveryMs = options.checkpointEvery
    ? checkpointInterval(options.checkpointEvery)
    : checkpointInterval(process.env.CCHC_CHECKPOINT_EVERY ?? DEFAULT_CHECKPOINT_EVERY, 'CCHC_CHECKPOINT_EVERY');
  const keys = new ApiKeyStore(keyFileOf(dataDir));
  // Keys created or revoked with `cchc keys` while serving are noticed from the directory's change
  // notices, not by a stat before every request.
  const stopWatchingKeys = keys.watchForChanges();
  await ensureDashboardBuilt({ log: (line) => console.log(line) });
  const progress = progressBar('Mô hình đọc / read models');
  let server: RunningServer;
  try {
    server = await startServer({
      storePath: path,
      ...(target.replicaPath ? { replicaPath: target.replicaPath } : {}),
      keys,
      host: options.host,
      port: options.port,
      logLevel: options.logLevel,
      app: {
        rateLimitPerMinute: options.rateLimit,
        publicRateLimitPerMinute: options.publicRateLimit,
        extensions: [dashboardExtension],
      },
      onProgress: (done, total) => progress.update(done, total),
      controlSocket: controlSocketPath(dataDir),
      keptTreeFile: keptTreeFileOf(dataDir),
      ...(checkpointEveryMs === undefined ? {} : { checkpointEveryMs }),
    });
  } catch (error) {
    stopWatchingKeys();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `Cổng ${options.port} đang được dùng; chọn cổng khác bằng --port`,
        `port ${options.port} is in use; pick another with --port`,
        EXIT.storeUnavailable,
      );
    }
    throw error;
  } finally {
    progress.stop();
  }
  console.log(`\n▶ API: ${server.url}/v1   ·   tài liệu / docs: ${server.url}/docs   ·   ${server.url}/health`);
  console.log(`▶ Bảng điều khiển / dashboard: ${server.url}/dashboard  (nhập khóa analyst / enter an analyst key)`);
  console.log(`▶ Trang công khai (không cần khóa) / public page (no key): ${server.url}/public`);
  console.log(
    checkpointEveryMs === undefined
      ? '  Mốc kiểm chứng định kỳ: tắt — scheduled checkpoints: off'
      : `  Mốc kiểm chứng định kỳ mỗi / scheduled checkpoint every ${options.checkpointEvery ?? process.env.CCHC_CHECKPOINT_EVERY ?? DEFAULT_CHECKPOINT_EVERY} (khi sổ cái có thêm sự kiện / when the log grew) → ${dataDir}/checkpoints`,
  );
  if (keys.list().every((k) => k.revokedAt)) {
    console.log(
      '  Chưa có khóa API nào; tạo bằng / no API key yet; create one with: pnpm cchc keys create --role analyst',
    );
  }
  console.log('  Dừng / stop: Ctrl+C\n');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.error(`\n${signal}: đang dừng, chờ các yêu cầu dở dang — stopping, letting requests in flight finish`);
      server.close().then(resolve, (error: unknown) => {
        console.error(error);
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopWatchingKeys();
  console.error('✓ Đã dừng, kho sự kiện đã đóng — stopped, the event store is closed');
}

export function registerServeCommand(program: Command): void {
  addServeOptions(
    program.command('serve').description('phục vụ API trên dữ liệu hiện có / serve the API on existing data'),
  ).action(async (opts: ServeOptions, command: Command) => serveUntilSignal(dataDirOf(command), opts));
}
