import { parseAssignment } from '../assignment-text.ts';
import { cleanCellText } from '../cell-text.ts';
import { parseDeadline } from '../deadline-grammar.ts';
import type { PlanTask } from '../plan-definition.ts';
import type { UnitRegistry } from '../unit-registry.ts';
import type { ImportWarning, Warn } from './import-warning.ts';
import type { TaskDraft } from './table-rows.ts';
import { fixTypos, typoWarning } from './typos.ts';

/**
 * A task from its merged cells: typos fixed, deadline parsed, units resolved; whatever is missing or
 * unreadable is a warning on the task's first line, never a dropped task.
 */
export function buildTask(draft: TaskDraft, registry: UnitRegistry, year: number, warn: Warn): PlanTask {
  const line = draft.lines[0] ?? 1;
  const at = (w: Omit<ImportWarning, 'line' | 'row'>): void => warn({ line, row: draft.id, ...w });
  const fix = (text: string, vi: string, en: string): string =>
    fixTypos(text, (wrong, right) => warn(typoWarning(line, draft.id, wrong, right, vi, en)));

  let title = fix(cleanCellText(draft.cells.title), `tên nhiệm vụ ${draft.id}`, `the title of task ${draft.id}`);
  if (title === '') {
    at({
      code: 'EMPTY_TITLE',
      severity: 'warning',
      message: `Nhiệm vụ ${draft.id} không có tên — task ${draft.id} has no title`,
    });
    title = `(chưa có tên nhiệm vụ ${draft.id})`;
  }
  const product = fix(
    cleanCellText(draft.cells.product),
    `sản phẩm của nhiệm vụ ${draft.id}`,
    `the product of task ${draft.id}`,
  );
  if (product === '')
    at({
      code: 'EMPTY_PRODUCT',
      severity: 'warning',
      message: `Nhiệm vụ ${draft.id} không ghi sản phẩm — task ${draft.id} has no product`,
    });

  const deadline = parseDeadline(cleanCellText(draft.cells.deadline), year);
  if (deadline.kind === 'unparsed') at({ code: 'DEADLINE_UNPARSED', severity: 'warning', message: deadline.warning });
  if (deadline.kind === 'date' && Number(deadline.due.slice(0, 4)) !== year) {
    at({
      code: 'DEADLINE_OUTSIDE_PLAN_YEAR',
      severity: 'info',
      message: `Hạn ${deadline.due} của nhiệm vụ ${draft.id} ngoài năm kế hoạch ${year} — task ${draft.id} is due ${deadline.due}, outside plan year ${year}`,
    });
  }

  const assignmentText = cleanCellText(draft.cells.assignment);
  const assignment = parseAssignment(assignmentText, registry);
  for (const issue of assignment.issues) at({ code: issue.code, severity: issue.severity, message: issue.message });

  return {
    id: draft.id,
    area: draft.area,
    row: draft.row,
    title,
    product,
    deadline,
    lead: assignment.lead,
    coordinators: assignment.coordinators,
    ...(assignment.leadScope ? { leadScope: assignment.leadScope } : {}),
    ...(assignment.coordinatorScope ? { coordinatorScope: assignment.coordinatorScope } : {}),
    assignmentText,
    sourceLines: draft.lines,
  };
}
