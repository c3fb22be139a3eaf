import type { AssignmentPage } from '@cchc/api';
import { getJson } from '../api.ts';
import type { PageContext } from '../context.ts';
import { dataTable, h, notice } from '../dom.ts';
import { commandForm, type Field } from '../forms.ts';
import { t } from '../i18n.ts';
import { actionsCell, rerenderWith, taskPath } from './work-common.ts';

const toTask = (action: string) => (v: Readonly<Record<string, string>>) =>
  `/v1/tasks/${encodeURIComponent(v.taskId ?? '')}/${action}`;
const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const decisionFields: readonly Field[] = [
  { name: 'decisionRef', label: 'decisionRef', required: true },
  { name: 'decidedOn', label: 'decidedOn', kind: 'date', required: true },
];

/** The office's part of the work page: appraisal of submitted products, and running the plan by decision. */
export async function officeSection(ctx: PageContext): Promise<HTMLElement> {
  const year = ctx.plan.year;
  const awaiting = await getJson<AssignmentPage>(`/v1/plans/${encodeURIComponent(ctx.plan.planId)}/tasks`, {
    status: 'awaiting_confirmation',
    limit: 1000,
  });
  const done = (id: string) => () => {
    const form = document.getElementById(id);
    if (form instanceof HTMLFormElement) rerenderWith(form);
  };
  const appraisal =
    awaiting.items.length === 0
      ? notice('info', t('noneAwaiting'))
      : dataTable({
          id: 'work-awaiting',
          caption: t('awaitingAppraisal'),
          rows: awaiting.items,
          rowAttrs: (a) => ({ 'data-task': a.taskId, 'data-unit': a.unitId }),
          columns: [
            { header: t('task'), cell: (a) => a.taskId },
            { header: t('unit'), cell: (a) => a.unitId },
            { header: t('title'), cell: (a) => a.title },
            {
              header: t('actions'),
              csv: () => '',
              cell: (a) =>
                actionsCell(`appraise-${a.taskId}-${a.unitId}`, [
                  commandForm({
                    id: `return-${a.taskId}-${a.unitId}`,
                    title: `${t('returnProduct')} ${a.taskId}`,
                    fields: [{ name: 'reason', label: 'reason', kind: 'textarea', required: true }],
                    submit: 'returnProduct',
                    path: taskPath(a, 'return'),
                    body: (v) => ({ unitId: a.unitId, year, reason: v.reason }),
                    done: done(`return-${a.taskId}-${a.unitId}`),
                  }),
                  commandForm({
                    id: `complete-${a.taskId}-${a.unitId}`,
                    title: `${t('completeTask')} ${a.taskId}`,
                    fields: [{ name: 'productRef', label: 'productRef' }],
                    submit: 'completeTask',
                    path: taskPath(a, 'complete'),
                    body: (v) => ({ unitId: a.unitId, year, ...(v.productRef ? { productRef: v.productRef } : {}) }),
                    done: done(`complete-${a.taskId}-${a.unitId}`),
                  }),
                ]),
            },
          ],
        });
  const taskField: Field = { name: 'taskId', label: 'taskIdField', required: true };
  const forms = [
    commandForm({
      id: 'office-set-deadline',
      title: t('setDeadline'),
      fields: [
        taskField,
        { name: 'unitId', label: 'unitField' },
        { name: 'due', label: 'dueField', kind: 'date', required: true },
        ...decisionFields,
      ],
      submit: 'send',
      path: toTask('set-deadline'),
      body: (v) => ({
        year,
        due: v.due,
        decisionRef: v.decisionRef,
        decidedOn: v.decidedOn,
        ...(v.unitId ? { unitId: v.unitId } : {}),
      }),
      done: done('office-set-deadline'),
    }),
    commandForm({
      id: 'office-excuse',
      title: t('excuseDelay'),
      fields: [
        taskField,
        { name: 'unitId', label: 'unit', required: true },
        { name: 'reason', label: 'reason', kind: 'textarea', required: true },
      ],
      submit: 'send',
      path: toTask('excuse'),
      body: (v) => ({ year, unitId: v.unitId, reason: v.reason }),
      done: done('office-excuse'),
    }),
    commandForm({
      id: 'office-add-task',
      title: t('addTask'),
      fields: [
        taskField,
        { name: 'title', label: 'titleField', required: true },
        { name: 'product', label: 'productField' },
        { name: 'due', label: 'dueField', kind: 'date', required: true },
        { name: 'lead', label: 'leadField', required: true },
        { name: 'coordinators', label: 'coordinatorsField' },
        ...decisionFields,
      ],
      submit: 'send',
      path: '/v1/tasks',
      body: (v) => ({
        year,
        taskId: v.taskId,
        area: (v.taskId ?? '').split('.')[0],
        title: v.title,
        product: v.product ?? '',
        deadline: { kind: 'date', due: v.due, text: v.due },
        lead: list(v.lead),
        coordinators: list(v.coordinators),
        decisionRef: v.decisionRef,
        decidedOn: v.decidedOn,
      }),
      done: done('office-add-task'),
    }),
    commandForm({
      id: 'office-amend-task',
      title: t('amendTask'),
      fields: [
        taskField,
        { name: 'title', label: 'titleField' },
        { name: 'product', label: 'productField' },
        ...decisionFields,
      ],
      submit: 'send',
      path: toTask('amend'),
      body: (v) => ({
        year,
        ...(v.title ? { title: v.title } : {}),
        ...(v.product ? { product: v.product } : {}),
        decisionRef: v.decisionRef,
        decidedOn: v.decidedOn,
      }),
      done: done('office-amend-task'),
    }),
    commandForm({
      id: 'office-publish',
      title: t('publishRanking'),
      fields: [],
      submit: 'publishRanking',
      path: `/v1/rankings/${year}/publish`,
      body: () => ({ planId: ctx.plan.planId }),
      dated: false,
      done: done('office-publish'),
    }),
  ];
  return h(
    'section',
    { id: 'office-work' },
    h('h2', {}, t('awaitingAppraisal')),
    appraisal,
    h('h2', {}, t('officeActions')),
    h('div', { class: 'office-forms' }, ...forms),
  );
}
