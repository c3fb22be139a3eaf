import { handlePlanCommand, parseOrThrow, planCommandSchema } from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { printOutcome } from '../format.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';
import { planYear } from '../plan-year.ts';

export function registerIndicatorCommands(program: Command): void {
  const indicator = program.command('indicator').description('chỉ tiêu của kế hoạch / the plan’s indicators');
  addActionOptions(
    indicator
      .command('record')
      .description('ghi giá trị đo được của một chỉ tiêu / record a measured value')
      .argument('<indicatorId>', 'mã chỉ tiêu, ví dụ IND-2d-2 / indicator id')
      .requiredOption('--value <n>', 'giá trị (%) / value (%)')
      .option('--unit <unitId>', 'đơn vị đo (nếu có) / measuring unit')
      .option('--period <label>', 'kỳ, ví dụ Q2 / period label')
      .option('--year <yyyy>', 'năm kế hoạch / plan year'),
  ).action(
    async (
      indicatorId: string,
      o: ActionOptions & { value: string; unit?: string; period?: string; year?: string },
      command: Command,
    ) => {
      const at = instantOption(o.at, '--at');
      const context = contextFrom(o, at);
      await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
        const raw = {
          type: 'RecordIndicator',
          year: await planYear(store, o.year),
          indicatorId,
          value: Number(o.value),
          at,
          ...(o.unit ? { unitId: o.unit } : {}),
          ...(o.period ? { period: o.period } : {}),
        };
        printOutcome(
          await handlePlanCommand(store, parseOrThrow(planCommandSchema, raw, { vi: 'Lệnh', en: 'command' }), context),
        );
      });
    },
  );
}
