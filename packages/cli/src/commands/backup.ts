import { existsSync } from 'node:fs';
import {
  askServerForBackup,
  type BackupManifest,
  backupDataDir,
  controlSocketPath,
  keyFileOf,
  restoreDataDir,
} from '@cchc/api';
import { capabilityOf, openLedgerStore } from '@cchc/core';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { dataDirOf, storePath } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withStore } from '../open-store.ts';

function describe(manifest: BackupManifest, out: string): string {
  return `✓ Đã sao lưu đến vị trí ${manifest.head.position} (băm ${manifest.head.hash.slice(0, 16)}…) vào ${out} — backed up up to position ${manifest.head.position}: ${Object.keys(manifest.files).join(', ')}`;
}

/** `cchc backup --out <dir>` (also while a server runs, through its control socket) and `cchc restore <dir>`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'bản sao nhất quán của thư mục dữ liệu, kể cả khi máy chủ đang chạy / a consistent copy of the data directory, also while serving',
    )
    .requiredOption('--out <dir>', 'thư mục đích, chưa có hoặc trống / target directory, new or empty')
    .action(async (opts: { out: string }, command: Command) => {
      const dataDir = dataDirOf(command);
      const fromServer = await askServerForBackup(dataDir, opts.out);
      if (fromServer) {
        console.log(`• Máy chủ đang chạy đã sao lưu — made by the running server (${controlSocketPath(dataDir)})`);
        console.log(describe(fromServer, opts.out));
        return;
      }
      if (!existsSync(storePath(dataDir))) {
        throw new CliError(
          `Không có kho sự kiện ở ${storePath(dataDir)}`,
          `no event store at ${storePath(dataDir)}`,
          EXIT.storeUnavailable,
        );
      }
      const manifest = await withStore(dataDir, { readOnly: false }, (store) =>
        backupDataDir(store, keyFileOf(dataDir), opts.out),
      );
      console.log(describe(manifest, opts.out));
    });
  program
    .command('restore')
    .description(
      'đặt lại một bản sao lưu đã kiểm tra vào thư mục dữ liệu (máy chủ phải dừng) / put a checked backup back (the server must be stopped)',
    )
    .argument('<backupDir>', 'thư mục do cchc backup tạo / a directory made by cchc backup')
    .action(async (backupDir: string, _opts: unknown, command: Command) => {
      const dataDir = dataDirOf(command);
      const path = storePath(dataDir);
      if (existsSync(path)) {
        // Refused (STORE_LOCKED, exit 6) while a server or another command holds the store.
        const store = await openLedgerStore({ url: path });
        await store.close();
      }
      const { manifest, keptAside } = await restoreDataDir(backupDir, path, keyFileOf(dataDir));
      for (const file of keptAside) console.log(`• Giữ lại bản cũ — kept the previous file: ${file}`);
      const store = await openLedgerStore({ url: path });
      try {
        const chain = await capabilityOf(store, 'chainVerifier').verifyChain();
        if (!chain.ok) {
          process.exitCode = EXIT.chainBroken;
          console.error('✗ Chuỗi băm sau khi phục hồi không hợp lệ — the chain does not verify after the restore');
          return;
        }
      } finally {
        await store.close();
      }
      console.log(
        `✓ Đã phục hồi đến vị trí ${manifest.head.position}, chuỗi băm nguyên vẹn — restored up to position ${manifest.head.position}, hash chain intact`,
      );
    });
}
