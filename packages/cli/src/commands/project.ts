import { readModelHealth } from '@cchc/projections';
import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withEngine, withStore } from '../open-store.ts';
import { progressBar } from '../progress.ts';

/** `cchc project rebuild` and `cchc project status`. */
export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('mô hình đọc trong DuckDB / the DuckDB read models');
  project
    .command('rebuild')
    .description('xóa và tính lại toàn bộ mô hình đọc từ nhật ký / drop and recompute every read model from the log')
    .action(async (_opts: unknown, command: Command) => {
      await withStore(dataDirOf(command), { readOnly: false }, (store) =>
        withEngine(store, async (engine) => {
          const head = await store.headPosition();
          const progress = progressBar('Tính lại / rebuilding');
          const started = performance.now();
          await engine.rebuild(head, (done, total) => progress.update(done, total)).finally(() => progress.stop());
          console.log(
            `✓ Đã tính lại mô hình đọc đến vị trí ${head} trong ${((performance.now() - started) / 1000).toFixed(2)} s — rebuilt the read models up to position ${head}`,
          );
        }),
      );
    });
  project
    .command('status')
    .description('vị trí đã chiếu so với đầu nhật ký / projected position against the log head')
    .action(async (_opts: unknown, command: Command) => {
      await withStore(dataDirOf(command), { readOnly: false }, (store) =>
        withEngine(store, async (engine) => {
          const [health, head] = [await readModelHealth(engine.database), await store.headPosition()];
          console.log(
            `Mô hình đọc / read models: ${health.checkpoint} / ${head} (${head - health.checkpoint} sự kiện chưa chiếu / events behind)`,
          );
          if (health.ok) {
            console.log('✓ Nhất quán với điểm kiểm — consistent with their checkpoint');
            return;
          }
          for (const p of health.problems) console.error(`✗ ${p.vi} — ${p.en}`);
          console.error('  Tính lại / rebuild: cchc project rebuild');
          process.exitCode = EXIT.storeUnavailable;
        }),
      );
    });
}
