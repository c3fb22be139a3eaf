import { CchcError } from '../errors/cchc-error.ts';

/** Rules the deciders enforce; codes are stable. */
export const RULES = {
  INDICATOR_UNKNOWN: { vi: 'chỉ tiêu không có trong kế hoạch', en: 'the indicator is not in the plan' },
  PLAN_ALREADY_ISSUED: { vi: 'kế hoạch năm này đã được ban hành', en: 'the plan for this year was already issued' },
  PLAN_NOT_ISSUED: { vi: 'chưa có kế hoạch của năm này', en: 'no plan was issued for this year' },
  OUTSIDE_PLAN_YEAR: { vi: 'thời điểm nằm ngoài năm kế hoạch', en: 'the date lies outside the plan year' },
  TASK_NOT_DEFINED: { vi: 'nhiệm vụ chưa được xác định trong kế hoạch', en: 'the task is not defined in the plan' },
  TASK_ALREADY_DEFINED: { vi: 'nhiệm vụ đã được xác định', en: 'the task is already defined' },
  TASK_HAS_NO_LEAD: { vi: 'nhiệm vụ phải có ít nhất một đơn vị chủ trì', en: 'a task needs at least one lead unit' },
  UNIT_NOT_ASSIGNED: { vi: 'đơn vị không được giao nhiệm vụ này', en: 'the unit is not assigned to this task' },
  UNIT_ALREADY_ASSIGNED: { vi: 'đơn vị đã được giao nhiệm vụ này', en: 'the unit is already assigned to this task' },
  ONLY_LEAD_MAY_COMPLETE: {
    vi: 'chỉ đơn vị chủ trì mới được nộp sản phẩm hoặc hoàn thành',
    en: 'only a lead unit may submit the product or complete the task',
  },
  ASSIGNMENT_CANCELLED: { vi: 'nhiệm vụ của đơn vị đã bị hủy', en: 'the assignment was cancelled' },
  ASSIGNMENT_ALREADY_COMPLETED: {
    vi: 'nhiệm vụ của đơn vị đã hoàn thành; cần mở lại trước',
    en: 'the assignment is already completed; reopen it first',
  },
  ASSIGNMENT_NOT_COMPLETED: { vi: 'nhiệm vụ của đơn vị chưa hoàn thành', en: 'the assignment is not completed' },
  PRODUCT_NOT_SUBMITTED: {
    vi: 'chưa có sản phẩm nào được nộp để trả lại',
    en: 'no product was submitted that could be returned',
  },
  DECISION_REFERENCE_REQUIRED: {
    vi: 'thay đổi thời hạn hoặc điều chỉnh kế hoạch phải có số văn bản/quyết định',
    en: 'a deadline change or a plan amendment needs a decision reference',
  },
  DECISION_DATE_REQUIRED: {
    vi: 'điều chỉnh kế hoạch phải có ngày ký văn bản/quyết định',
    en: 'a plan amendment needs the date the decision was signed',
  },
  DECISION_AFTER_ENTRY: {
    vi: 'ngày ký quyết định sau thời điểm điều chỉnh có hiệu lực',
    en: 'the decision is dated after the amendment takes effect',
  },
  AMENDMENT_CHANGES_NOTHING: {
    vi: 'điều chỉnh không thay đổi gì so với kế hoạch hiện hành',
    en: 'the amendment changes nothing in the plan as it stands',
  },
  DEADLINE_UNCHANGED: { vi: 'thời hạn mới trùng thời hạn hiện tại', en: 'the new deadline equals the current one' },
  UNIT_ALREADY_ESTABLISHED: { vi: 'đơn vị đã tồn tại', en: 'the unit already exists' },
  UNIT_UNKNOWN: { vi: 'đơn vị không tồn tại', en: 'the unit does not exist' },
  EVIDENCE_FILE_UNKNOWN: {
    vi: 'tài liệu kiểm chứng chưa được thêm (cchc evidence add / POST /v1/evidence)',
    en: 'the evidence file was not added (cchc evidence add / POST /v1/evidence)',
  },
  UNIT_INACTIVE: {
    vi: 'đơn vị đã ngừng hoạt động (đã sáp nhập hoặc chia tách)',
    en: 'the unit is no longer active (merged or split)',
  },
  MERGE_TARGET_UNKNOWN: { vi: 'đơn vị tiếp nhận sáp nhập không tồn tại', en: 'the unit to merge into does not exist' },
  MERGE_TARGET_INACTIVE: {
    vi: 'đơn vị tiếp nhận sáp nhập đã ngừng hoạt động',
    en: 'the unit to merge into is no longer active',
  },
  MERGE_INTO_SELF: { vi: 'không thể sáp nhập đơn vị vào chính nó', en: 'a unit cannot merge into itself' },
  SPLIT_TARGET_INVALID: {
    vi: 'đơn vị nhận sau chia tách không tồn tại hoặc đã ngừng hoạt động',
    en: 'a unit receiving the split does not exist or is inactive',
  },
  NAME_UNCHANGED: { vi: 'tên mới trùng tên hiện tại', en: 'the new name equals the current one' },
  OCCURRED_IN_FUTURE: {
    vi: 'việc chưa thể xảy ra ở thời điểm trong tương lai',
    en: 'it cannot have happened at an instant in the future',
  },
  LATE_ENTRY_UNEXPLAINED: {
    vi: 'ngày này đã qua nhiều ngày: hãy nói đây là lịch sử văn phòng đã biết khi đó (nhập bù: khi biết và lý do) hay việc văn phòng mới biết hôm nay (ghi muộn: lý do); báo cáo định kỳ thì ghi ngày nhận theo sổ công văn đến',
    en: 'this date is days ago: say whether it is history the office already knew then (a backfill: when it knew, and why) or news the office learns only now (a late entry: why); for a periodic report, give the receipt date from the incoming register',
  },
  REPORT_ALREADY_SUBMITTED: {
    vi: 'báo cáo kỳ này đã được gửi',
    en: 'the report for this period was already submitted',
  },
  INDEX_CRITERIA_SET_UNKNOWN: { vi: 'bộ tiêu chí không tồn tại', en: 'the criteria set does not exist' },
  INDEX_CRITERIA_SET_MISMATCH: {
    vi: 'hồ sơ năm này đã chấm theo bộ tiêu chí khác (hoặc bộ tiêu chí của năm khác)',
    en: "this year's dossier is scored under another criteria set (or the set is for another year)",
  },
  INDEX_CRITERION_UNKNOWN: {
    vi: 'tiêu chí không có trong bộ tiêu chí',
    en: 'the criterion is not in the criteria set',
  },
  INDEX_CRITERION_NOT_SELF_SCORED: {
    vi: 'tiêu chí này không tự chấm (tính từ sổ cái hoặc từ điều tra xã hội học)',
    en: 'this criterion is not self-scored (it is derived from the ledger or from the survey)',
  },
  INDEX_CRITERION_NOT_SURVEY: {
    vi: 'tiêu chí không thuộc điều tra xã hội học',
    en: 'the criterion is not a survey criterion',
  },
  INDEX_VALUE_OUT_OF_RANGE: {
    vi: 'điểm vượt quá điểm tối đa của tiêu chí',
    en: "the points exceed the criterion's maximum",
  },
  INDEX_EVIDENCE_REQUIRED: {
    vi: 'tiêu chí chấm thủ công cần điểm tự chấm và tài liệu kiểm chứng',
    en: 'a manual criterion needs a self-score and evidence files',
  },
  INDEX_NOTHING_SCORED: { vi: 'hồ sơ chưa có điểm tự chấm nào', en: 'the dossier has no self-score yet' },
  INDEX_DOSSIER_LOCKED: {
    vi: 'hồ sơ đã gửi: điểm tự chấm đã khóa',
    en: 'the dossier was submitted: self-scores are locked',
  },
  INDEX_DOSSIER_NOT_SUBMITTED: {
    vi: 'hồ sơ tự đánh giá chưa được gửi',
    en: 'the self-assessment dossier was not submitted',
  },
  INDEX_REQUEST_EXISTS: { vi: 'mã đề nghị giải trình đã được dùng', en: 'the request id is already used' },
  INDEX_REQUEST_UNKNOWN: { vi: 'không có đề nghị giải trình này', en: 'there is no such request for explanation' },
  INDEX_REQUEST_ANSWERED: { vi: 'đề nghị giải trình đã được trả lời', en: 'the request was already answered' },
  INDEX_REQUESTS_OPEN: {
    vi: 'còn đề nghị giải trình chưa được trả lời',
    en: 'requests for explanation are still open',
  },
  INDEX_SURVEY_MISSING: { vi: 'chưa nhập kết quả điều tra xã hội học', en: 'survey results are missing' },
  INDEX_ALREADY_PUBLISHED: { vi: 'chỉ số đã được công bố', en: 'the index was already published' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type RuleCode = keyof typeof RULES;

export interface RuleSubject {
  /** What was attempted, e.g. { vi: 'hoàn thành', en: 'complete' }. */
  readonly action: { readonly vi: string; readonly en: string };
  readonly taskId?: string;
  readonly unitId?: string;
}

/** A command that breaks a rule of the plan. Nothing was written. */
export class RuleViolationError extends CchcError {
  readonly code = 'RULE_VIOLATION';

  constructor(
    readonly rule: RuleCode,
    readonly subject: RuleSubject,
    extra?: { vi: string; en: string },
  ) {
    const text = RULES[rule];
    const task = subject.taskId
      ? { vi: ` nhiệm vụ ${subject.taskId}`, en: ` task ${subject.taskId}` }
      : { vi: '', en: '' };
    const unit = subject.unitId
      ? { vi: ` của đơn vị ${subject.unitId}`, en: ` for unit ${subject.unitId}` }
      : { vi: '', en: '' };
    const more = extra ? { vi: ` (${extra.vi})`, en: ` (${extra.en})` } : { vi: '', en: '' };
    super(
      `Không thể ${subject.action.vi}${task.vi}${unit.vi}: ${text.vi}${more.vi} [quy tắc ${rule}]`,
      `cannot ${subject.action.en}${task.en}${unit.en}: ${text.en}${more.en} [rule ${rule}]`,
    );
  }

  override details(): Record<string, unknown> {
    return { rule: this.rule, taskId: this.subject.taskId, unitId: this.subject.unitId };
  }
}
