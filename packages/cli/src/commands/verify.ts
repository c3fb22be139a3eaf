import {
  type ChainVerification,
  capabilityOf,
  checkAgainst,
  EvidenceFiles,
  type EvidenceProblem,
  type EvidenceVerification,
  evidenceDirOf,
  type LedgerStore,
  verifyEvidenceFiles,
} from '@cchc/core';
import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';
import { describeCheck, readCheckpoint } from './checkpoint.ts';

/** `cchc verify`: exits non-zero on a broken chain. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'tính lại chuỗi băm và kiểm tra mọi tài liệu kiểm chứng theo mã băm; mã thoát 3 nêu vị trí hoặc tệp đầu tiên bị sai / recompute the hash chain and check every evidence file against its hash; exit 3 naming the first failing position or file',
    )
    .option(
      '--against <checkpoint...>',
      'chứng minh sổ cái hiện tại mở rộng từng mốc đã lưu (cchc checkpoint) / prove the log now extends each kept checkpoint (cchc checkpoint)',
    )
    .option(
      '--trusted-key <base64>',
      'khóa công khai cơ quan thanh tra đã nhận (cchc checkpoint --public-key) / the public key the inspectorate was given',
    )
    .action(async (opts: { against?: string[]; trustedKey?: string }, command: Command) => {
      const dataDir = dataDirOf(command);
      const checkpoints = (opts.against ?? []).map((file) => ({ file, checkpoint: readCheckpoint(file) }));
      const [chain, evidence, checks] = await withStore(
        dataDir,
        { readOnly: true },
        async (store) =>
          [
            await verifyStore(store),
            await verifyEvidenceFiles(store, new EvidenceFiles(evidenceDirOf(dataDir))),
            await Promise.all(
              checkpoints.map(async (c) => ({
                file: c.file,
                check: await checkAgainst(store, c.checkpoint, opts.trustedKey),
              })),
            ),
          ] as const,
      );
      for (const { file, check } of checks) {
        if (check.ok) console.log(describeCheck(file, check));
        else console.error(describeCheck(file, check));
      }
      if (checks.some((c) => !c.check.ok)) process.exitCode = EXIT.chainBroken;
      const text = describeVerification(chain);
      if (chain.ok) console.log(text);
      else console.error(text);
      const files = describeEvidence(evidence);
      if (evidence.ok) console.log(files);
      else console.error(files);
      if (!chain.ok || !evidence.ok || checks.some((c) => !c.check.ok)) process.exitCode = EXIT.chainBroken;
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
      `  (Một chuỗi được tính lại toàn bộ vẫn khớp: hãy lưu mốc có chữ ký ở nơi khác, cchc checkpoint, rồi cchc verify --against <mốc> / a fully recomputed chain still matches: keep a signed checkpoint elsewhere, cchc checkpoint, then cchc verify --against <it>)`
    );
  }
  const f = v.failure!;
  return `✗ Chuỗi băm hỏng tại vị trí ${f.position}: ${f.vi} — hash chain broken at position ${f.position}: ${f.en} [${f.reason}]`;
}

const PROBLEM_TEXT: Record<EvidenceProblem['problem'], { vi: string; en: string }> = {
  missing: { vi: 'mất tệp', en: 'file missing' },
  altered: { vi: 'tệp đã bị sửa (mã băm không khớp)', en: 'file altered (hash does not match)' },
  unrecorded: { vi: 'được trích dẫn nhưng chưa từng được thêm', en: 'cited but never added' },
};

export function describeEvidence(v: EvidenceVerification): string {
  if (v.ok)
    return `✓ Tài liệu kiểm chứng khớp mã băm: ${v.checked} tệp — evidence files match their hashes: ${v.checked}`;
  const lines = v.problems.map((p) => {
    const text = PROBLEM_TEXT[p.problem];
    const name = p.fileName ?? p.sha256;
    const at = p.positions.join(', ');
    return `✗ ${name}: ${text.vi} — ${text.en}\n    sha256 ${p.sha256}, ${p.path}, sự kiện ở vị trí / events at ${at}`;
  });
  return [
    `✗ ${v.problems.length}/${v.checked} tài liệu kiểm chứng không khớp — ${v.problems.length} of ${v.checked} evidence files do not match`,
    ...lines,
  ].join('\n');
}
