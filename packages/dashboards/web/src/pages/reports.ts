import type { ReportItem, ReportList, UnitList } from '@cchc/api';
import { getJson } from '../api.ts';
import type { PageContext } from '../context.ts';
import { dataTable, h, localDate } from '../dom.ts';
import { t } from '../i18n.ts';

const PERIODS = ['Q1', 'H1', 'Q3', 'Y'] as const;

interface GridRow {
  readonly unitId: string;
  readonly name: string;
  readonly byPeriod: ReadonlyMap<string, ReportItem>;
}

function cellOf(item: ReportItem | undefined): { text: string; cls: string } {
  if (!item) return { text: t('notDue'), cls: 'not-due' };
  if (item.missing) return { text: `✗ ${t('missing')}`, cls: 'missing' };
  if (item.workingDaysLate > 0)
    return {
      text: `${localDate(item.submittedOn)} · ${t('late')} ${item.workingDaysLate} ${t('workingDays')}`,
      cls: 'late',
    };
  return { text: `${localDate(item.submittedOn)} ✓`, cls: 'on-time' };
}

/** Báo cáo định kỳ: which unit sent which report when, late or missing, as a grid. */
export async function reportsPage(ctx: PageContext): Promise<Node> {
  const [reports, units] = await Promise.all([
    getJson<ReportList>('/v1/reports', { asOf: ctx.asOf, planId: ctx.plan.planId }),
    getJson<UnitList>('/v1/units'),
  ]);
  const names = new Map(units.items.map((u) => [u.unitId, u.name]));
  const rows = new Map<string, Map<string, ReportItem>>();
  for (const item of reports.items) {
    const byPeriod = rows.get(item.unitId) ?? new Map<string, ReportItem>();
    byPeriod.set(item.period, item);
    rows.set(item.unitId, byPeriod);
  }
  const grid: GridRow[] = [...rows].map(([unitId, byPeriod]) => ({
    unitId,
    name: names.get(unitId) ?? unitId,
    byPeriod,
  }));
  const dueOf = (p: string) => reports.items.find((r) => r.period === p)?.due;
  return h(
    'div',
    { class: 'page', id: 'reports-page' },
    h('h1', {}, t('reports')),
    h(
      'p',
      { class: 'legend' },
      `${t('legend')}: `,
      h('span', { class: 'cell on-time' }, t('onTime')),
      ' ',
      h('span', { class: 'cell late' }, t('late')),
      ' ',
      h('span', { class: 'cell missing' }, t('missing')),
      ' ',
      h('span', { class: 'cell not-due' }, t('notDue')),
    ),
    dataTable({
      id: 'reports-grid',
      caption: `${t('reportsGrid')} — ${localDate(ctx.asOfDate)}`,
      rows: grid,
      rowAttrs: (r) => ({ 'data-unit': r.unitId }),
      columns: [
        { header: t('unit'), cell: (r) => r.name },
        ...PERIODS.map((p) => ({
          header: `${p}${dueOf(p) ? ` (${t('due')} ${localDate(dueOf(p))})` : ''}`,
          cell: (r: GridRow) => {
            const c = cellOf(r.byPeriod.get(p));
            return h('span', { class: `cell ${c.cls}`, 'data-period': p }, c.text);
          },
        })),
      ],
    }),
  );
}
