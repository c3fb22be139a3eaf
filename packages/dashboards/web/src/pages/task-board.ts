import type { AssignmentPage, AssignmentStatusCode, UnitList } from '@cchc/api';
import { getJson } from '../api.ts';
import { hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localDate, num } from '../dom.ts';
import { statusLabel, type TextKey, t } from '../i18n.ts';

const AREAS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];
const STATUSES: readonly [AssignmentStatusCode, TextKey][] = [
  ['done_on_time', 'doneOnTime'],
  ['done_late', 'doneLate'],
  ['overdue', 'overdue'],
  ['awaiting_confirmation', 'awaiting'],
  ['in_progress', 'inProgress'],
  ['not_triggered', 'notTriggered'],
  ['cancelled', 'cancelled'],
];
const PAGE_SIZE = 50;

function select(id: string, label: string, value: string, options: readonly [string, string][]): HTMLElement {
  const el = h(
    'select',
    { id, name: id },
    h('option', { value: '' }, t('all')),
    ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, label), el);
}

/** Nhiệm vụ: assignments by unit and status, filtered by area, unit, status and overdue. */
export async function taskBoardPage(ctx: PageContext): Promise<Node> {
  const q = ctx.query;
  const filter = {
    area: q.get('area') ?? '',
    unit: q.get('unit') ?? '',
    status: q.get('status') ?? '',
    overdue: q.get('overdue') === 'true' ? 'true' : '',
    cursor: q.get('cursor') ?? '',
  };
  const [units, page] = await Promise.all([
    getJson<UnitList>('/v1/units'),
    getJson<AssignmentPage>(`/v1/plans/${encodeURIComponent(ctx.plan.planId)}/tasks`, {
      ...filter,
      asOf: ctx.asOf,
      limit: PAGE_SIZE,
    }),
  ]);
  const names = new Map(units.items.map((u) => [u.unitId, u.name]));
  const overdue = h('input', { id: 'overdue', name: 'overdue', type: 'checkbox', checked: filter.overdue === 'true' });
  const form = h(
    'form',
    { class: 'filters', id: 'task-filters', 'aria-label': t('filters') },
    select(
      'area',
      t('area'),
      filter.area,
      AREAS.map((a) => [a, a]),
    ),
    select(
      'unit',
      t('unit'),
      filter.unit,
      units.items.map((u) => [u.unitId, u.name]),
    ),
    select(
      'status',
      t('status'),
      filter.status,
      STATUSES.map(([code, label]) => [code, t(label)]),
    ),
    h('div', { class: 'field check' }, overdue, h('label', { for: 'overdue' }, t('overdueOnly'))),
    h('button', { type: 'submit' }, t('apply')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = hashOf('tasks', {
      area: String(data.get('area') ?? ''),
      unit: String(data.get('unit') ?? ''),
      status: String(data.get('status') ?? ''),
      overdue: overdue.checked ? 'true' : undefined,
    });
  });
  const { cursor: _cursor, ...base } = filter;
  return h(
    'div',
    { class: 'page', id: 'tasks-page' },
    h('h1', {}, t('tasks')),
    form,
    dataTable({
      id: 'assignments',
      caption: `${t('tasks')} (${page.items.length})`,
      rows: page.items,
      rowAttrs: (a) => ({ 'data-task': a.taskId, 'data-unit': a.unitId, 'data-status': a.statusCode ?? '' }),
      columns: [
        {
          header: t('task'),
          cell: (a) => h('a', { href: hashOf(`task/${encodeURIComponent(a.taskId)}`), class: 'task-link' }, a.taskId),
          csv: (a) => a.taskId,
        },
        { header: t('title'), cell: (a) => a.title },
        { header: t('area'), cell: (a) => a.area },
        { header: t('unit'), cell: (a) => names.get(a.unitId) ?? a.unitId },
        { header: t('role'), cell: (a) => a.role },
        {
          header: t('status'),
          cell: (a) => h('span', { class: `status ${a.statusCode ?? ''}` }, statusLabel(a.status)),
          csv: (a) => a.status,
        },
        { header: t('due'), cell: (a) => localDate(a.due) },
        { header: t('completedOn'), cell: (a) => localDate(a.completedOn) },
        { header: 's', cell: (a) => num(a.score, 3), csv: (a) => a.score, numeric: true },
      ],
    }),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'pages' },
      filter.cursor ? h('a', { href: hashOf('tasks', base) }, t('firstPage')) : null,
      page.nextCursor
        ? h('a', { href: hashOf('tasks', { ...base, cursor: page.nextCursor }), id: 'next-page' }, t('nextPage'))
        : null,
    ),
  );
}
