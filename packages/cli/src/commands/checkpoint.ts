import { join } from 'node:path';
import {
  type Checkpoint,
  type CheckpointCheck,
  CheckpointKeeper,
  checkpointDirOf,
  checkpointKeyOf,
  checkpointSchema,
  parseOrThrow,
  publicKeyText,
} from '@cchc/core';
import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { withStore } from '../open-store.ts';
import { readJsonFile, userPath, writeUserFile } from '../read-input.ts';

/** `cchc checkpoint`: the log's Merkle tree size and root, signed, as a file an inspector keeps. */
export function registerCheckpointCommand(program: Command): void {
  program
    .command('checkpoint')
    .description(
      'lập mốc kiểm chứng có chữ ký (cỡ cây, gốc Merkle, thời điểm; Ed25519) để thanh tra lưu ngoài hệ thống / a signed checkpoint (tree size, Merkle root, time; Ed25519) for inspectors to keep outside the system',
    )
    .option('--out <file>', 'ghi thêm một bản ra tệp này / also write a copy to this file')
    .option(
      '--public-key',
      'chỉ in khóa công khai để gửi cơ quan thanh tra / print only the public key, for the inspectorate',
    )
    .action(async (opts: { out?: string; publicKey?: boolean }, command: Command) => {
      const dataDir = dataDirOf(command);
      const key = checkpointKeyOf(dataDir);
      if (opts.publicKey) {
        console.log(publicKeyText(key.publicKey));
        return;
      }
      const { checkpoint, file } = await withStore(dataDir, { readOnly: true }, (store) =>
        new CheckpointKeeper(dataDir, store).take(),
      );
      const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
      const kept = join(checkpointDirOf(dataDir), file);
      if (opts.out) writeUserFile(opts.out, text);
      console.log(
        `✓ Mốc kiểm chứng / checkpoint: cỡ cây / tree size ${checkpoint.treeSize}, gốc / root ${checkpoint.root}, lúc / taken at ${checkpoint.takenAt} (UTC)`,
      );
      console.log(`  → ${kept}${opts.out ? `, ${opts.out}` : ''}`);
      console.log(`  Khóa công khai / public key: ${checkpoint.publicKey}`);
      console.log(
        '  Lưu tệp này ở nơi người vận hành máy chủ không sửa được; sau này: cchc verify --against <tệp> — keep it where whoever runs the server cannot change it; later: cchc verify --against <file>',
      );
    });
}

export function readCheckpoint(file: string): Checkpoint {
  return parseOrThrow(checkpointSchema, readJsonFile(userPath(file)), { vi: `mốc ${file}`, en: `checkpoint ${file}` });
}

export function describeCheck(file: string, c: CheckpointCheck): string {
  if (c.ok)
    return `✓ ${file}: sổ cái hiện tại (${c.headSize} sự kiện) mở rộng mốc cỡ ${c.checkpoint.treeSize} lúc ${c.checkpoint.takenAt} — the log now (${c.headSize} events) extends the checkpoint of size ${c.checkpoint.treeSize} taken at ${c.checkpoint.takenAt}`;
  return `✗ ${file}: ${c.vi} — ${c.en} [${c.reason}]`;
}
