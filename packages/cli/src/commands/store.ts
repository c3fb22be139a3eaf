import { copyLog, type LedgerStore, openLedgerStore } from '@cchc/core';
import type { Command } from 'commander';
import { storeTarget } from '../data-dir.ts';
import { progressBar } from '../progress.ts';

interface CopyOptions {
  from: string;
  to: string;
  page: string;
}

/** A store named on the command line, without a replica: copying reads and writes the logs only. */
function openNamed(url: string, readOnly: boolean): Promise<LedgerStore> {
  const target = storeTarget('.', url);
  return openLedgerStore({ url: target.url, ...(target.embedded ? { readOnly } : {}) });
}

/** `cchc store copy --from <url> --to <url>`: moves a log between adapters, resumably. */
export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('kho sự kiện / the event store');
  store
    .command('copy')
    .description(
      'chép nhật ký sang kho khác, giữ mã sự kiện, thứ tự và thời điểm; chạy lại để tiếp tục / copy the log to another store keeping event ids, order and times; run again to resume',
    )
    .requiredOption('--from <url>', 'kho nguồn (tệp DuckDB, kurrentdb://…, memory:) / source store')
    .requiredOption('--to <url>', 'kho đích / target store')
    .option('--page <n>', 'số sự kiện mỗi lần ghi / events per atomic import', '5000')
    .action(async (opts: CopyOptions) => {
      const from = await openNamed(opts.from, true);
      try {
        const to = await openNamed(opts.to, false);
        try {
          const progress = progressBar('Chép nhật ký / copying the log');
          const outcome = await copyLog(from, to, {
            pageSize: Number(opts.page),
            onProgress: (done, total) => progress.update(done, total),
          }).finally(() => progress.stop());
          if (outcome.resumedAt > 0)
            console.log(
              `• Tiếp tục sau ${outcome.resumedAt} sự kiện đã có ở đích — resumed after ${outcome.resumedAt} events already in the target`,
            );
          console.log(
            `✓ Đã chép ${outcome.copied} sự kiện, đầu nhật ký ở vị trí ${outcome.head}, băm ${outcome.targetHeadHash} (trùng với nguồn)\n` +
              `  Copied ${outcome.copied} events, head at position ${outcome.head}, hash ${outcome.targetHeadHash} (same as the source)`,
          );
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });
}
