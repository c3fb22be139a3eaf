import { type ChainVerification, capabilityOf, type LedgerStore } from '@cchc/core';
import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';

/** `cchc verify`: exits non-zero on a broken chain. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'tính lại chuỗi băm; mã thoát khác 0 và nêu vị trí đầu tiên bị sai / recompute the hash chain; non-zero exit naming the first failing position',
    )
    .action(async (_opts: unknown, command: Command) => {
      const verification = await withStore(dataDirOf(command), { readOnly: true }, verifyStore);
      const text = describeVerification(verification);
      if (verification.ok) console.log(text);
      else {
        console.error(text);
        process.exitCode = EXIT.chainBroken;
      }
    });
}

export async function verifyStore(store: LedgerStore): Promise<ChainVerification> {
  const progress = progressBar('Kiểm tra chuỗi băm / verifying');
  try {
    return await capabilityOf(store, 'chainVerifier').verifyChain((done, total) => progress.update(done, total));
  } finally {
    progress.stop();
  }
}

export function describeVerification(v: ChainVerification): string {
  if (v.ok) {
    return (
      `✓ Chuỗi băm nguyên vẹn: ${v.checked} sự kiện, đầu chuỗi ở vị trí ${v.headPosition}, băm ${v.headHash}\n` +
      `  Hash chain intact: ${v.checked} events, head at position ${v.headPosition}, hash ${v.headHash}\n` +
      `  (Lưu băm đầu chuỗi ở nơi khác để phát hiện cả việc tính lại toàn bộ chuỗi / record the head hash elsewhere to detect a fully recomputed chain)`
    );
  }
  const f = v.failure!;
  return `✗ Chuỗi băm hỏng tại vị trí ${f.position}: ${f.vi} — hash chain broken at position ${f.position}: ${f.en} [${f.reason}]`;
}
