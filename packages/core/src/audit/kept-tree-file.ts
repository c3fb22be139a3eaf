import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MerkleTree } from './merkle-tree.ts';

/** Where a data directory keeps its log's Merkle tree between processes. */
export function keptTreeFileOf(dataDir: string): string {
  return join(dataDir, 'audit', 'merkle-tree.bin');
}

/** The tree kept in `file`, or undefined when there is none or it is damaged (then it is rebuilt). */
export function loadKeptTree(file: string): MerkleTree | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    return MerkleTree.fromBytes(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Writes the tree to `file` whole (a temporary file renamed over it, so a reader never sees half a
 * tree). A cache: a full or read-only disk is not an error, the next process rebuilds. Returns
 * whether it was written.
 */
export function saveKeptTree(file: string, tree: MerkleTree): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, tree.toBytes());
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // the temporary file stays; the next write replaces it
    }
    return false;
  }
}
