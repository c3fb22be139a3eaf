import { CchcError, RuleViolationError } from '@cchc/core';
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCheckpointCommand } from './commands/checkpoint.ts';
import { registerIndexCommands } from './commands/department-index.ts';
import { registerEventsCommands } from './commands/events.ts';
import { registerEvidenceCommands } from './commands/evidence.ts';
import { registerEvidencePackCommands } from './commands/evidence-pack.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerIndicatorCommands } from './commands/indicator.ts';
import { registerKafkaCommands } from './commands/kafka.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerPlanCommands } from './commands/plan.ts';
import { registerProjectCommands } from './commands/project.ts';
import { registerProofCommands } from './commands/prove.ts';
import { registerRankCommands } from './commands/rank.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStoreCommands } from './commands/store.ts';
import { registerTaskCommands } from './commands/task.ts';
import { registerUnitCommands } from './commands/unit.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { selectStore } from './data-dir.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

/** The `cchc` program: every command, registered in the order `cchc --help` lists them. */
export function buildProgram(): Command {
  const program = new Command('cchc')
    .description('CCHC Ledger — sổ cái sự kiện cải cách hành chính / event ledger of the administrative-reform plan')
    .addOption(new Option('--data <dir>', 'thư mục dữ liệu / data directory').env('CCHC_DATA').default('./data'))
    .addOption(
      new Option(
        '--store <url>',
        'kho sự kiện: đường dẫn tệp DuckDB, kurrentdb://… (EventStoreDB) hoặc memory: / event store: a DuckDB file path, kurrentdb://… (EventStoreDB) or memory:',
      ).env('CCHC_STORE'),
    )
    .hook('preAction', (_program, action) => selectStore(action.optsWithGlobals<{ store?: string }>().store))
    .showHelpAfterError('(xem / see: cchc --help)')
    .exitOverride();

  registerEventsCommands(program);
  registerVerifyCommand(program);
  registerProofCommands(program);
  registerCheckpointCommand(program);
  registerEvidencePackCommands(program);
  registerStartCommand(program);
  registerPlanCommands(program);
  registerTaskCommands(program);
  registerEvidenceCommands(program);
  registerIndexCommands(program);
  registerReportCommands(program);
  registerUnitCommands(program);
  registerIndicatorCommands(program);
  registerSimulateCommand(program);
  registerProjectCommands(program);
  registerRankCommands(program);
  registerExplainCommand(program);
  registerServeCommand(program);
  registerKeyCommands(program);
  registerExportCommands(program);
  registerBackupCommands(program);
  registerStoreCommands(program);
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
      const hint = hintFor(error);
      if (hint) console.error(hint);
      return exitCodeFor(error);
    }
    console.error(
      `✗ Lỗi không mong đợi — unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT.unexpected;
  }
}

/** What the CLI's own flags are for a refusal the engine phrases for every channel. */
function hintFor(error: CchcError): string | undefined {
  if (!(error instanceof RuleViolationError)) return undefined;
  if (error.rule === 'LATE_ENTRY_UNEXPLAINED') {
    return [
      '  → Lịch sử văn phòng đã biết khi đó / history the office already knew then:',
      '      --backfill "<lý do / why>" --known-at <khi văn phòng biết / when the office knew>',
      '  → Việc văn phòng mới biết hôm nay / news the office learns only now:  --late "<lý do / why>"',
      '  → Báo cáo định kỳ nhận bằng văn bản / a periodic report received on paper:',
      '      --received-on <ngày đến / receipt date> [--incoming-ref <số công văn đến>]',
    ].join('\n');
  }
  return undefined;
}
