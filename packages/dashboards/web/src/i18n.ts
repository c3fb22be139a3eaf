import { ASSIGNMENT_STATUSES, assignmentStatusOfLabel } from '@cchc/projections/assignment-statuses';
import { INDEX_TEXT } from './i18n-index.ts';
import { WORK_TEXT } from './i18n-work.ts';

/** Vietnamese first; English on the toggle. Every user-facing string of the dashboard is here. */
export type Lang = 'vi' | 'en';

const TEXT = {
  ...WORK_TEXT,
  ...INDEX_TEXT,
  appTitle: ['Bảng điều khiển CCHC', 'CCHC dashboard'],
  overview: ['Tổng quan', 'Overview'],
  ranking: ['Xếp hạng', 'Ranking'],
  explanation: ['Giải trình', 'Explanation'],
  tasks: ['Nhiệm vụ', 'Tasks'],
  units: ['Đơn vị', 'Units'],
  reports: ['Báo cáo định kỳ', 'Periodic reports'],
  asOf: ['Tính đến ngày', 'As of'],
  cutoff: ['Mốc chấm điểm cuối năm', 'Year-end cutoff'],
  provisional: ['Tạm tính', 'Provisional'],
  notes: ['Ghi chú', 'Notes'],
  asOfHelp: [
    'Số liệu tính đến 23:59:59 (giờ Việt Nam) của ngày chọn',
    'Figures as known at 23:59:59 (Vietnam time) of the chosen day',
  ],
  language: ['English', 'Tiếng Việt'],
  languageLabel: ['Chuyển sang tiếng Anh', 'Switch to Vietnamese'],
  forgetKey: ['Quên khóa', 'Forget key'],
  keyTitle: ['Cần khóa API', 'An API key is needed'],
  keyExplain: [
    'Bảng điều khiển đọc dữ liệu qua API và cần một khóa (vai trò analyst trở lên). Khóa được giữ trong phiên làm việc này của trình duyệt và mất khi đóng thẻ.',
    'The dashboard reads through the API and needs a key (role analyst or above). The key is kept for this browser session only and forgotten when the tab closes.',
  ],
  keyHowTo: [
    'Chưa có khóa? Lần chạy đầu tiên của "pnpm start" in ra một khóa analyst; hoặc tạo khóa mới bằng:',
    'No key? The first run of "pnpm start" prints an analyst key; or create one with:',
  ],
  keyLabel: ['Khóa API', 'API key'],
  keySubmit: ['Dùng khóa này', 'Use this key'],
  keyRejected: ['Khóa bị từ chối', 'The key was refused'],
  loading: ['Đang tải…', 'Loading…'],
  error: ['Lỗi', 'Error'],
  downloadCsv: ['Tải CSV', 'Download CSV'],
  downloadXlsx: ['Tải báo cáo Excel (XLSX)', 'Download the Excel report (XLSX)'],
  noPlan: ['Chưa có kế hoạch nào trong sổ cái', 'The ledger holds no plan yet'],
  plan: ['Kế hoạch', 'Plan'],
  area: ['Lĩnh vực', 'Area'],
  unit: ['Đơn vị', 'Unit'],
  status: ['Trạng thái', 'Status'],
  role: ['Vai trò', 'Role'],
  due: ['Hạn', 'Due'],
  completedOn: ['Hoàn thành ngày', 'Completed on'],
  score: ['Điểm', 'Score'],
  band: ['Xếp loại', 'Band'],
  rank: ['Hạng', 'Rank'],
  task: ['Nhiệm vụ', 'Task'],
  title: ['Nội dung', 'Title'],
  all: ['Tất cả', 'All'],
  total: ['Tổng', 'Total'],
  assignments: ['Lượt giao', 'Assignments'],
  doneOnTime: ['Hoàn thành đúng hạn', 'Done on time'],
  doneLate: ['Hoàn thành trễ hạn', 'Done late'],
  overdue: ['Quá hạn', 'Overdue'],
  awaiting: ['Chờ xác nhận', 'Awaiting confirmation'],
  inProgress: ['Đang thực hiện', 'In progress'],
  notTriggered: ['Không phát sinh', 'Not triggered'],
  cancelled: ['Đã hủy', 'Cancelled'],
  meanScore: ['Điểm TB', 'Mean s'],
  progressByArea: ['Tiến độ theo lĩnh vực (nhiệm vụ chủ trì)', 'Progress by area (lead assignments)'],
  indicators: ['Chỉ tiêu so với mục tiêu', 'Indicators against targets'],
  indicator: ['Chỉ tiêu', 'Indicator'],
  target: ['Mục tiêu', 'Target'],
  latest: ['Giá trị mới nhất', 'Latest value'],
  measuredOn: ['Đo ngày', 'Measured'],
  met: ['Đạt', 'Met'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  overdueCount: ['Lượt giao quá hạn', 'Overdue assignments'],
  missingReports: ['Báo cáo còn thiếu', 'Missing reports'],
  nextDue: ['Báo cáo sắp đến hạn', 'Next reports due'],
  noneDue: ['Không còn báo cáo nào đến hạn trong năm', 'No more reports due this year'],
  position: ['Vị trí nhật ký', 'Log position'],
  rulebook: ['Bộ quy tắc', 'Rulebook'],
  inputsHash: ['Băm đầu vào', 'Inputs hash'],
  published: ['Đã công bố', 'Published'],
  publishedSame: ['kết quả trùng khớp bản đã công bố', 'same result as published'],
  publishedDiffers: ['kết quả khác bản đã công bố', 'differs from the published result'],
  notPublished: ['Chưa công bố — bản tính tạm thời', 'Not published — a provisional computation'],
  byBand: ['Số đơn vị theo xếp loại', 'Units by band'],
  unranked: ['Chưa xếp hạng', 'Unranked'],
  tasksComponent: ['Nhiệm vụ (%)', 'Tasks (%)'],
  reportsComponent: ['Báo cáo (%)', 'Reports (%)'],
  bonus: ['Thưởng', 'Bonus'],
  deductions: ['Trừ', 'Deductions'],
  criticism: ['Trừ do phê bình', 'Criticism deduction'],
  missingDeduction: ['Trừ do thiếu báo cáo', 'Missing-report deduction'],
  base: ['Điểm cơ sở', 'Base score'],
  weight: ['Trọng số', 'Weight'],
  value: ['Giá trị', 'Value'],
  composition: ['Cấu thành điểm', 'How the score is made'],
  component: ['Thành phần', 'Component'],
  sumCheck: ['Kiểm tra: điểm cơ sở + thưởng − trừ = điểm', 'Check: base + bonus − deductions = score'],
  areasTitle: [
    'Điểm theo lĩnh vực (trung bình s các nhiệm vụ được tính)',
    'Score by area (mean s of scorable assignments)',
  ],
  assignmentsTitle: ['Từng nhiệm vụ được giao', 'Each assignment'],
  reportsTitle: ['Từng báo cáo định kỳ', 'Each periodic report'],
  recognitionsTitle: ['Khen thưởng, phê bình, kỷ luật', 'Initiatives, criticisms, sanctions'],
  events: ['Sự kiện', 'Events'],
  period: ['Kỳ', 'Period'],
  submittedOn: ['Nộp ngày', 'Submitted on'],
  workingDaysLate: ['Số ngày làm việc trễ', 'Working days late'],
  missing: ['Thiếu', 'Missing'],
  notDue: ['Chưa đến hạn', 'Not due yet'],
  onTime: ['Đúng hạn', 'On time'],
  late: ['Trễ', 'Late'],
  kind: ['Loại', 'Kind'],
  level: ['Cấp', 'Level'],
  date: ['Ngày', 'Date'],
  eventId: ['Mã sự kiện', 'Event id'],
  chooseUnit: [
    'Chọn một đơn vị ở trang Xếp hạng để xem giải trình.',
    'Pick a unit on the Ranking page to see its explanation.',
  ],
  filters: ['Bộ lọc', 'Filters'],
  overdueOnly: ['Chỉ quá hạn', 'Overdue only'],
  apply: ['Lọc', 'Filter'],
  nextPage: ['Trang sau', 'Next page'],
  firstPage: ['Trang đầu', 'First page'],
  timeline: ['Dòng thời gian', 'Timeline'],
  product: ['Sản phẩm', 'Product'],
  deadline: ['Tiến độ', 'Deadline'],
  revision: ['Phiên bản', 'Revision'],
  type: ['Loại sự kiện', 'Event type'],
  actor: ['Người ghi', 'Actor'],
  occurredAt: ['Xảy ra lúc', 'Occurred at'],
  recordedAt: ['Ghi nhận lúc', 'Recorded at'],
  backDated: ['Ghi lùi ngày', 'Back-dated'],
  backfill: ['Nhập bù (backfill)', 'Back-filled'],
  days: ['ngày', 'days'],
  workingDays: ['ngày làm việc', 'working days'],
  hash: ['Băm', 'Hash'],
  lineage: ['Quá trình thay đổi', 'Lineage'],
  active: ['Đang hoạt động', 'Active'],
  inactive: ['Đã giải thể/sáp nhập', 'No longer active'],
  established: ['Thành lập', 'Established'],
  renamed: ['Đổi tên', 'Renamed'],
  merged: ['Sáp nhập vào', 'Merged into'],
  split: ['Chia tách thành', 'Split into'],
  decision: ['Quyết định', 'Decision'],
  parent: ['Trực thuộc', 'Parent'],
  currentName: ['Tên hiện tại', 'Current name'],
  reportsGrid: ['Báo cáo định kỳ theo đơn vị và kỳ', 'Periodic reports by unit and period'],
  legend: ['Chú thích', 'Legend'],
  eventsOf: ['Sự kiện của nhiệm vụ, theo thứ tự ghi', 'The task’s events, in recorded order'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof TEXT;

let current: Lang = sessionStorage.getItem('cchc.lang') === 'en' ? 'en' : 'vi';

export const lang = (): Lang => current;

export function setLang(next: Lang): void {
  current = next;
  sessionStorage.setItem('cchc.lang', next);
  document.documentElement.lang = next;
}

export function t(key: TextKey): string {
  return TEXT[key][current === 'vi' ? 0 : 1];
}

/** A text with `{name}` placeholders filled in. */
export function tf(key: TextKey, values: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The API answers a status by its Vietnamese label; English readers get the label of the same code. */
export function statusLabel(status: string): string {
  const code = assignmentStatusOfLabel(status);
  return current === 'vi' || code === undefined ? status : ASSIGNMENT_STATUSES[code].en;
}

const BAND_EN: Record<string, string> = {
  'Xuất sắc': 'Excellent',
  Tốt: 'Good',
  Khá: 'Fair',
  'Trung bình': 'Average',
  Yếu: 'Weak',
};

export function bandLabel(band: string | null): string {
  if (band === null) return t('unranked');
  return current === 'vi' ? band : `${band} (${BAND_EN[band] ?? band})`;
}
