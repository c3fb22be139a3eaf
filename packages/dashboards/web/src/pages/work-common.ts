import type { Assignment } from '@cchc/api';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';

/** What the last accepted command said, shown at the top of the page it re-rendered. */
let flash: string | null = null;

export function takeFlash(): HTMLElement | null {
  const text = flash;
  flash = null;
  return text ? h('p', { class: 'notice info', id: 'work-flash', role: 'status' }, text) : null;
}

/** After an accepted command: keep its message, render the page again from the API. */
export function rerenderWith(form: HTMLFormElement): void {
  flash = form.querySelector('.form-status')?.textContent ?? null;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** A row's actions, folded: each is a form that opens on demand. */
export function actionsCell(id: string, forms: readonly HTMLFormElement[]): HTMLElement {
  return h('details', { class: 'row-actions', id }, h('summary', {}, t('actions')), ...forms);
}

/** The path of an action on a task; the plan year goes in the body. */
export const taskPath = (a: Pick<Assignment, 'taskId'>, action: string) =>
  `/v1/tasks/${encodeURIComponent(a.taskId)}/${action}`;

/** Days from today (local) to a due date; negative when past. */
export function daysUntil(due: string | null, today: string): number | null {
  if (!due) return null;
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
