import type { ChainVerification, DuckDbEventStore } from '@cchc/core';
import { progressBar } from '../progress.ts';

export async function verifyStore(store: DuckDbEventStore): Promise<ChainVerification> {
  const progress = progressBar('Kiểm tra chuỗi băm / verifying');
  try {
    return await store.verifyChain((done, total) => progress.update(done, total));
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
