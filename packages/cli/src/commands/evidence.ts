import { addEvidenceFile, EVIDENCE_MAX_BYTES, EVIDENCE_TYPE_LIST, EvidenceFiles, evidenceDirOf } from '@cchc/core';
import type { Command } from 'commander';
import { contextFrom } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { withStore } from '../open-store.ts';
import { planYear } from '../plan-year.ts';
import { readBytesInput } from '../read-input.ts';

/** `cchc evidence add <file>`: a file stored by its SHA-256 and recorded as EvidenceFileAdded. */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('tài liệu kiểm chứng (tệp, theo mã SHA-256) / evidence files (by SHA-256)');
  evidence
    .command('add')
    .description(
      `lưu tệp theo mã SHA-256 và ghi sự kiện EvidenceFileAdded; in mã để dùng với --evidence-file (≤ ${EVIDENCE_MAX_BYTES / 1024 / 1024} MiB; ${EVIDENCE_TYPE_LIST}) / ` +
        `store the file by its SHA-256 and record EvidenceFileAdded; prints the hash for --evidence-file`,
    )
    .argument('<file>', 'tệp minh chứng / the evidence file')
    .option('--unit <unitId>', 'đơn vị nộp tệp / the unit it is for')
    .option('--name <fileName>', 'tên ghi nhận (mặc định: tên tệp) / recorded name (default: the file’s)')
    .option('--actor <name>', 'người tải lên (mặc định cli:<tên đăng nhập>) / uploader')
    // No --at: a file is recorded when it is stored (the store's clock), like its bytes.
    .action(async (file: string, opts: { unit?: string; name?: string; actor?: string }, command: Command) => {
      const { bytes, name } = readBytesInput(file);
      const dataDir = dataDirOf(command);
      const context = contextFrom(opts.actor ? { actor: opts.actor } : {}, new Date().toISOString());
      const added = await withStore(dataDir, { readOnly: false }, async (store) =>
        addEvidenceFile(
          store,
          new EvidenceFiles(evidenceDirOf(dataDir)),
          {
            bytes,
            fileName: opts.name ?? name,
            ...(opts.unit ? { unitId: opts.unit } : {}),
            planYear: await planYear(store, undefined).catch(() => undefined),
          },
          context,
        ),
      );
      console.log(added.sha256);
      console.error(
        added.alreadyRecorded
          ? `• Tệp đã có (cùng nội dung), không ghi gì mới — the file is already recorded (same content), nothing written`
          : `✓ Đã lưu và ghi EvidenceFileAdded: ${added.fileName}, ${added.size} byte, ${added.mediaType} — stored and recorded` +
              `\n  Dùng / use: cchc task progress <taskId> --unit <U> --percent <n> --evidence-file ${added.sha256}`,
      );
    });
}
