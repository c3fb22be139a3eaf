import { z } from 'zod';

/**
 * Signed checkpoints (issue 16): the log's Merkle tree size and root at an instant, signed with
 * Ed25519 (node:crypto), as small JSON files an inspector keeps outside the system, in the spirit
 * of Certificate Transparency's signed tree heads. The signed text is line-based and says what it
 * is, so it cannot be mistaken for another signed thing.
 */
export const checkpointSchema = z.strictObject({
  format: z.literal('cchc-checkpoint/1'),
  treeSize: z.number().int().min(1),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  /** When it was taken, by the machine's clock (UTC). */
  takenAt: z.iso.datetime(),
  /** The Ed25519 public key that signed it, SPKI DER in base64: compare it with the one you were given. */
  publicKey: z.string().min(1),
  signature: z.string().min(1),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const checkpointSignedText = (c: Pick<Checkpoint, 'treeSize' | 'root' | 'takenAt'>) =>
  `cchc-ledger checkpoint v1\ntree_size ${c.treeSize}\nroot ${c.root}\ntaken_at ${c.takenAt}\n`;
