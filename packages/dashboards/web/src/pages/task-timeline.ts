import type { TaskDetail, TimelineEvent } from '@cchc/api';
import { getJson } from '../api.ts';
import { afterMount, hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localDate, localTime, num } from '../dom.ts';
import { statusLabel, t } from '../i18n.ts';

const DAY_MS = 86_400_000;

/**
 * The API flags an event back-dated when it was recorded more than 7 days after it happened, and
 * back-filled when it was entered after the fact as such (source `backfill`); the flag says which.
 */
function backDatedFlag(e: TimelineEvent): Node | string {
  if (e.backDated) {
    const days = Math.floor((Date.parse(e.recordedAt) - Date.parse(e.occurredAt)) / DAY_MS);
    return h(
      'span',
      { class: 'badge warning', title: `${t('backDated')}: +${days}` },
      `⚑ ${t('backDated')} +${days} ${t('days')}`,
    );
  }
  return e.backfilled ? h('span', { class: 'badge provisional', title: t('backfill') }, t('backfill')) : '';
}

/** A task's timeline: its definition, its assignments, and every event with actor, times and hash. */
export async function taskTimelinePage(ctx: PageContext): Promise<Node> {
  const taskId = ctx.params[0] ?? '';
  const task = await getJson<TaskDetail>(`/v1/tasks/${encodeURIComponent(taskId)}`, {
    year: ctx.plan.year,
    asOf: ctx.asOf,
  });
  const highlighted = ctx.query.get('event');
  if (highlighted)
    afterMount(() =>
      document.querySelector(`tr[data-event="${CSS.escape(highlighted)}"]`)?.scrollIntoView({ block: 'center' }),
    );
  return h(
    'div',
    { class: 'page', id: 'timeline-page', 'data-task': task.taskId },
    h('p', {}, h('a', { href: hashOf('tasks') }, `← ${t('tasks')}`)),
    h('h1', {}, `${t('timeline')}: ${task.taskId} — ${task.title}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('area')),
      h('dd', {}, task.area),
      h('dt', {}, t('product')),
      h('dd', {}, task.product ?? '—'),
      h('dt', {}, t('deadline')),
      h('dd', {}, task.deadlineText ?? '—'),
      h('dt', {}, 'Stream'),
      h('dd', { class: 'mono' }, task.streamId),
    ),
    dataTable({
      id: 'task-assignments',
      caption: t('assignments'),
      rows: task.assignments,
      columns: [
        { header: t('unit'), cell: (a) => a.unitId },
        { header: t('role'), cell: (a) => a.role },
        { header: t('status'), cell: (a) => statusLabel(a.status), csv: (a) => a.status },
        { header: t('due'), cell: (a) => localDate(a.due) },
        { header: t('completedOn'), cell: (a) => localDate(a.completedOn) },
        { header: 's', cell: (a) => num(a.score, 3), csv: (a) => a.score, numeric: true },
      ],
    }),
    h('h2', {}, t('eventsOf')),
    dataTable({
      id: 'timeline',
      caption: `${t('eventsOf')} (${task.events.length})`,
      rows: task.events,
      rowAttrs: (e) => ({
        'data-event': e.eventId,
        'data-position': e.globalPosition,
        'data-revision': e.streamRevision,
        class: [e.eventId === highlighted ? 'highlight' : '', e.backDated ? 'back-dated' : ''].join(' ').trim() || null,
      }),
      columns: [
        { header: t('revision'), cell: (e) => String(e.streamRevision), numeric: true },
        { header: t('position'), cell: (e) => String(e.globalPosition), numeric: true },
        { header: t('type'), cell: (e) => e.type },
        { header: t('unit'), cell: (e) => String(e.data.unitId ?? '—') },
        { header: t('actor'), cell: (e) => `${e.metadata.actor} (${e.metadata.source})` },
        { header: t('occurredAt'), cell: (e) => localTime(e.occurredAt), csv: (e) => e.occurredAt },
        { header: t('recordedAt'), cell: (e) => localTime(e.recordedAt), csv: (e) => e.recordedAt },
        { header: t('backDated'), cell: backDatedFlag, csv: (e) => String(e.backDated) },
        {
          header: t('hash'),
          cell: (e) => h('span', { class: 'mono', title: e.hash }, `${e.hash.slice(0, 16)}…`),
          csv: (e) => e.hash,
        },
        {
          header: t('eventId'),
          cell: (e) => h('span', { class: 'mono', title: e.eventId }, e.eventId.slice(0, 8)),
          csv: (e) => e.eventId,
        },
      ],
    }),
  );
}
