import { CchcError } from '@cchc/core';
import { Command, CommanderError, Option } from 'commander';
import { dataDirOf } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { appendEvents } from './commands/events-append.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerIndicatorCommands } from './commands/indicator.ts';
import { registerKafkaCommands } from './commands/kafka.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerPlanCommands } from './commands/plan.ts';
import { registerRankCommands } from './commands/rank.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerTaskCommands } from './commands/task.ts';
import { registerUnitCommands } from './commands/unit.ts';
import { describeVerification, verifyStore } from './commands/verify.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { eventRows } from './format.ts';
import { withStore } from './open-store.ts';
import { parseJson, readTextInput } from './read-input.ts';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      throw new CliError(
        `${name} phải là số nguyên không âm: ${value}`,
        `${name} must be a non-negative integer: ${value}`,
        EXIT.invalidInput,
      );
    }
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command('cchc')
    .description('CCHC Ledger — sổ cái sự kiện cải cách hành chính / event ledger of the administrative-reform plan')
    .addOption(new Option('--data <dir>', 'thư mục dữ liệu / data directory').env('CCHC_DATA').default('./data'))
    .showHelpAfterError('(xem / see: cchc --help)')
    .exitOverride();

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

  program
    .command('verify')
    .description(
      'tính lại chuỗi băm; mã thoát khác 0 và nêu vị trí đầu tiên bị sai / recompute the hash chain; non-zero exit naming the first failing position',
    )
    .action(async (_opts: unknown, command: Command) => {
      const verification = await withStore(dataDirOf(command), { readOnly: true }, verifyStore);
      const text = describeVerification(verification);
      if (verification.ok) console.log(text);
      else {
        console.error(text);
        process.exitCode = EXIT.chainBroken;
      }
    });

  registerStartCommand(program);
  registerPlanCommands(program);
  registerTaskCommands(program);
  registerReportCommands(program);
  registerUnitCommands(program);
  registerIndicatorCommands(program);
  registerSimulateCommand(program);
  registerRankCommands(program);
  registerServeCommand(program);
  registerKeyCommands(program);
  registerExportCommands(program);
  registerKafkaCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.help')
        return EXIT.ok;
      return EXIT.invalidInput;
    }
    if (error instanceof CliError) {
      console.error(`✗ ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof CchcError) {
      console.error(`✗ ${error.message}`);
      return exitCodeFor(error);
    }
    console.error(
      `✗ Lỗi không mong đợi — unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT.unexpected;
  }
}
