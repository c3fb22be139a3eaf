import { type ConsistencyProof, type InclusionProof, proveConsistency, proveInclusion } from '@cchc/core';
import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { withStore } from '../open-store.ts';
import { positiveInt } from '../option-values.ts';

/**
 * `cchc prove` and `cchc consistency`: proofs over the log's Merkle tree (RFC 9162), for an
 * inspector who keeps roots outside the system and checks them with nothing but the hashes.
 */
export function registerProofCommands(program: Command): void {
  program
    .command('prove')
    .description(
      'bằng chứng một sự kiện nằm trong cây Merkle của sổ cái (RFC 9162) / an inclusion proof of one event in the log’s Merkle tree (RFC 9162)',
    )
    .argument('<event>', 'mã sự kiện (UUID) hoặc vị trí trong sổ cái / an event id (UUID) or log position')
    .option(
      '--size <n>',
      'kích thước cây (mặc định: đầu sổ cái) / tree size (default: the log head)',
      positiveInt('--size'),
    )
    .option('--json', 'xuất JSON / print JSON')
    .action(async (event: string, opts: { size?: number; json?: boolean }, command: Command) => {
      const proof = await withStore(dataDirOf(command), { readOnly: true }, (store) =>
        proveInclusion(store, event, opts.size),
      );
      console.log(opts.json ? JSON.stringify(proof, null, 2) : describeInclusion(proof));
    });

  program
    .command('consistency')
    .description(
      'bằng chứng cây cỡ A là tiền tố của cây cỡ B: sổ cái chỉ được ghi thêm (RFC 9162) / a proof that the tree of size A is a prefix of the tree of size B: the log was only appended to (RFC 9162)',
    )
    .argument('<sizeA>', 'kích thước cũ (ví dụ của một mốc đã lưu) / the earlier size (e.g. of a kept checkpoint)')
    .argument('[sizeB]', 'kích thước mới (mặc định: đầu sổ cái) / the later size (default: the log head)')
    .option('--json', 'xuất JSON / print JSON')
    .action(async (sizeA: string, sizeB: string | undefined, opts: { json?: boolean }, command: Command) => {
      const from = positiveInt('sizeA')(sizeA);
      const to = sizeB === undefined ? undefined : positiveInt('sizeB')(sizeB);
      const proof = await withStore(dataDirOf(command), { readOnly: true }, (store) =>
        proveConsistency(store, from, to),
      );
      console.log(opts.json ? JSON.stringify(proof, null, 2) : describeConsistency(proof));
    });
}

function describeInclusion(p: InclusionProof): string {
  return [
    `Sự kiện / event ${p.eventId} @${p.globalPosition} (lá / leaf ${p.leafIndex}), băm / hash ${p.entry}`,
    `Cây cỡ / tree size ${p.treeSize}, gốc / root ${p.root}`,
    `Đường kiểm / audit path (${p.proof.length}):`,
    ...p.proof.map((h, i) => `  ${i + 1}. ${h}`),
    `Kiểm tra với gốc đã lưu ở ngoài hệ thống (RFC 9162 §2.1.3.2) — check against a root kept outside the system (RFC 9162 §2.1.3.2)`,
  ].join('\n');
}

function describeConsistency(p: ConsistencyProof): string {
  return [
    `Cỡ / size ${p.fromSize} → ${p.toSize}`,
    `Gốc cũ / earlier root ${p.fromRoot}`,
    `Gốc mới / later root  ${p.toRoot}`,
    `Bằng chứng / proof (${p.proof.length}):`,
    ...p.proof.map((h, i) => `  ${i + 1}. ${h}`),
    `Gốc cũ phải trùng gốc đã lưu (RFC 9162 §2.1.4.2) — the earlier root must equal the one kept (RFC 9162 §2.1.4.2)`,
  ].join('\n');
}
