import { handleUnitCommand, parseOrThrow, unitCommandSchema } from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { printOutcome } from '../format.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('báo cáo định kỳ / periodic reports');
  addActionOptions(
    report
      .command('submit')
      .description('gửi báo cáo định kỳ (Q1, H1 = 6 tháng, Q3, Y = năm) / submit a periodic report')
      .requiredOption('--unit <unitId>', 'đơn vị / unit')
      .requiredOption('--period <period>', 'Q1 | H1 | Q3 | Y')
      .requiredOption('--year <yyyy>', 'năm / year')
      .option('--ref <ref>', 'số báo cáo / report reference'),
  ).action(
    async (o: ActionOptions & { unit: string; period: string; year: string; ref?: string }, command: Command) => {
      const at = instantOption(o.at, '--at');
      const context = contextFrom(o, at);
      const raw = {
        type: 'SubmitPeriodicReport',
        unitId: o.unit,
        period: o.period,
        year: Number(o.year),
        at,
        ...(o.ref ? { reportRef: o.ref } : {}),
      };
      const unitCommand = parseOrThrow(unitCommandSchema, raw, { vi: 'Lệnh', en: 'command' });
      await withStore(dataDirOf(command), { readOnly: false }, async (store) =>
        printOutcome(await handleUnitCommand(store, unitCommand, context)),
      );
    },
  );
}
