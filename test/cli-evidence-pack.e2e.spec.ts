import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore, type RecordedEvent } from '@cchc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankJson, simulateDemoYear } from './support/demo-year.ts';
import { cli } from './support/run-cli-in-process.ts';

// Issue 16: the offline evidence pack, built from the demo year, checked by `cchc evidence-pack verify`.
const dir = mkdtempSync(join(tmpdir(), 'cchc-evidence-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const UNIT = 'phong-tnn-kttv';
let data: string;
let sha256: string;
let kept: string;
let publicKey: string;

const ok = async (args: string[]) => {
  const r = await cli(args);
  expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
};
const pack = (out: string, ...more: string[]) =>
  ok(['evidence-pack', '--year', '2025', '--out', out, '--data', data, ...more]);
const verify = (path: string, ...more: string[]) => cli(['evidence-pack', 'verify', path, ...more]);
/** A copy of a pack folder, changed by `change`. */
function tampered(from: string, name: string, change: (folder: string) => void): string {
  const to = join(dir, name);
  cpSync(from, to, { recursive: true });
  change(to);
  return to;
}
interface PackEventJson {
  eventId: string;
  streamId: string;
  streamRevision: number;
  globalPosition: number;
  type: string;
  dataJson: string;
}
const eventsOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'events.json'), 'utf8')) as PackEventJson[];
const writeEvents = (folder: string, events: unknown) =>
  writeFileSync(join(folder, 'events.json'), `${JSON.stringify(events, null, 2)}\n`);

beforeAll(async () => {
  data = await simulateDemoYear(dir);
  const scan = join(dir, 'bien-ban-nghiem-thu.pdf');
  writeFileSync(scan, '%PDF-1.4\nbiên bản nghiệm thu\n%%EOF\n');
  sha256 = (await ok(['evidence', 'add', scan, '--unit', UNIT, '--data', data])).stdout.trim();
  await ok([
    'task',
    'progress',
    'II.1',
    '--unit',
    UNIT,
    '--percent',
    '80',
    '--evidence-file',
    sha256,
    '--at',
    '2025-11-20T09:00:00+07:00',
    '--backfill',
    'biên bản giấy nhập bù / a paper record entered late',
    '--data',
    data,
  ]);
  await ok(['rank', 'publish', '--year', '2025', '--data', data]);
  kept = join(dir, 'kept-checkpoint.json');
  await ok(['checkpoint', '--out', kept, '--data', data]);
  publicKey = (await ok(['checkpoint', '--public-key', '--data', data])).stdout.trim();
}, 240_000);

