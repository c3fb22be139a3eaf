/**
 * The statuses of an assignment: the codes the SQL emits (`cchc_assignments.status`) and their one
 * table of labels. The dashboard's browser bundle imports this file (`@cchc/projections/assignment-statuses`),
 * so it must import nothing. The order is the order of the counts in `cchc_progress_by_area`.
 */
export const ASSIGNMENT_STATUSES = {
  done_on_time: { vi: 'Hoàn thành đúng hạn', en: 'Done on time' },
  done_late: { vi: 'Hoàn thành trễ hạn', en: 'Done late' },
  overdue: { vi: 'Quá hạn chưa hoàn thành', en: 'Overdue, not done' },
  awaiting_confirmation: { vi: 'Chờ xác nhận', en: 'Awaiting confirmation' },
  in_progress: { vi: 'Đang thực hiện trong hạn', en: 'In progress, within the deadline' },
  not_triggered: { vi: 'Không phát sinh', en: 'Not triggered' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
} as const;

export type AssignmentStatusCode = keyof typeof ASSIGNMENT_STATUSES;
export type AssignmentStatusLabel = (typeof ASSIGNMENT_STATUSES)[AssignmentStatusCode]['vi'];

export const ASSIGNMENT_STATUS_CODES = Object.keys(ASSIGNMENT_STATUSES) as [
  AssignmentStatusCode,
  ...AssignmentStatusCode[],
];

export function isAssignmentStatusCode(value: unknown): value is AssignmentStatusCode {
  return typeof value === 'string' && Object.hasOwn(ASSIGNMENT_STATUSES, value);
}

/** A status code read back from SQL; anything else is a bug in the macro, not user input. */
export function assignmentStatusCode(value: unknown): AssignmentStatusCode {
  if (!isAssignmentStatusCode(value)) throw new TypeError(`unknown assignment status ${JSON.stringify(value)}`);
  return value;
}

const CODE_OF_LABEL: ReadonlyMap<string, AssignmentStatusCode> = new Map(
  ASSIGNMENT_STATUS_CODES.map((code) => [ASSIGNMENT_STATUSES[code].vi, code]),
);

/** The code of a Vietnamese label, for readers of answers that carry the label only. */
export function assignmentStatusOfLabel(label: string): AssignmentStatusCode | undefined {
  return CODE_OF_LABEL.get(label);
}
