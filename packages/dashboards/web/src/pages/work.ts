import type { Assignment, AssignmentPage, MeAnswer, ReportList, UnitList } from '@cchc/api';
import { localDateOf } from '@cchc/core/time';
import { getJson, uploadEvidence } from '../api.ts';
import { hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localDate, notice } from '../dom.ts';
import { commandForm } from '../forms.ts';
import { statusLabel, t } from '../i18n.ts';
import { officeSection } from './office-work.ts';
import { actionsCell, daysUntil, rerenderWith, takeFlash, taskPath } from './work-common.ts';

const PERIODS = ['Q1', 'H1', 'Q3', 'Y'] as const;
const CLOSED = new Set(['done_on_time', 'done_late', 'cancelled']);

/**
 * Công việc: what a key may do, now. A unit's reporter sees its open assignments (overdue and
 * due within 7 days first) and its reports, and acts on them; the office picks a unit to act for,
 * appraises submitted products and runs the plan. Every form goes through the API's routes.
 */
export async function workPage(ctx: PageContext): Promise<Node> {
  const me = await getJson<MeAnswer>('/v1/me');
  const page = h('div', { class: 'page', id: 'work-page', 'data-role': me.role }, h('h1', {}, t('work')));
  const flash = takeFlash();
  if (flash) page.append(flash);
  if (!me.permissions.includes('report')) {
    page.append(notice('info', t('workReadOnly')));
    return page;
  }
  const office = me.permissions.includes('office');
  const units = office ? (await getJson<UnitList>('/v1/units')).items.filter((u) => u.active) : [];
  const unitId = me.unitId ?? ctx.query.get('unit') ?? units[0]?.unitId ?? '';
  page.append(
    h('p', { class: 'hint' }, t('workAsOfNow')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('actingAs')),
      h('dd', { id: 'work-role' }, me.role),
      h('dt', {}, t('actingFor')),
      h('dd', {}, office ? unitPicker(units, unitId) : h('span', { id: 'work-unit' }, unitId)),
    ),
  );
  if (unitId) page.append(...(await unitSection(ctx, unitId, office)));
  if (office) page.append(await officeSection(ctx));
  return page;
}

function unitPicker(units: UnitList['items'], current: string): HTMLElement {
  const select = h(
    'select',
    { id: 'work-unit', 'aria-label': t('actingFor') },
    ...units.map((u) => h('option', { value: u.unitId, selected: u.unitId === current }, `${u.name} (${u.unitId})`)),
  );
  select.addEventListener('change', () => {
    location.hash = hashOf('work', { unit: select.value });
  });
  return select;
}

