import {
  handlePlanCommand,
  handleTaskCommand,
  handleUnitCommand,
  type CommandContext,
  type DuckDbEventStore,
  type PlanCommand,
  type TaskCommand,
  type UnitCommand,
} from '@cchc/core';

type Step = { kind: 'plan'; command: PlanCommand } | { kind: 'task'; command: TaskCommand } | { kind: 'unit'; command: UnitCommand };

const t = (date: string, time = '09:00') => `${date}T${time}:00+07:00`;

/**
 * A small, fixed slice of the 2025 year, recorded as backfill through the deciders. Command ids are
 * fixed, so running it again writes nothing. (The full demo year comes with the plan importer.)
 */
const STEPS: Step[] = [
  {
    kind: 'plan',
    command: {
      type: 'IssuePlan',
      at: t('2025-01-15'),
      planId: 'cchc-2025',
      year: 2025,
      title: 'Kế hoạch Cải cách hành chính của Sở Tài nguyên và Môi trường năm 2025',
      indicators: [{ id: 'IND-2d-2', text: 'Tỷ lệ giao dịch thanh toán trực tuyến', comparator: '>', target: 70, unit: '%' }],
      reportSchedule: [
        { period: 'Q1', due: '2025-03-10' },
        { period: 'H1', due: '2025-06-10' },
        { period: 'Q3', due: '2025-09-10' },
        { period: 'Y', due: '2025-12-10' },
      ],
    },
  },
  { kind: 'unit', command: { type: 'EstablishUnit', at: t('2025-01-15'), unitId: 'vp-so', name: 'Văn phòng Sở', kind: 'van_phong', shortNames: ['VP'] } },
  { kind: 'unit', command: { type: 'EstablishUnit', at: t('2025-01-15'), unitId: 'vpdkdd', name: 'Văn phòng Đăng ký đất đai', kind: 'trung_tam', shortNames: ['VPĐKĐĐ'] } },
  { kind: 'unit', command: { type: 'EstablishUnit', at: t('2025-01-15'), unitId: 'cc-qldd', name: 'Chi cục Quản lý đất đai', kind: 'chi_cuc', shortNames: [] } },
  {
    kind: 'task',
    command: {
      type: 'DefineTask',
      at: t('2025-01-15'),
      planYear: 2025,
      taskId: 'II.3',
      area: 'II',
      title: 'Số hóa hồ sơ, kết quả giải quyết TTHC',
      product: '100% hồ sơ, kết quả giải quyết TTHC được số hóa theo quy định hiện hành',
      deadline: { kind: 'ongoing', text: 'Thường xuyên' },
      lead: ['vp-so', 'vpdkdd', 'cc-qldd'],
      coordinators: [],
    },
  },
  {
    kind: 'task',
    command: {
      type: 'DefineTask',
      at: t('2025-01-15'),
      planYear: 2025,
      taskId: 'V.4',
      area: 'V',
      title: 'Quy định thẩm quyền quản lý, khai thác tài sản công thuộc phạm vi quản lý của địa phương',
      product: 'Văn bản phối hợp',
      deadline: { kind: 'date', due: '2025-06-30', text: 'Quý II/2025' },
      lead: ['vp-so'],
      coordinators: [],
    },
  },
  {
    kind: 'task',
    command: {
      type: 'DefineTask',
      at: t('2025-01-15'),
      planYear: 2025,
      taskId: 'VII.1',
      area: 'VII',
      title: 'Ban hành Kế hoạch tuyên truyền CCHC năm 2025',
      product: 'Kế hoạch của Sở',
      deadline: { kind: 'conditional', text: 'Theo chỉ đạo của UBND tỉnh', condition: 'Theo chỉ đạo của UBND tỉnh' },
      lead: ['vp-so'],
      coordinators: ['vpdkdd', 'cc-qldd'],
    },
  },
  { kind: 'task', command: { type: 'StartTask', at: t('2025-02-03'), planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd' } },
  { kind: 'task', command: { type: 'ReportProgress', at: t('2025-03-05'), planYear: 2025, taskId: 'II.3', unitId: 'vpdkdd', percent: 30, note: 'Số hóa 1.200 hồ sơ địa chính', evidenceRefs: ['BC 45/VPĐK'] } },
  { kind: 'unit', command: { type: 'SubmitPeriodicReport', at: t('2025-03-08'), unitId: 'vpdkdd', year: 2025, period: 'Q1' } },
  { kind: 'unit', command: { type: 'SubmitPeriodicReport', at: t('2025-03-14'), unitId: 'cc-qldd', year: 2025, period: 'Q1' } },
  { kind: 'task', command: { type: 'SetDeadline', at: t('2025-04-02'), planYear: 2025, taskId: 'VII.1', due: '2025-05-31', decisionRef: '1234/UBND-KSTT' } },
  { kind: 'task', command: { type: 'SubmitProduct', at: t('2025-05-20'), planYear: 2025, taskId: 'V.4', unitId: 'vp-so', productRef: 'CV 210/VP' } },
  { kind: 'task', command: { type: 'ReturnProduct', at: t('2025-05-23'), planYear: 2025, taskId: 'V.4', unitId: 'vp-so', reason: 'Thiếu ý kiến của Sở Tài chính' } },
  { kind: 'task', command: { type: 'SubmitProduct', at: t('2025-06-12'), planYear: 2025, taskId: 'V.4', unitId: 'vp-so', productRef: 'CV 260/VP' } },
  { kind: 'task', command: { type: 'CompleteTask', at: t('2025-06-16'), planYear: 2025, taskId: 'V.4', unitId: 'vp-so', productRef: 'CV 260/VP' } },
  { kind: 'task', command: { type: 'CompleteTask', at: t('2025-05-28'), planYear: 2025, taskId: 'VII.1', unitId: 'vp-so', productRef: 'KH 98/KH-STNMT' } },
  { kind: 'unit', command: { type: 'RecognizeInitiative', at: t('2025-07-01'), unitId: 'vpdkdd', level: 'province', title: 'Số hóa hồ sơ địa chính liên thông' } },
];

export interface DemoResult {
  readonly written: number;
  readonly alreadyThere: number;
}

export async function runDemoYear(store: DuckDbEventStore): Promise<DemoResult> {
  let written = 0;
  let alreadyThere = 0;
  for (const [i, step] of STEPS.entries()) {
    const context: CommandContext = {
      actor: 'cchc-demo',
      source: 'cli',
      commandId: `demo-2025-step-${i}`,
      // One of them was recorded ten days after it happened, as happens.
      backfill: { recordedAt: i === 10 ? t('2025-03-24') : step.command.at },
    };
    const outcome =
      step.kind === 'plan'
        ? await handlePlanCommand(store, step.command, context)
        : step.kind === 'task'
          ? await handleTaskCommand(store, step.command, context)
          : await handleUnitCommand(store, step.command, context);
    if (outcome.alreadyHandled) alreadyThere += outcome.events.length;
    else written += outcome.events.length;
  }
  return { written, alreadyThere };
}
