import type { Command } from 'commander';
import { dataDirOf } from '../data-dir.ts';
import { eventRows } from '../format.ts';
import { withStore } from '../open-store.ts';
import { positiveInt } from '../option-values.ts';
import { parseJson, readTextInput } from '../read-input.ts';
import { appendEvents } from './events-append.ts';

/** `cchc events append` and `cchc events list`. */
export function registerEventsCommands(program: Command): void {
  const events = program.command('events').description('ghi và xem sự kiện / append and list events');

  events
    .command('append')
    .description(
      'ghi sự kiện từ tệp JSON hoặc stdin (một sự kiện hoặc một mảng; tất cả hoặc không gì) / append events from a JSON file or stdin (one or an array; all or nothing)',
    )
    .argument('[file]', 'tệp JSON, "-" cho stdin / JSON file, "-" for stdin')
    .action(async (file: string | undefined, _opts: unknown, command: Command) => {
      const { text, name } = readTextInput(file);
      const input = parseJson(text, name);
      const result = await withStore(dataDirOf(command), { readOnly: false }, (store) => appendEvents(store, input));
      if (result.written > 0) {
        console.log(
          `✓ Đã ghi ${result.written} sự kiện (vị trí ${result.first}–${result.last}) — appended ${result.written} events (positions ${result.first}–${result.last})`,
        );
      }
      if (result.replayed > 0) {
        console.log(
          `• ${result.replayed} sự kiện đã có sẵn, không ghi lại — ${result.replayed} events were already stored, nothing written for them`,
        );
      }
    });

  events
    .command('list')
    .description('liệt kê sự kiện theo thứ tự toàn cục / list events in global order')
    .option('--stream <streamId>', 'chỉ một luồng / one stream only')
    .option(
      '--from <position>',
      'từ vị trí toàn cục (hoặc phiên bản luồng với --stream) / from global position (or stream revision with --stream)',
      positiveInt('--from'),
    )
    .option('--limit <n>', 'số sự kiện tối đa / most events', positiveInt('--limit'), 100)
    .option('--json', 'xuất JSON / print JSON')
    .action(async (opts: { stream?: string; from?: number; limit: number; json?: boolean }, command: Command) => {
      await withStore(dataDirOf(command), { readOnly: true }, async (store) => {
        const list = opts.stream
          ? await store.readStream(opts.stream, { fromRevision: opts.from ?? 0, maxCount: opts.limit })
          : await store.readAll({ fromPosition: opts.from ?? 1, limit: opts.limit });
        if (opts.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) {
          console.log('Không có sự kiện nào — no events');
          return;
        }
        console.log(eventRows(list));
        const head = await store.headPosition();
        console.log(`\n${list.length} sự kiện / events; đầu nhật ký / log head: ${head}`);
      });
    });
}
