import type { Checkpoint } from '@cchc/core';
import type { z } from 'zod';
import type { Rulebook } from '../rulebook/rulebook.ts';
import type { Manifest, PackEvent } from './pack-format.ts';

/** The checks an evidence pack's verification reports, and how they are collected. */

export type PackFiles = ReadonlyMap<string, Uint8Array<ArrayBuffer>>;

export type CheckKind =
  | 'files'
  | 'manifest_signature'
  | 'checkpoint_signature'
  | 'trusted_key'
  | 'event_hash'
  | 'inclusion'
  | 'consistency'
  | 'completeness'
  | 'evidence_files'
  | 'ranking'
  | 'rulebook'
  | 'explanation'
  | 'score';

export interface PackCheck {
  readonly kind: CheckKind;
  /** What it is about: a file, an event (position and id), a unit, the signature. */
  readonly subject: string;
  /** `note`: nothing failed, but the inspector should know (e.g. the ranking is not published). */
  readonly state: 'pass' | 'fail' | 'note';
  readonly vi: string;
  readonly en: string;
}

export interface PackVerification {
  readonly ok: boolean;
  readonly checks: readonly PackCheck[];
  readonly manifest?: Manifest;
}

export interface VerifyPackOptions {
  /** The public key the inspectorate was given (SPKI DER, base64): the checkpoint must be signed with it. */
  readonly trustedKey?: string;
  /** Checkpoints the inspector kept: the pack must prove its log extends each. */
  readonly keptCheckpoints?: readonly Checkpoint[];
  /** Reads the pack's rulebook.json (Node: parseRulebook, which validates it fully). */
  readonly readRulebook: (json: unknown) => Rulebook;
}

export const decoder = new TextDecoder('utf-8', { fatal: true });
export const CHECKS_ORDER: readonly CheckKind[] = [
  'files',
  'manifest_signature',
  'checkpoint_signature',
  'trusted_key',
  'event_hash',
  'inclusion',
  'consistency',
  'completeness',
  'evidence_files',
  'ranking',
  'rulebook',
  'explanation',
  'score',
];

export class Checks {
  readonly list: PackCheck[] = [];
  pass(kind: CheckKind, subject: string, vi: string, en: string) {
    this.list.push({ kind, subject, state: 'pass', vi, en });
  }
  fail(kind: CheckKind, subject: string, vi: string, en: string) {
    this.list.push({ kind, subject, state: 'fail', vi, en });
  }
  note(kind: CheckKind, subject: string, vi: string, en: string) {
    this.list.push({ kind, subject, state: 'note', vi, en });
  }
  failed(kind: CheckKind): boolean {
    return this.list.some((c) => c.kind === kind && c.state === 'fail');
  }
  sorted(): PackCheck[] {
    return [...this.list].sort((a, b) => CHECKS_ORDER.indexOf(a.kind) - CHECKS_ORDER.indexOf(b.kind));
  }
}

/** A pack file as JSON through its schema; a failed check naming the file when it is missing or malformed. */
export function readJson<S extends z.ZodType>(
  files: PackFiles,
  path: string,
  schema: S,
  checks: Checks,
): z.infer<S> | undefined {
  const bytes = files.get(path);
  if (!bytes) {
    checks.fail('files', path, `thiếu tệp ${path}`, `file ${path} is missing`);
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(decoder.decode(bytes)));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : '';
    checks.fail('files', path, `tệp ${path} sai định dạng (${where})`, `file ${path} is malformed (${where})`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    checks.fail(
      'files',
      path,
      `tệp ${path} không phải JSON hợp lệ (${why})`,
      `file ${path} is not valid JSON (${why})`,
    );
  }
  return undefined;
}

export const eventName = (e: Pick<PackEvent, 'globalPosition' | 'eventId' | 'type'>) =>
  `#${e.globalPosition} ${e.type} ${e.eventId}`;
