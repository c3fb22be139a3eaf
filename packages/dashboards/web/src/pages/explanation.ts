import type { AssignmentExplanation, Explanation } from '@cchc/api';
import { getJson } from '../api.ts';
import { hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localDate, localTime, num, pct, shortId } from '../dom.ts';
import { bandLabel, statusLabel, t } from '../i18n.ts';

/** A figure of the composition, with its exact value for checking (`data-value`). */
const figure = (part: string, value: number | null, text: string) =>
  h('td', { class: 'num', 'data-part': part, 'data-value': value ?? '' }, text);

function eventLinks(a: AssignmentExplanation): HTMLElement {
  const kinds: [string, readonly string[]][] = [
    ['defined', [a.events.defined]],
    ['held', a.events.heldBy],
    ['deadline', a.events.deadlines],
    ['cancelled', a.events.cancelled],
    ['completed', a.events.completed ? [a.events.completed] : []],
    ['returned', a.events.returned],
    ['excused', a.events.excused],
    ['progress', a.events.progress],
  ];
  const seen = new Set<string>();
  const links = kinds.flatMap(([kind, ids]) =>
    ids
      .filter((id) => !seen.has(id) && seen.add(id))
      .map((id) =>
        h(
          'a',
          {
            href: hashOf(`task/${encodeURIComponent(a.taskId)}`, { event: id }),
            class: 'event-link mono',
            title: `${kind} ${id}`,
          },
          `${kind}:${shortId(id)}`,
        ),
      ),
  );
  return h('span', { class: 'event-links' }, ...links.flatMap((l, i) => (i === 0 ? [l] : [' ', l])));
}

