import { EvidenceFiles, evidenceDirOf, parseOrThrow, planDefinitionSchema } from '@cchc/core';
import { simulate, simulateIndexDossiers } from '@cchc/simulation';
import type { Command } from 'commander';
import { loadRegistry } from '../bundled-files.ts';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';
import { readJsonFile, userPath } from '../read-input.ts';

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'ghi một năm mô phỏng, tất định theo seed, vào kho trống (nhập bù) / write a simulated, seed-deterministic year into an empty store (as backfill)',
    )
    .requiredOption('--plan <plan.json>', 'kế hoạch (cchc plan import) / the plan')
    .option('--seed <n>', 'hạt giống ngẫu nhiên / random seed', '42')
    .option('--scale <n>', 'số Sở nhân bản (cho đo hiệu năng) / department copies (for benchmarks)', '1')
    .option('--units <units.json>', 'danh mục đơn vị / unit registry (default: the bundled example)')
    .option('--office <unitId>', 'Văn phòng Sở / the office unit')
    .option(
      '--index-dossiers <n>',
      'thêm hồ sơ Chỉ số CCHC của n Sở mô phỏng (so-sim-001…) / also n simulated departments’ CCHC index dossiers',
      '0',
    )
    .action(
      async (
        opts: { plan: string; seed: string; scale: string; units?: string; office?: string; indexDossiers: string },
        command: Command,
      ) => {
        const seed = Number(opts.seed);
        const scale = Number(opts.scale);
        if (!Number.isInteger(seed) || seed < 0)
          throw new CliError(
            `--seed phải là số nguyên ≥ 0: ${opts.seed}`,
            `--seed must be an integer ≥ 0: ${opts.seed}`,
            EXIT.invalidInput,
          );
        if (!Number.isInteger(scale) || scale < 1)
          throw new CliError(
            `--scale phải là số nguyên ≥ 1: ${opts.scale}`,
            `--scale must be an integer ≥ 1: ${opts.scale}`,
            EXIT.invalidInput,
          );
        const dossiers = Number(opts.indexDossiers);
        if (!Number.isInteger(dossiers) || dossiers < 0)
          throw new CliError(
            `--index-dossiers phải là số nguyên ≥ 0: ${opts.indexDossiers}`,
            `--index-dossiers must be an integer ≥ 0: ${opts.indexDossiers}`,
            EXIT.invalidInput,
          );
        const plan = parseOrThrow(planDefinitionSchema, readJsonFile(userPath(opts.plan)), {
          vi: 'plan.json',
          en: 'plan.json',
        });
        const registry = loadRegistry(opts.units);
        await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
          if ((await store.headPosition()) > 0) {
            throw new CliError(
              `Kho sự kiện đã có dữ liệu; mô phỏng chỉ ghi vào thư mục dữ liệu trống (dùng --data khác)`,
              `the event store is not empty; simulate only writes into an empty data directory (use another --data)`,
              EXIT.invalidInput,
            );
          }
          const progress = progressBar('Mô phỏng / simulating');
          const started = performance.now();
          const result = await simulate(store, {
            plan,
            units: registry.units,
            seed,
            scale,
            ...(opts.office ? { officeId: opts.office } : {}),
            onProgress: (done, total) => progress.update(done, total),
          }).finally(() => progress.stop());
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `✓ Đã ghi ${result.events.toLocaleString('vi-VN')} sự kiện cho ${result.departments} Sở (seed ${seed}) trong ${seconds.toFixed(1)} s — ` +
              `appended ${result.events.toLocaleString('en-US')} events for ${result.departments} department(s) in ${seconds.toFixed(1)} s (${Math.round(result.events / seconds).toLocaleString('en-US')}/s)`,
          );
          const f = result.facts;
          if (f.merger)
            console.log(`  Sáp nhập / merger: ${f.merger.unitId} → ${f.merger.intoUnitId} (${f.merger.date})`);
          console.log(
            `  Sáng kiến / initiatives: ${f.initiatives.map((i) => `${i.unitId} (${i.level})`).join(', ')} · phê bình / criticism: ${f.criticised.join(', ')}`,
          );
          if (result.notYetKnown > 0) {
            console.log(
              `  ${result.notYetKnown} bước được văn phòng biết sau hôm nay nên chưa ghi (năm chưa hết) / ${result.notYetKnown} steps known only after today were left out (the year is not over)`,
            );
          }
          if (dossiers > 0) {
            const index = await simulateIndexDossiers(store, { seed, departments: dossiers });
            // The evidence files' bytes, so that cchc verify finds every file the dossiers cite.
            const files = new EvidenceFiles(evidenceDirOf(dataDirOf(command)));
            for (const d of index.dossiers) for (const content of d.evidence.values()) files.put(Buffer.from(content));
            console.log(
              `  Hồ sơ Chỉ số CCHC / index dossiers: ${index.dossiers.length} Sở (${index.dossiers[0]!.departmentId}…), ${index.events.toLocaleString('en-US')} events` +
                (Object.keys(index.refused).length > 0 ? `; refused ${JSON.stringify(index.refused)}` : ''),
            );
          }
          const refused = Object.entries(result.refused);
          if (refused.length > 0) {
            console.log(
              `  Lệnh bị quy tắc từ chối (không ghi) / commands refused by a rule (nothing written): ${refused.map(([r, n]) => `${r} ×${n}`).join(', ')}`,
            );
            for (const message of Object.values(result.refusedExamples)) console.log(`    ví dụ / e.g.: ${message}`);
          }
        });
      },
    );
}