async function unitSection(ctx: PageContext, unitId: string, office: boolean): Promise<HTMLElement[]> {
  const [page, reports] = await Promise.all([
    getJson<AssignmentPage>(`/v1/plans/${encodeURIComponent(ctx.plan.planId)}/tasks`, { unit: unitId, limit: 1000 }),
    getJson<ReportList>('/v1/reports', { planId: ctx.plan.planId, unit: unitId }),
  ]);
  const today = localDateOf(new Date());
  const open = page.items
    .filter((a) => !CLOSED.has(a.statusCode))
    .sort((a, b) => (daysUntil(a.due, today) ?? 9999) - (daysUntil(b.due, today) ?? 9999));
  const sent = new Set(reports.items.filter((r) => r.submittedAt !== null).map((r) => r.period));
  const toSend = PERIODS.filter((p) => !sent.has(p));
  const year = ctx.plan.year;
  const rowForms = (a: Assignment) => {
    const forms = [
      commandForm({
        id: `start-${a.taskId}-${a.role}`,
        title: `${t('start')} ${a.taskId}`,
        fields: [],
        submit: 'start',
        path: taskPath(a, 'start'),
        body: () => ({ unitId, year }),
        done: () => rerender(`start-${a.taskId}-${a.role}`),
      }),
      commandForm({
        id: `progress-${a.taskId}-${a.role}`,
        title: `${t('reportProgress')} ${a.taskId}`,
        fields: [
          { name: 'percent', label: 'percent', kind: 'number', required: true, min: 0, max: 100 },
          { name: 'note', label: 'note', kind: 'textarea' },
          { name: 'evidence', label: 'evidenceFile', kind: 'file' },
        ],
        submit: 'send',
        path: taskPath(a, 'progress'),
        before: (form, values) => uploadChosenFile(form, unitId, values),
        body: (v) => ({
          unitId,
          year,
          percent: Number(v.percent),
          ...(v.note ? { note: v.note } : {}),
          ...(v.evidenceSha256 ? { evidenceFiles: [v.evidenceSha256] } : {}),
        }),
        done: () => rerender(`progress-${a.taskId}-${a.role}`),
      }),
    ];
    if (a.role === 'lead' && a.statusCode !== 'awaiting_confirmation')
      forms.push(
        commandForm({
          id: `submit-${a.taskId}`,
          title: `${t('submitProduct')} ${a.taskId}`,
          fields: [
            { name: 'productRef', label: 'productRef' },
            { name: 'note', label: 'note', kind: 'textarea' },
          ],
          submit: 'submitProduct',
          path: taskPath(a, 'submit'),
          body: (v) => ({
            unitId,
            year,
            ...(v.productRef ? { productRef: v.productRef } : {}),
            ...(v.note ? { note: v.note } : {}),
          }),
          done: () => rerender(`submit-${a.taskId}`),
        }),
      );
    return forms;
  };
  const table =
    open.length === 0
      ? notice('info', t('noOpenAssignments'))
      : dataTable({
          id: 'work-assignments',
          caption: `${t('myAssignments')} — ${unitId}`,
          rows: open,
          rowAttrs: (a) => ({ 'data-task': a.taskId, 'data-status': a.statusCode, 'data-role': a.role }),
          columns: [
            {
              header: t('task'),
              cell: (a) => h('a', { href: hashOf(`task/${encodeURIComponent(a.taskId)}`) }, a.taskId),
            },
            { header: t('title'), cell: (a) => a.title },
            { header: t('role'), cell: (a) => (a.role === 'lead' ? t('lead') : t('coordinator')) },
            { header: t('status'), cell: (a) => statusLabel(a.status) },
            { header: t('due'), cell: (a) => dueCell(a, today) },
            {
              header: t('actions'),
              cell: (a) => actionsCell(`actions-${a.taskId}-${a.role}`, rowForms(a)),
              csv: () => '',
            },
          ],
        });
  const reportForm =
    toSend.length === 0
      ? notice('info', t('allReportsSent'))
      : commandForm({
          id: 'report-submit',
          title: t('submitReport'),
          fields: [
            { name: 'period', label: 'period', kind: 'select', options: toSend.map((p) => ({ value: p, label: p })) },
            { name: 'reportRef', label: 'reportRef' },
            ...(office
              ? ([
                  { name: 'receivedOn', label: 'receivedOn', kind: 'date' },
                  { name: 'incomingRef', label: 'incomingRef' },
                ] as const)
              : []),
          ],
          submit: 'submitReport',
          path: '/v1/reports',
          body: (v) => ({
            unitId,
            year,
            period: v.period,
            ...(v.reportRef ? { reportRef: v.reportRef } : {}),
            ...(v.receivedOn ? { receivedOn: v.receivedOn } : {}),
            ...(v.incomingRef ? { incomingRef: v.incomingRef } : {}),
          }),
          done: () => rerender('report-submit'),
        });
  return [h('h2', {}, t('myAssignments')), table, h('h2', {}, t('reportsDue')), reportForm];
}

function dueCell(a: Assignment, today: string): HTMLElement | string {
  const days = daysUntil(a.due, today);
  if (a.overdue) return h('span', { class: 'badge warning' }, `${localDate(a.due)} · ${t('overdue')}`);
  if (days !== null && days >= 0 && days <= 7)
    return h('span', { class: 'badge provisional' }, `${localDate(a.due)} · ${t('dueThisWeek')}`);
  if (days !== null && days < 0) return `${localDate(a.due)} · ${t('pastDue')}`;
  return localDate(a.due);
}

function rerender(formId: string): void {
  const form = document.getElementById(formId);
  if (form instanceof HTMLFormElement) rerenderWith(form);
}

/** The evidence file chosen in a form, uploaded first (with its progress shown); its hash goes with the command. */
async function uploadChosenFile(form: HTMLFormElement, unitId: string, values: Record<string, string>): Promise<void> {
  const input = form.querySelector<HTMLInputElement>('input[type=file]');
  const file = input?.files?.[0];
  if (!file) return;
  const bar = h('progress', { class: 'upload-progress', max: file.size, value: 0, 'aria-label': t('uploading') });
  form.querySelector('.row')?.before(bar);
  const uploaded = await uploadEvidence(file, unitId, (sent, total) => {
    bar.max = total;
    bar.value = sent;
  });
  bar.value = bar.max;
  values.evidenceSha256 = uploaded.sha256;
}