describe('cchc evidence-pack and cchc evidence-pack verify', () => {
  it('a pack of one unit verifies offline: signatures, hashes, proofs, its evidence file, and the score recomputed from its events', async () => {
    const folder = join(dir, 'pack-unit');
    const made = await pack(folder, '--unit', UNIT);
    expect(made.stdout).toMatch(/published \(sự kiện \/ event [0-9a-f-]{36}\)/);
    const good = await verify(folder, '--trusted-key', publicKey, '--against', kept);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).toBe('');
    const published = (await rankJson(data, '--year', '2025')).rows.find((r) => r.unitId === UNIT)!;
    console.log(
      good.stdout
        .split('\n')
        .filter((l) => l.includes('[score]'))
        .join('\n'),
      published,
    );
    for (const expected of [
      '✓ [manifest_signature]',
      '✓ [checkpoint_signature]',
      '✓ [trusted_key]',
      '✓ [completeness]',
      '✓ [explanation]',
      '1 evidence files match the SHA-256 and size their events record',
      `✓ [score] ${UNIT}: `,
      `the score recomputed from the events, ${published.score!.toFixed(2)} (${published.band}), matches the ranking`,
      'the published ranking (event #',
      'earlier checkpoints (RFC 9162), including the 1 you kept',
      '✓ Gói hợp lệ — the pack holds',
    ])
      expect(good.stdout).toContain(expected);
    // The unit merged into it in the demo year comes with it (its stream, its tasks).
    const scope = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).scope;
    expect(scope.members).toEqual(['phong-moi-truong', UNIT]);
    expect(scope.streams).toEqual(expect.arrayContaining(['plan-2025', 'unit-phong-moi-truong', `unit-${UNIT}`]));
    // Only the unit's events: fewer than the whole log, and its evidence file under its hash.
    const events = eventsOf(folder);
    expect(events.length).toBeLessThan(JSON.parse(readFileSync(kept, 'utf8')).treeSize);
    expect(events.some((e) => e.type === 'EvidenceFileAdded')).toBe(true);
    expect(readFileSync(join(folder, 'evidence', sha256), 'utf8')).toContain('biên bản nghiệm thu');

    const zip = join(dir, 'pack-unit.zip');
    await pack(zip, '--unit', UNIT);
    const zipped = await verify(zip);
    expect(zipped.code, zipped.stderr).toBe(0);
    expect(zipped.stdout).toContain('i [trusted_key]');
  });

  it('a pack of the whole log recomputes every unit’s score, band and rank', async () => {
    const folder = join(dir, 'pack-all');
    await pack(folder);
    const r = await verify(folder, '--json');
    expect(r.code, r.stderr).toBe(0);
    const { ok: holds, checks } = JSON.parse(r.stdout) as { ok: boolean; checks: { kind: string; state: string }[] };
    expect(holds).toBe(true);
    const rows = (await rankJson(data, '--year', '2025')).rows.length;
    expect(checks.filter((c) => c.kind === 'score' && c.state === 'pass')).toHaveLength(rows);
    expect(rows).toBeGreaterThan(5);
  });

  it('rejects a tampered pack naming what: a byte of an event, of an evidence file, of the signature; a deleted event', async () => {
    const folder = join(dir, 'pack-to-tamper');
    await pack(folder, '--unit', UNIT);
    const target = eventsOf(folder).find((e) => e.type === 'ProgressReported' && e.dataJson.includes(sha256))!;

    const payload = tampered(folder, 't-payload', (f) =>
      writeEvents(
        f,
        eventsOf(f).map((e) =>
          e.eventId === target.eventId ? { ...e, dataJson: e.dataJson.replace('"percent":80', '"percent":90') } : e,
        ),
      ),
    );
    const p = await verify(payload);
    expect(p.code).toBe(3);
    expect(p.stderr).toContain(`✗ [event_hash] #${target.globalPosition} ProgressReported ${target.eventId}`);
    expect(p.stderr).toContain('✗ [inclusion]');
    expect(p.stderr).toContain('file events.json was changed');

    const file = tampered(folder, 't-file', (f) => {
      const path = join(f, 'evidence', sha256);
      const bytes = readFileSync(path);
      bytes[3] = bytes[3]! ^ 1;
      writeFileSync(path, bytes);
    });
    const e = await verify(file);
    expect(e.code).toBe(3);
    expect(e.stderr).toContain(`✗ [evidence_files] bien-ban-nghiem-thu.pdf (evidence/${sha256})`);
    expect(e.stderr).toContain(`file evidence/${sha256} was changed`);

    const signature = tampered(folder, 't-signature', (f) => {
      const path = join(f, 'checkpoint.json');
      const c = JSON.parse(readFileSync(path, 'utf8'));
      const s = c.signature as string;
      c.signature = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
      writeFileSync(path, `${JSON.stringify(c, null, 2)}\n`);
    });
    const s = await verify(signature);
    expect(s.code).toBe(3);
    expect(s.stderr).toContain('✗ [checkpoint_signature]');
    expect(s.stderr).toContain('the checkpoint signature does not match the checkpoint');

    const extra = await verify(tampered(folder, 't-extra', (f) => writeFileSync(join(f, 'note.txt'), 'thêm / added')));
    expect(extra.code).toBe(3);
    expect(extra.stderr).toContain(
      '✗ [files] note.txt: tệp note.txt không có trong bản kê — file note.txt is not in the manifest',
    );
    const rulebook = await verify(
      tampered(folder, 't-rulebook', (f) => {
        const path = join(f, 'rulebook.json');
        writeFileSync(path, readFileSync(path, 'utf8').replace('"version": 1', '"version": 2'));
      }),
    );
    expect(rulebook.code).toBe(3);
    expect(rulebook.stderr).toContain('rulebook default-2025 v2 is not the one the ranking used (default-2025 v1)');

    // A deleted event, the manifest then re-hashed to match (as whoever lacks the key would): the
    // manifest signature fails, and the stream's gap names the revision.
    const middle = eventsOf(folder).find((x) => x.streamId === target.streamId && x.streamRevision === 2)!;
    const deleted = tampered(folder, 't-deleted', (f) => {
      writeEvents(
        f,
        eventsOf(f).filter((x) => x.eventId !== middle.eventId),
      );
      const manifestPath = join(f, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const bytes = readFileSync(join(f, 'events.json'));
      for (const entry of manifest.files)
        if (entry.path === 'events.json')
          Object.assign(entry, {
            sha256: createHash('sha256').update(bytes).digest('hex'),
            size: bytes.byteLength,
          });
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    });
    const d = await verify(deleted);
    expect(d.code).toBe(3);
    expect(d.stderr).toContain('✗ [manifest_signature]');
    expect(d.stderr).toContain(`stream ${middle.streamId}: the event of revision 2 is missing (deleted from the pack)`);
    expect(d.stderr).not.toContain('file events.json was changed');
    // The last event of a stream leaves no gap: the explanation that cites it and the score name it.
    const last = await verify(
      tampered(folder, 't-deleted-last', (f) =>
        writeEvents(
          f,
          eventsOf(f).filter((x) => x.eventId !== target.eventId),
        ),
      ),
    );
    expect(last.code).toBe(3);
    expect(last.stderr).toContain(`the explanation cites 1 events not in the pack: ${target.eventId}`);
    expect(last.stderr).toMatch(new RegExp(`✗ \\[score\\] ${UNIT}: .*differs from the ranking's`));
  });

  it('a log rewritten and re-chained after position k: its pack fails against the checkpoint taken before', async () => {
    const k = eventsOf(join(dir, 'pack-unit')).find(
      (e) => e.type === 'ProgressReported' && e.streamId === 'task-2025-II.1',
    )!.globalPosition;
    const rewritten = join(dir, 'rewritten');
    mkdirSync(rewritten);
    await rewriteAfter(data, rewritten, k);
    // Whoever rewrote it runs the server: they have the key, and drop the checkpoints kept there.
    copyFileSync(join(data, 'checkpoint-key.pem'), join(rewritten, 'checkpoint-key.pem'));
    const log = await cli(['verify', '--data', rewritten]);
    expect(log.code, log.stderr).toBe(0); // re-chained: the chain alone does not show it

    // Made with the inspector's checkpoint: the pack's consistency proof from it fails.
    const asked = join(dir, 'pack-rewritten-asked');
    await ok([
      'evidence-pack',
      '--year',
      '2025',
      '--unit',
      UNIT,
      '--against',
      kept,
      '--out',
      asked,
      '--data',
      rewritten,
    ]);
    const a = await verify(asked);
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(/✗ \[consistency\] checkpoint \d+ @ .*does not extend the checkpoint of size \d+/);
    // Made without it: the inspector's own checkpoint finds no proof.
    const unasked = join(dir, 'pack-rewritten');
    await ok(['evidence-pack', '--year', '2025', '--unit', UNIT, '--out', unasked, '--data', rewritten]);
    // On its own, its proofs and hashes hold; the publication's logHash (the head it was computed
    // at, an event this pack holds) no longer matches the rewritten event there. (Rewriting the
    // publication too would pass that: the inspector's kept checkpoint is what it cannot pass.)
    const alone = await verify(unasked);
    expect(alone.code).toBe(3);
    expect(alone.stderr).toContain('is not the one the ranking was computed up to');
    expect(alone.stderr).not.toContain('[inclusion]');
    expect(alone.stderr).not.toContain('[event_hash]');
    const u = await verify(unasked, '--against', kept);
    expect(u.code).toBe(3);
    expect(u.stderr).toContain('✗ [consistency]');
    // Its events checked against the checkpoint taken before: the inclusion proofs fail.
    const old = tampered(unasked, 'pack-rewritten-old-checkpoint', (f) =>
      copyFileSync(kept, join(f, 'checkpoint.json')),
    );
    const o = await verify(old);
    expect(o.code).toBe(3);
    expect(o.stderr).toMatch(/✗ \[inclusion\] #\d+ \w+ [0-9a-f-]{36}: .*does not lead to the checkpoint's root/);
  });
});

/** The log of `from` copied into `to` with the event at position k changed: the same hashes before k, re-chained from k. */
async function rewriteAfter(from: string, to: string, k: number): Promise<void> {
  const source = await openLedgerStore({ url: join(from, 'events.duckdb'), readOnly: true });
  const events: RecordedEvent[] = [];
  try {
    for (;;) {
      const page = await source.readAll({ fromPosition: events.length + 1, limit: 5_000 });
      if (page.length === 0) break;
      events.push(...page);
    }
  } finally {
    await source.close();
  }
  let held = new Date();
  const target = await openLedgerStore({ url: join(to, 'events.duckdb'), clock: () => held });
  try {
    for (const e of events) {
      held = new Date(e.recordedAt);
      const data =
        e.globalPosition === k ? { ...(e.data as Record<string, unknown>), percent: 100 } : (e.data as unknown);
      await target.appendToStream(e.streamId, [
        {
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data,
          metadata: e.metadata,
          occurredAt: e.occurredAt,
        },
      ]);
    }
  } finally {
    await target.close();
  }
  // The evidence files come along.
  cpSync(join(from, 'evidence'), join(to, 'evidence'), { recursive: true });
}
