import type { RankingAnswer } from '@cchc/api';
import { getBlob, getJson } from '../api.ts';
import { barChart } from '../chart.ts';
import { afterMount, hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localTime, num, pct, save } from '../dom.ts';
import { bandLabel, lang, t } from '../i18n.ts';

const BANDS: readonly (string | null)[] = ['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu', null];
const _BAND_COLORS = ['#1b5e20', '#43a047', '#fbc02d', '#fb8c00', '#c62828', '#9e9e9e'];

function publishedMarker(ranking: RankingAnswer): HTMLElement {
  const last = ranking.published.at(-1);
  if (!last)
    return h('p', { class: 'badge provisional', id: 'published-marker', 'data-published': 'false' }, t('notPublished'));
  return h(
    'p',
    { class: `badge ${last.sameResult ? 'published' : 'warning'}`, id: 'published-marker', 'data-published': 'true' },
    `✔ ${t('published')} ${localTime(last.recordedAt)} (${t('eventId')} ${last.eventId}) — ${last.sameResult ? t('publishedSame') : t('publishedDiffers')}`,
  );
}

/** What the reader is told beside the ranking (provisional, clamped, ties, publication, findings), in the page's language. */
function rankingNotes(ranking: RankingAnswer): HTMLElement {
  return h(
    'ul',
    { class: 'notes', id: 'ranking-notes', 'aria-label': t('notes') },
    ...ranking.notes.map((n) => h('li', {}, n[lang()])),
  );
}

/** Xếp hạng: the ranking as of the chosen day, its band chart, what makes it reproducible, the exports. */
export async function rankingPage(ctx: PageContext): Promise<Node> {
  const ranking = await getJson<RankingAnswer>(`/v1/rankings/${ctx.plan.year}`, {
    asOf: ctx.asOf,
    planId: ctx.plan.planId,
  });
  const chart = h('div', { class: 'chart small', id: 'band-chart', role: 'img', 'aria-label': t('byBand') });
  const xlsx = h('button', { type: 'button', id: 'download-xlsx' }, t('downloadXlsx'));
  xlsx.addEventListener('click', () => {
    void getBlob('/v1/exports/ranking.xlsx', { year: ctx.plan.year, asOf: ctx.asOf, planId: ctx.plan.planId }).then(
      (blob) => save(`xep-hang-${ranking.planId}-${ctx.asOfDate}.xlsx`, blob),
    );
  });
  const counts = BANDS.map((b) => ranking.rows.filter((r) => r.band === b).length);
  afterMount(() =>
    barChart(chart, {
      categories: BANDS.map(bandLabel),
      series: [{ name: t('byBand'), data: counts }],
      horizontal: false,
    }),
  );
  return h(
    'div',
    { class: 'page', id: 'ranking-page' },
    h('h1', {}, `${t('ranking')} ${ranking.year}`),
    h(
      'dl',
      { class: 'facts', id: 'ranking-facts' },
      h('dt', {}, t('asOf')),
      h(
        'dd',
        { id: 'ranking-as-of', 'data-as-of': ranking.asOf, 'data-provisional': String(ranking.provisional) },
        localTime(ranking.asOf),
        ranking.provisional ? h('span', { class: 'badge provisional', id: 'provisional-badge' }, t('provisional')) : '',
      ),
      h('dt', {}, t('cutoff')),
      h('dd', { id: 'ranking-cutoff' }, localTime(ranking.cutoff)),
      h('dt', {}, t('rulebook')),
      h('dd', { id: 'ranking-rulebook' }, `${ranking.rulebook.id} v${ranking.rulebook.version}`),
      h('dt', {}, t('position')),
      h('dd', { id: 'ranking-position' }, String(ranking.position)),
      h('dt', {}, t('inputsHash')),
      h('dd', { id: 'ranking-hash', class: 'mono' }, ranking.inputsHash),
    ),
    publishedMarker(ranking),
    rankingNotes(ranking),
    h('div', { class: 'actions' }, xlsx),
    h('h2', {}, t('byBand')),
    chart,
    dataTable({
      id: 'ranking',
      caption: `${t('ranking')} — ${localTime(ranking.asOf)}`,
      rows: ranking.rows,
      rowAttrs: (r) => ({ 'data-unit': r.unitId, 'data-score': r.score ?? '' }),
      columns: [
        { header: t('rank'), cell: (r) => (r.rank === null ? '—' : String(r.rank)), numeric: true },
        {
          header: t('unit'),
          cell: (r) =>
            h('a', { href: hashOf(`explain/${encodeURIComponent(r.unitId)}`), class: 'unit-link' }, r.unitName),
          csv: (r) => r.unitName,
        },
        { header: t('score'), cell: (r) => num(r.score), csv: (r) => r.score, numeric: true },
        { header: t('band'), cell: (r) => bandLabel(r.band), csv: (r) => r.band },
        { header: t('tasksComponent'), cell: (r) => pct(r.tasksValue), csv: (r) => r.tasksValue, numeric: true },
        { header: t('reportsComponent'), cell: (r) => pct(r.reportsValue), csv: (r) => r.reportsValue, numeric: true },
        { header: t('bonus'), cell: (r) => (r.bonus ? `+${num(r.bonus, 0)}` : ''), csv: (r) => r.bonus, numeric: true },
        {
          header: t('deductions'),
          cell: (r) =>
            r.criticismDeduction + r.missingDeduction ? `−${num(r.criticismDeduction + r.missingDeduction, 0)}` : '',
          csv: (r) => r.criticismDeduction + r.missingDeduction,
          numeric: true,
        },
        {
          header: t('overdue'),
          cell: (r) => (r.overdueAssignments ? String(r.overdueAssignments) : ''),
          csv: (r) => r.overdueAssignments,
          numeric: true,
        },
      ],
    }),
  );
}
