import {
  type DomainEventData,
  type EventStore,
  handleUnitCommand,
  localDateOf,
  localDaysBetween,
  parseOrThrow,
  planStreamId,
  type UnitCommand,
  unitCommandSchema,
} from '@cchc/core';
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
      .option('--ref <ref>', 'số báo cáo / report reference')
      .option(
        '--received-on <date>',
        'ngày văn phòng nhận (sổ công văn đến), tính đúng/trễ hạn theo ngày này / the date the office received it (incoming register): timeliness is scored on it',
      )
      .option('--incoming-ref <ref>', 'số công văn đến / incoming register number'),
  ).action(
    async (
      o: ActionOptions & {
        unit: string;
        period: string;
        year: string;
        ref?: string;
        receivedOn?: string;
        incomingRef?: string;
      },
      command: Command,
    ) => {
      const at = instantOption(o.at, '--at');
      const context = contextFrom(o, at);
      const raw = {
        type: 'SubmitPeriodicReport',
        unitId: o.unit,
        period: o.period,
        year: Number(o.year),
        at,
        ...(o.ref ? { reportRef: o.ref } : {}),
        ...(o.receivedOn ? { receivedOn: o.receivedOn } : {}),
        ...(o.incomingRef ? { incomingRef: o.incomingRef } : {}),
      };
      const unitCommand = parseOrThrow(unitCommandSchema, raw, { vi: 'Lệnh', en: 'command' });
      await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
        const outcome = await handleUnitCommand(store, unitCommand, context);
        printOutcome(outcome);
        if (unitCommand.type === 'SubmitPeriodicReport' && !outcome.alreadyHandled) {
          console.log(await reportTimeliness(store, unitCommand, context.backfill?.knownAt));
        }
      });
    },
  );
}

/**
 * Says at entry what the report will be scored on (R-REPORT-RECEIPT): the receipt date when the
 * office gave one, else the day the office knew it (a backfill's claim, else today).
 */
async function reportTimeliness(
  store: EventStore,
  report: Extract<UnitCommand, { type: 'SubmitPeriodicReport' }>,
  knownAt: string | undefined,
): Promise<string> {
  const dated = report.receivedOn ?? localDateOf(knownAt ?? new Date());
  const kind = report.receivedOn
    ? { vi: 'ngày nhận', en: 'received on' }
    : knownAt
      ? { vi: 'ngày văn phòng biết (nhập bù)', en: 'known to the office on (backfill)' }
      : { vi: 'ngày ghi nhận (hôm nay)', en: 'recorded on (today)' };
  const plan = (await store.readStream(planStreamId(report.year))).find((e) => e.type === 'PlanIssued');
  const schedule = (plan?.data as DomainEventData<'PlanIssued'> | undefined)?.reportSchedule ?? [];
  const due = schedule.find((r) => r.period === report.period)?.due;
  if (!due) {
    return `  i Báo cáo ${report.period}/${report.year}: ${kind.vi} ${dated}; kế hoạch không có hạn cho kỳ này — ${kind.en} ${dated}; the plan sets no due date for this period`;
  }
  const late = localDaysBetween(`${due}T12:00:00+07:00`, `${dated}T12:00:00+07:00`);
  const verdict =
    late <= 0
      ? { vi: 'đúng hạn', en: 'on time' }
      : {
          vi: `trễ ${late} ngày lịch (xếp hạng tính ngày làm việc)`,
          en: `${late} calendar days late (the ranking counts working days)`,
        };
  return `  i Báo cáo ${report.period}/${report.year}: ${kind.vi} ${dated}, hạn ${due} — ${verdict.vi} / ${kind.en} ${dated}, due ${due}: ${verdict.en}`;
}
