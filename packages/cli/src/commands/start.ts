import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeyStore, keyFileOf } from '@cchc/api';
import { embeddedDatabase, parsePlanDocument } from '@cchc/core';
import { findingNotes, rankingsInContext } from '@cchc/projections';
import { simulate } from '@cchc/simulation';
import type { Command } from 'commander';
import { loadRegistry, SEED_PLAN } from '../bundled-files.ts';
import { dataDirOf, storeTarget } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { catchUpToHead, withEngine, withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';
import { readTextInput } from '../read-input.ts';
import { printNote, printRanking } from './rank.ts';
import { addServeOptions, type ServeOptions, serveUntilSignal } from './serve.ts';
import { describeVerification, verifyStore } from './verify.ts';

/**
 * The main job on the embedded store: the bundled 2025 plan imported, the demo year simulated
 * when the data directory is empty (seed 42), the log summarised and its hash chain verified,
 * the read models brought up to date and the 15/12 ranking printed; then the API is served on
 * http://127.0.0.1:3000 until Ctrl+C (`--no-serve` stops after the ranking). On the first run it
 * issues an admin and an analyst key and prints them once.
 */
export function registerStartCommand(program: Command): void {
  const start = program
    .command('start')
    .description(
      'việc chính: kế hoạch mẫu 2025, năm demo nếu kho trống, kiểm tra chuỗi băm, xếp hạng 15/12 / main job: seed plan, demo year if empty, chain check, the 15/12 ranking',
    )
    .option('--seed <n>', 'hạt giống của năm demo / seed of the demo year', '42')
    .option('--no-serve', 'không phục vụ API sau khi in xếp hạng / do not serve the API after the ranking');
  addServeOptions(start).action(async (opts: { seed: string; serve: boolean } & ServeOptions, command: Command) => {
    const dataDir = dataDirOf(command);
    const registry = loadRegistry(undefined, () => undefined);
    const { text, name } = readTextInput(SEED_PLAN);
    const { plan, summary } = parsePlanDocument(text, registry, { sourceName: name });
    mkdirSync(dataDir, { recursive: true });
    const planFile = join(dataDir, `plan-${plan.year}.json`);
    writeFileSync(planFile, `${JSON.stringify(plan, null, 2)}\n`);
    console.log(`Kho sự kiện / event store: ${storeTarget(dataDir).url}`);
    console.log(
      `Kế hoạch / plan: ${plan.title} — ${summary.tasks} nhiệm vụ/tasks, ${summary.warnings} cảnh báo/warnings → ${planFile}`,
    );

    await withStore(dataDir, { readOnly: false }, async (store) => {
      if ((await store.headPosition()) === 0) {
        const progress = progressBar('Mô phỏng năm demo / simulating the demo year');
        const result = await simulate(store, { plan, units: registry.units, seed: Number(opts.seed) }).finally(() =>
          progress.stop(),
        );
        console.log(
          `✓ Năm demo (seed ${opts.seed}): ${result.events} sự kiện qua các bộ quyết định — demo year: ${result.events} events through the deciders`,
        );
      } else {
        console.log('• Kho đã có dữ liệu, giữ nguyên — the store already holds data; kept as it is');
      }
      const counts = await embeddedDatabase(store).rows<{ type: string; n: number }>(
        `SELECT type, count(*)::INTEGER AS n FROM events GROUP BY type ORDER BY n DESC, type`,
      );
      console.log(
        `\n${table(
          ['Loại sự kiện/Event type', 'Số lượng/Count'],
          counts.map((c) => [c.type, String(c.n)]),
        )}`,
      );
      const verification = await verifyStore(store);
      console.log(`\n${describeVerification(verification)}\n`);
      if (!verification.ok) process.exitCode = EXIT.chainBroken;

      await withEngine(store, async (engine) => {
        await catchUpToHead(engine, store, 'Mô hình đọc / read models');
        const { rankings, diagnosis } = await rankingsInContext(engine.database, {
          planId: plan.planId,
          now: new Date(),
        });
        const [ranking] = rankings;
        if (ranking) printRanking(ranking);
        else for (const note of diagnosis ? findingNotes(diagnosis) : []) printNote(note, '!');
        console.log(
          '\nGiải trình một đơn vị / explain a unit: pnpm cchc explain <unitId>   ·   công bố / publish: pnpm cchc rank publish',
        );
      });
    });
    // Printed with --no-serve too: a user who never serves here still gets keys for a later `cchc serve`.
    await printFirstKeys(dataDir, opts.port);
    if (!opts.serve) return;
    await serveUntilSignal(dataDir, opts);
  });
}

/** The first run issues an admin and an analyst key, shown once (later: `cchc keys create`). */
async function printFirstKeys(dataDir: string, port: number): Promise<void> {
  const keys = new ApiKeyStore(keyFileOf(dataDir));
  if (keys.list().length > 0) {
    console.log(
      `\nKhóa API đã có trong / API keys are in ${keyFileOf(dataDir)} (thêm / more: pnpm cchc keys create --role analyst)`,
    );
    return;
  }
  const admin = (await keys.create({ role: 'admin', label: 'start' })).key;
  const analyst = (await keys.create({ role: 'analyst', label: 'start' })).key;
  console.log('\nKhóa API đầu tiên — first API keys (chỉ hiện lần này; lưu lại / shown this once; keep them):');
  console.log(`  admin   ${admin}`);
  console.log(`  analyst ${analyst}`);
  console.log(`  Ví dụ / e.g.: curl -H "Authorization: Bearer ${analyst}" http://127.0.0.1:${port}/v1/rankings/2025`);
}