/** Giải trình: every number behind one unit's score, each linked to the events behind it. */
export async function explanationPage(ctx: PageContext): Promise<Node> {
  const unitId = ctx.params[0];
  if (!unitId)
    return h(
      'div',
      { class: 'page' },
      h('h1', {}, t('explanation')),
      h('p', {}, t('chooseUnit'), ' ', h('a', { href: hashOf('ranking') }, t('ranking'))),
    );
  const x = await getJson<Explanation>(`/v1/units/${encodeURIComponent(unitId)}/explanation`, {
    year: ctx.plan.year,
    asOf: ctx.asOf,
    planId: ctx.plan.planId,
  });
  const u = x.unit;
  const computed = x.base === null ? null : Math.max(0, x.base + u.bonus - u.criticismDeduction - u.missingDeduction);
  const adds = computed !== null && u.score !== null && Math.abs(computed - u.score) < 1e-9;
  const areaWeights = x.areas.reduce((n, a) => n + a.weight, 0);
  const tasksFromAreas = areaWeights === 0 ? null : x.areas.reduce((n, a) => n + a.weight * a.value, 0) / areaWeights;
  const reportsMean = x.reports.length === 0 ? null : x.reports.reduce((n, r) => n + r.value, 0) / x.reports.length;

  return h(
    'div',
    { class: 'page', id: 'explanation-page', 'data-unit': u.unitId },
    h('h1', {}, `${t('explanation')}: ${u.unitName}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('score')),
      h(
        'dd',
        { id: 'explained-score', 'data-value': u.score ?? '' },
        `${num(u.score)} — ${bandLabel(u.band)}${u.rank !== null ? ` — ${t('rank')} ${u.rank}` : ''}`,
      ),
      h('dt', {}, t('asOf')),
      h('dd', {}, localTime(x.asOf)),
      h('dt', {}, t('rulebook')),
      h('dd', {}, `${x.rulebook.id} v${x.rulebook.version} · ${t('position')} ${x.position}`),
      h('dt', {}, t('inputsHash')),
      h('dd', { class: 'mono' }, x.inputsHash),
    ),
    h('h2', {}, t('composition')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { id: 'composition' },
        h('caption', {}, t('composition')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('component')),
            h('th', { scope: 'col', class: 'num' }, t('weight')),
            h('th', { scope: 'col', class: 'num' }, t('value')),
          ),
        ),
        h(
          'tbody',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('tasksComponent')),
            h('td', { class: 'num' }, u.tasksValue === null ? '—' : String(x.weights.tasks)),
            figure('tasks', u.tasksValue, pct(u.tasksValue, 2)),
          ),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('reportsComponent')),
            h('td', { class: 'num' }, u.reportsValue === null ? '—' : String(x.weights.reports)),
            figure('reports', u.reportsValue, pct(u.reportsValue, 2)),
          ),
          h('tr', {}, h('th', { scope: 'row' }, t('base')), h('td', {}), figure('base', x.base, num(x.base))),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('bonus')),
            h('td', {}),
            figure('bonus', u.bonus, u.bonus ? `+${num(u.bonus)}` : num(0)),
          ),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('criticism')),
            h('td', {}),
            figure('criticism', u.criticismDeduction, u.criticismDeduction ? `−${num(u.criticismDeduction)}` : num(0)),
          ),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('missingDeduction')),
            h('td', {}),
            figure('missing', u.missingDeduction, u.missingDeduction ? `−${num(u.missingDeduction)}` : num(0)),
          ),
          h(
            'tr',
            { class: 'total' },
            h('th', { scope: 'row' }, t('score')),
            h('td', {}),
            figure('score', u.score, num(u.score)),
          ),
        ),
      ),
    ),
    h(
      'p',
      { id: 'sum-check', class: adds ? 'ok' : 'bad', 'data-adds-up': String(adds) },
      `${t('sumCheck')}: ${num(x.base)} + ${num(u.bonus)} − ${num(u.criticismDeduction + u.missingDeduction)} = ${num(computed)} ${adds ? '✓' : '✗'}`,
    ),
    h('h2', {}, t('areasTitle')),
    dataTable({
      id: 'explanation-areas',
      caption: `${t('areasTitle')} — Σ(${t('weight')} × ${t('value')}) / Σ ${t('weight')} = ${pct(tasksFromAreas, 2)}`,
      rows: x.areas,
      rowAttrs: (a) => ({ 'data-area': a.area, 'data-weight': a.weight, 'data-value': a.value }),
      columns: [
        { header: t('area'), cell: (a) => a.area },
        { header: t('weight'), cell: (a) => String(a.weight), numeric: true },
        { header: t('assignments'), cell: (a) => String(a.scorable), numeric: true },
        { header: t('value'), cell: (a) => pct(a.value, 2), csv: (a) => a.value, numeric: true },
      ],
    }),
    h('h2', {}, t('assignmentsTitle')),
    dataTable({
      id: 'explanation-assignments',
      caption: t('assignmentsTitle'),
      rows: x.assignments,
      rowAttrs: (a) => ({ 'data-area': a.area, 'data-scorable': String(a.scorable), 'data-s': a.s ?? '' }),
      columns: [
        {
          header: t('task'),
          cell: (a) => h('a', { href: hashOf(`task/${encodeURIComponent(a.taskId)}`) }, a.taskId),
          csv: (a) => a.taskId,
        },
        { header: t('area'), cell: (a) => a.area },
        { header: t('role'), cell: (a) => a.role },
        { header: t('status'), cell: (a) => statusLabel(a.status) },
        { header: t('due'), cell: (a) => localDate(a.due) },
        { header: t('completedOn'), cell: (a) => localDate(a.completedOn) },
        { header: 'C', cell: (a) => num(a.c), csv: (a) => a.c, numeric: true },
        { header: 'Q', cell: (a) => num(a.q), csv: (a) => a.q, numeric: true },
        { header: 'L', cell: (a) => num(a.l), csv: (a) => a.l, numeric: true },
        { header: 's', cell: (a) => (a.scorable ? num(a.s, 3) : '—'), csv: (a) => a.s, numeric: true },
        { header: t('events'), cell: eventLinks, csv: () => null },
      ],
    }),
    h('h2', {}, t('reportsTitle')),
    dataTable({
      id: 'explanation-reports',
      caption: `${t('reportsTitle')} — ${t('value')} TB = ${pct(reportsMean, 2)}`,
      rows: x.reports,
      rowAttrs: (r) => ({ 'data-value': r.value }),
      columns: [
        { header: t('period'), cell: (r) => r.period },
        { header: t('due'), cell: (r) => localDate(r.due) },
        { header: t('submittedOn'), cell: (r) => localDate(r.submittedOn) },
        { header: t('workingDaysLate'), cell: (r) => String(r.workingDaysLate), numeric: true },
        { header: t('missing'), cell: (r) => (r.missing ? t('yes') : t('no')) },
        { header: t('value'), cell: (r) => pct(r.value, 0), csv: (r) => r.value, numeric: true },
        { header: t('eventId'), cell: (r) => h('span', { class: 'mono', title: r.eventId ?? '' }, r.eventId ?? '—') },
      ],
    }),
    h('h2', {}, t('recognitionsTitle')),
    dataTable({
      id: 'explanation-recognitions',
      caption: t('recognitionsTitle'),
      rows: x.recognitions,
      columns: [
        { header: t('kind'), cell: (r) => r.kind },
        { header: t('level'), cell: (r) => r.level ?? r.sanctionKind ?? '—' },
        { header: t('title'), cell: (r) => r.text ?? '—' },
        { header: t('date'), cell: (r) => localDate(r.occurredOn) },
        { header: t('eventId'), cell: (r) => h('span', { class: 'mono' }, r.eventId) },
      ],
    }),
  );
}
