import type { AreaProgress, IndicatorList, Progress, ReportList } from '@cchc/api';
import { endOfLocalDay } from '@cchc/core/time';
import { getJson } from '../api.ts';
import { barChart } from '../chart.ts';
import { afterMount, type PageContext } from '../context.ts';
import { dataTable, h, localDate, num } from '../dom.ts';
import { type TextKey, t } from '../i18n.ts';

const STATUS_SERIES: readonly { key: keyof AreaProgress; label: TextKey; color: string }[] = [
  { key: 'doneOnTime', label: 'doneOnTime', color: '#2e7d32' },
  { key: 'doneLate', label: 'doneLate', color: '#f9a825' },
  { key: 'overdue', label: 'overdue', color: '#c62828' },
  { key: 'awaitingConfirmation', label: 'awaiting', color: '#6a1b9a' },
  { key: 'inProgress', label: 'inProgress', color: '#1565c0' },
  { key: 'notTriggered', label: 'notTriggered', color: '#9e9e9e' },
];

function card(label: string, value: string | number, id: string): HTMLElement {
  return h(
    'div',
    { class: 'card', id },
    h('span', { class: 'card-value' }, value),
    h('span', { class: 'card-label' }, label),
  );
}

/** Tổng quan: progress by area, indicators against targets, overdue and missing counts, next dues. */
export async function overviewPage(ctx: PageContext): Promise<Node> {
  const [progress, indicators, reports, yearReports] = await Promise.all([
    getJson<Progress>('/v1/progress', { asOf: ctx.asOf, planId: ctx.plan.planId }),
    getJson<IndicatorList>('/v1/indicators', { asOf: ctx.asOf, planId: ctx.plan.planId }),
    getJson<ReportList>('/v1/reports', { asOf: ctx.asOf, planId: ctx.plan.planId }),
    // Every report of the year (as known at its end) tells which ones are still to come.
    getJson<ReportList>('/v1/reports', {
      asOf: endOfLocalDay(`${ctx.plan.year}-12-31`),
      planId: ctx.plan.planId,
    }),
  ]);
  const overdue = progress.items.reduce((n, a) => n + a.overdue, 0);
  const missing = reports.items.filter((r) => r.missing).length;
  const upcoming = [
    ...new Map(yearReports.items.filter((r) => r.due > ctx.asOfDate).map((r) => [`${r.period}|${r.due}`, r])).values(),
  ].sort((a, b) => a.due.localeCompare(b.due));

  const chart = h('div', { class: 'chart', id: 'progress-chart', role: 'img', 'aria-label': t('progressByArea') });
  const page = h(
    'div',
    { class: 'page', id: 'overview-page' },
    h('h1', {}, `${t('overview')} — ${localDate(ctx.asOfDate)}`),
    h(
      'div',
      { class: 'cards' },
      card(
        t('assignments'),
        progress.items.reduce((n, a) => n + a.assignments, 0),
        'count-assignments',
      ),
      card(t('overdueCount'), overdue, 'count-overdue'),
      card(t('missingReports'), missing, 'count-missing'),
      card(t('nextDue'), upcoming[0] ? `${upcoming[0].period} · ${localDate(upcoming[0].due)}` : '—', 'next-due'),
    ),
    h('h2', {}, t('progressByArea')),
    chart,
    dataTable({
      id: 'progress',
      caption: t('progressByArea'),
      rows: progress.items,
      columns: [
        { header: t('area'), cell: (a) => a.area },
        { header: t('assignments'), cell: (a) => String(a.assignments), numeric: true },
        ...STATUS_SERIES.map((s) => ({
          header: t(s.label),
          cell: (a: AreaProgress) => String(a[s.key]),
          numeric: true,
        })),
        { header: t('cancelled'), cell: (a) => String(a.cancelled), numeric: true },
        { header: t('meanScore'), cell: (a) => num(a.meanScore, 3), csv: (a) => a.meanScore, numeric: true },
      ],
    }),
    h('h2', {}, t('indicators')),
    dataTable({
      id: 'indicators',
      caption: t('indicators'),
      rows: indicators.items,
      columns: [
        {
          header: t('indicator'),
          cell: (i) =>
            h(
              'span',
              { title: i.text },
              `${i.indicatorId} — ${i.text.length > 110 ? `${i.text.slice(0, 110)}…` : i.text}`,
            ),
          csv: (i) => `${i.indicatorId} — ${i.text}`,
        },
        { header: t('target'), cell: (i) => `${i.comparator} ${i.target}${i.unit ?? ''}` },
        {
          header: t('latest'),
          cell: (i) => (i.value === null ? '—' : `${i.value}${i.unit ?? ''}${i.period ? ` (${i.period})` : ''}`),
          numeric: true,
        },
        { header: t('measuredOn'), cell: (i) => (i.measuredLocal ? localDate(i.measuredLocal) : '—') },
        {
          header: t('met'),
          cell: (i) =>
            h(
              'span',
              { class: i.met ? 'ok' : i.met === false ? 'bad' : '' },
              i.met === null ? '—' : i.met ? `✓ ${t('yes')}` : `✗ ${t('no')}`,
            ),
        },
      ],
    }),
    h('h2', {}, t('nextDue')),
    upcoming.length === 0
      ? h('p', {}, t('noneDue'))
      : h('ul', { id: 'upcoming' }, ...upcoming.map((r) => h('li', {}, `${r.period}: ${localDate(r.due)}`))),
    h('p', { class: 'meta' }, `${t('position')}: ${progress.position}`),
  );
  afterMount(() =>
    barChart(chart, {
      categories: progress.items.map((a) => `${t('area')} ${a.area}`),
      series: STATUS_SERIES.map((s) => ({
        name: t(s.label),
        data: progress.items.map((a) => Number(a[s.key])),
        color: s.color,
      })),
      stacked: true,
    }),
  );
  return page;
}
