import { createHash } from 'node:crypto';
import type { DemoApi } from '@cchc/api/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FITS_WIDTH, UNREADY, useDashboardBrowser } from './testing/dashboard-browser.ts';
import { ensureChromium } from './testing/ensure-chromium.ts';

// The write workflows on the work page: the office's test continues the product the reporter's test submitted.
const chromiumPath = ensureChromium();

describe.skipIf(!chromiumPath)('the dashboard in Chromium, on the demo year', () => {
  let demo: DemoApi;
  let page: Page;
  const { problems, api, ready, open, shot, signIn } = useDashboardBrowser(chromiumPath, (started) => {
    ({ demo, page } = started);
  });
  const byId = (id: string) => `[id="${id}"]`;
  /** Fills a work form's date as a late entry of the demo year, then sends it. */
  const sendLate = async (formId: string, day: string) => {
    await page.fill(`${byId(`${formId}--entry-date`)}`, day);
    await page.dispatchEvent(byId(`${formId}--entry-date`), 'change');
    await page.selectOption(byId(`${formId}--entry-kind`), 'late');
    await page.fill(byId(`${formId}--entry-reason`), 'thử nghiệm trình duyệt: ghi muộn / browser test: late entry');
    await page.evaluate(UNREADY);
    await page.click(`${byId(formId)} button[type=submit]`);
    await page.waitForSelector(`#work-flash, ${byId(formId)} .form-status.error`);
    const refused = await page.$(`${byId(formId)} .form-status.error`);
    expect(refused && (await refused.textContent()), formId).toBeNull();
    await ready();
  };
  const eventsOf = async (taskId: string) =>
    (
      await api<{ events: { type: string; metadata: { actor: string }; data: Record<string, unknown> }[] }>(
        `/v1/tasks/${taskId}`,
      )
    ).events;

  it('a unit’s reporter reports progress and submits its product from the page; a refusal shows the rule in Vietnamese', async () => {
    await signIn(demo.key.reporter);
    await open('#/work');
    expect(await page.textContent('#work-role')).toBe('reporter');
    expect(await page.textContent('#work-unit')).toBe(demo.reporterUnit);
    const open_ = await api<{ items: { taskId: string; role: string; statusCode: string }[] }>(
      `/v1/plans/cchc-2025/tasks?unit=${demo.reporterUnit}&limit=1000`,
    );
    const target = open_.items.find(
      (a) =>
        a.role === 'lead' &&
        !['done_on_time', 'done_late', 'cancelled', 'awaiting_confirmation'].includes(a.statusCode),
    )!;
    expect(target, 'an open lead assignment of the reporter’s unit').toBeDefined();
    const form = `progress-${target.taskId}-lead`;
    await page.click(`${byId(`actions-${target.taskId}-lead`)} summary`);
    await page.fill(byId(`${form}-percent`), '70');
    // Today is outside the 2025 plan year: the rule's own message, in Vietnamese.
    await page.click(`${byId(form)} button[type=submit]`);
    await page.waitForSelector(`${byId(form)} .form-status.error`);
    expect(await page.textContent(`${byId(form)} .form-status`)).toContain('thời điểm nằm ngoài năm kế hoạch');
    await shot('11-work-refused.png');
    problems.length = 0; // the refused command's 422 is logged by the browser, as it should be

    const before = (await eventsOf(target.taskId)).length;
    // Twice, fast: one form, one Idempotency-Key, one command.
    await page.fill(byId(`${form}--entry-date`), '2025-11-20');
    await page.dispatchEvent(byId(`${form}--entry-date`), 'change');
    await page.fill(byId(`${form}--entry-reason`), 'thử nghiệm trình duyệt / browser test');
    // With an evidence file: uploaded first (a progress bar), its SHA-256 cited by the command.
    const pdf = Buffer.from('%PDF-1.4\nbáo cáo tiến độ / progress report\n%%EOF\n');
    await page.setInputFiles(byId(`${form}-evidence`), {
      name: 'bao-cao-tien-do.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await page.evaluate(UNREADY);
    await page.dblclick(`${byId(form)} button[type=submit]`);
    await page.waitForSelector('#work-flash');
    await ready();
    expect(await page.textContent('#work-flash')).toContain('ProgressReported');
    const progress = (await eventsOf(target.taskId)).slice(before);
    expect(progress.map((e) => e.type)).toEqual(['ProgressReported']);
    expect(progress[0]!.metadata.actor).toMatch(/^api:reporter:/);
    expect(progress[0]!.data.evidenceFiles).toEqual([createHash('sha256').update(pdf).digest('hex')]);

    await page.click(`${byId(`actions-${target.taskId}-lead`)} summary`);
    await page.fill(byId(`submit-${target.taskId}-productRef`), '15/BC-VPĐKĐĐ');
    await sendLate(`submit-${target.taskId}`, '2025-11-21');
    expect(
      await page.getAttribute(`#work-assignments tr[data-task="${target.taskId}"][data-role="lead"]`, 'data-status'),
    ).toBe('awaiting_confirmation');
    await shot('12-work-reporter.png');
    expect(problems).toEqual([]);
    (globalThis as { submittedTask?: string }).submittedTask = target.taskId;
  });

  it('the office returns the submitted product, the unit submits again, the office confirms completion', async () => {
    const taskId = (globalThis as { submittedTask?: string }).submittedTask!;
    const unit = demo.reporterUnit;
    await signIn(demo.key.office);
    await open('#/work');
    expect(await page.textContent('#work-role')).toBe('office');
    const row = `#work-awaiting tr[data-task="${taskId}"][data-unit="${unit}"]`;
    await page.waitForSelector(row);
    await page.click(`${byId(`appraise-${taskId}-${unit}`)} summary`);
    await page.fill(byId(`return-${taskId}-${unit}-reason`), 'Thiếu phụ lục số liệu');
    await sendLate(`return-${taskId}-${unit}`, '2025-11-24');
    expect(await page.$(row)).toBeNull();
    await shot('13-work-office-returned.png');

    await signIn(demo.key.reporter);
    await open('#/work');
    await page.click(`${byId(`actions-${taskId}-lead`)} summary`);
    await sendLate(`submit-${taskId}`, '2025-11-25');

    await signIn(demo.key.office);
    await open('#/work');
    await page.click(`${byId(`appraise-${taskId}-${unit}`)} summary`);
    await sendLate(`complete-${taskId}-${unit}`, '2025-11-26');
    expect(await page.$(row)).toBeNull();
    const types = (await eventsOf(taskId)).map((e) => e.type).slice(-4);
    expect(types).toEqual(['ProductSubmitted', 'ProductReturned', 'ProductSubmitted', 'TaskCompleted']);
    await shot('14-work-office-completed.png');

    // The plan amended from the page: a task added by decision, then its title amended.
    await page.fill(byId('office-add-task-taskId'), 'VI.9');
    await page.fill(byId('office-add-task-title'), 'Triển khai chữ ký số cho cán bộ');
    await page.fill(byId('office-add-task-due'), '2025-12-10');
    await page.fill(byId('office-add-task-lead'), 'vp-so');
    await page.fill(byId('office-add-task-decisionRef'), '321/QĐ-STNMT');
    await page.fill(byId('office-add-task-decidedOn'), '2025-11-20');
    await sendLate('office-add-task', '2025-11-26');
    expect(await page.textContent('#work-flash')).toContain('TaskDefined');
    await page.fill(byId('office-amend-task-taskId'), 'VI.9');
    await page.fill(byId('office-amend-task-title'), 'Triển khai chữ ký số cho cán bộ, công chức');
    await page.fill(byId('office-amend-task-decisionRef'), '322/QĐ-STNMT');
    await page.fill(byId('office-amend-task-decidedOn'), '2025-11-27');
    await sendLate('office-amend-task', '2025-11-27');
    expect(await page.textContent('#work-flash')).toContain('TaskAmended');
    const amendments = await api<{ items: { kind: string; taskId: string; decisionRef: string }[] }>(
      '/v1/plans/cchc-2025/amendments',
    );
    expect(amendments.items.filter((a) => a.taskId === 'VI.9').map((a) => `${a.kind} ${a.decisionRef}`)).toEqual([
      'task_added 321/QĐ-STNMT',
      'task_amended 322/QĐ-STNMT',
    ]);

    await page.setViewportSize({ width: 390, height: 844 });
    await open('#/work');
    await shot('15-work-phone.png');
    expect(await page.evaluate(FITS_WIDTH)).toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(demo.key.analyst);
    await open('#/work');
    expect(await page.textContent('#work-page')).toContain('Khóa này chỉ được xem');
    expect(problems).toEqual([]);
  });
});
