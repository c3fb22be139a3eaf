import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RankingAnswer as ApiRanking, DepartmentIndexAnswer, DepartmentRankingAnswer } from '@cchc/api';
import { type DemoApi, demoApi } from '@cchc/api/testing';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOSSIER_SHEET } from './exports/index-dossier-workbook.ts';
import { areaSheetName, RULEBOOK_SHEET, SUMMARY_SHEET, TOTAL_LABEL } from './exports/ranking-workbook.ts';
import { dashboardExtension } from './server/dashboard-plugin.ts';
import { CHROMIUM_ARGS, ensureChromium } from './testing/ensure-chromium.ts';
import { seedIndexDossier } from './testing/index-dossier-seed.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const SCREENSHOTS = join(REPO_ROOT, 'test-output/screenshots');
const chromiumPath = ensureChromium();
// Code run in the page, as strings: this program is type-checked without the DOM library.
const UNREADY = `document.querySelector('main')?.removeAttribute('data-ready')`;
const FITS_WIDTH = `document.documentElement.scrollWidth <= window.innerWidth + 1`;

describe.skipIf(!chromiumPath)('the dashboard in Chromium, on the demo year', () => {
  let demo: DemoApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  /** Console errors and uncaught exceptions of every page, checked after each test. */
  const problems: string[] = [];

  const api = async <T>(url: string): Promise<T> => {
    const response = await demo.app.inject({ url, headers: { authorization: `Bearer ${demo.key.analyst}` } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const ready = async () => {
    await page.waitForSelector('main[data-ready]');
    expect(await page.getAttribute('main', 'data-ready')).toBe('true');
  };
  const open = async (hash: string) => {
    // The same hash again fires no hashchange: send one, so the page renders anew either way.
    await page.evaluate(
      `${UNREADY}; if (location.hash === ${JSON.stringify(hash)}) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = ${JSON.stringify(hash)}`,
    );
    await ready();
  };
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const numbers = (selector: string, attribute: string) =>
    page.$$eval(selector, (els, a) => els.map((e) => Number(e.getAttribute(a))), attribute);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    demo = await demoApi({ extensions: [dashboardExtension] });
    base = await demo.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    // Nothing may be fetched from outside: every request stays on the test server.
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
        problems.push(`outside request: ${r.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('without a key says what to do, then keeps the analyst key for the session and shows the overview', async () => {
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('form.key-form');
    expect(await page.textContent('form.key-form')).toContain('pnpm cchc keys create --role analyst');
    await shot('00-key.png');

    await page.fill('#api-key', 'cchc_000000000000_wrong');
    await page.click('form.key-form button[type=submit]');
    await page.waitForSelector('form.key-form [role=alert]');
    problems.length = 0; // the refused key's 401 is logged by the browser, as it should be

    await page.fill('#api-key', demo.key.analyst);
    await page.click('form.key-form button[type=submit]');
    await ready();
    expect(await page.isVisible('#overview-page')).toBe(true);
    expect(await page.evaluate(`sessionStorage.getItem('cchc.apiKey')`)).toBe(demo.key.analyst);

    const asOf = '2025-12-15T23:59:59.999+07:00';
    const progress = await api<{ items: { overdue: number; assignments: number }[] }>(
      `/v1/progress?asOf=${encodeURIComponent(asOf)}`,
    );
    const reports = await api<{ items: { missing: boolean }[] }>(`/v1/reports?asOf=${encodeURIComponent(asOf)}`);
    expect(await page.textContent('#count-overdue .card-value')).toBe(
      String(progress.items.reduce((n, a) => n + a.overdue, 0)),
    );
    expect(await page.textContent('#count-missing .card-value')).toBe(
      String(reports.items.filter((r) => r.missing).length),
    );
    expect(await page.$$('#progress tbody tr')).toHaveLength(progress.items.length);
    expect(await page.$$('#progress-chart svg')).toHaveLength(1);
    await shot('01-overview.png');
    expect(problems).toEqual([]);
  });

  it('ranking: shows rulebook, position and inputs hash; changing the as-of date recomputes it through the API', async () => {
    await open('#/ranking');
    const yearEnd = await api<ApiRanking>('/v1/rankings/2025');
    expect(await page.textContent('#ranking-hash')).toBe(yearEnd.inputsHash);
    expect(await page.textContent('#ranking-rulebook')).toBe('default-2025 v1');
    expect(await page.textContent('#ranking-position')).toBe(String(yearEnd.position));
    expect(await page.$$eval('#ranking tbody tr', (rows) => rows.map((r) => r.getAttribute('data-unit')))).toEqual(
      yearEnd.rows.map((r) => r.unitId),
    );
    expect(await numbers('#ranking tbody tr', 'data-score')).toEqual(yearEnd.rows.map((r) => r.score ?? 0));
    expect(await page.getAttribute('#published-marker', 'data-published')).toBe('false');
    expect(await page.$$('#band-chart svg')).toHaveLength(1);
    // The year-end ranking of 2025 is final: no provisional badge; the API's notes are shown as given.
    expect(yearEnd.provisional).toBe(false);
    expect(await page.$('#provisional-badge')).toBeNull();
    expect(await page.$$eval('#ranking-notes li', (li) => li.map((l) => l.textContent))).toEqual(
      yearEnd.notes.map((n) => n.vi),
    );
    await shot('02-ranking.png');

    await page.evaluate(UNREADY);
    await page.fill('#as-of', '2025-06-30');
    await page.dispatchEvent('#as-of', 'change');
    await page.waitForSelector('#ranking-as-of[data-as-of="2025-06-30T16:59:59.999Z"]');
    await ready();
    const midYear = await api<ApiRanking>(
      `/v1/rankings/2025?asOf=${encodeURIComponent('2025-06-30T23:59:59.999+07:00')}`,
    );
    expect(midYear.inputsHash).not.toBe(yearEnd.inputsHash);
    expect(await page.textContent('#ranking-hash')).toBe(midYear.inputsHash);
    const shown = await numbers('#ranking tbody tr', 'data-score');
    expect(shown).toEqual(midYear.rows.map((r) => r.score ?? 0));
    expect(shown).not.toEqual(yearEnd.rows.map((r) => r.score ?? 0));
    // Before the cutoff a ranking is provisional, and says so in words.
    expect(midYear.provisional).toBe(true);
    expect(await page.textContent('#provisional-badge')).toBe('Tạm tính');
    const notes = await page.$$eval('#ranking-notes li', (li) => li.map((l) => l.textContent));
    expect(notes).toEqual(midYear.notes.map((n) => n.vi));
    expect(notes.join('\n')).toContain('TẠM TÍNH');
    await shot('02b-ranking-30-06.png');

    await page.fill('#as-of', '2025-12-15');
    await page.dispatchEvent('#as-of', 'change');
    await page.waitForSelector('#ranking-as-of[data-as-of="2025-12-15T16:59:59.999Z"]');
    expect(problems).toEqual([]);
  });

  it('clicking a unit opens its explanation, whose numbers add up to the score shown in the ranking', async () => {
    await open('#/ranking');
    const rows = await page.$$('#ranking tbody tr');
    // A unit in the middle of the table, with both components, to exercise every line.
    const row = rows[Math.floor(rows.length / 2)]!;
    const unitId = (await row.getAttribute('data-unit'))!;
    const rankedScore = Number(await row.getAttribute('data-score'));
    await page.evaluate(UNREADY);
    await (await row.$('a.unit-link'))!.click();
    await ready();
    expect(await page.getAttribute('#explanation-page', 'data-unit')).toBe(unitId);

    const part = async (name: string) =>
      Number(await page.getAttribute(`#composition [data-part=${name}]`, 'data-value'));
    const [tasks, reports, baseScore, bonus, criticism, missing, score] = await Promise.all(
      ['tasks', 'reports', 'base', 'bonus', 'criticism', 'missing', 'score'].map(part),
    );
    expect(score).toBe(rankedScore);
    expect(Math.max(0, baseScore! + bonus! - criticism! - missing!)).toBeCloseTo(score!, 9);
    expect(await page.getAttribute('#sum-check', 'data-adds-up')).toBe('true');
    // The base is the weighted components; the tasks component the weighted areas; each area the mean s.
    expect(baseScore).toBeCloseTo((100 * (80 * tasks! + 20 * reports!)) / 100, 9);
    const areas = await page.$$eval('#explanation-areas tbody tr', (trs) =>
      trs.map((tr) => ({
        area: tr.getAttribute('data-area')!,
        weight: Number(tr.getAttribute('data-weight')),
        value: Number(tr.getAttribute('data-value')),
      })),
    );
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.reduce((n, a) => n + a.weight * a.value, 0) / areas.reduce((n, a) => n + a.weight, 0)).toBeCloseTo(
      tasks!,
      9,
    );
    for (const area of areas) {
      const s = await numbers(
        `#explanation-assignments tbody tr[data-area="${area.area}"][data-scorable="true"]`,
        'data-s',
      );
      expect(s.reduce((n, v) => n + v, 0) / s.length).toBeCloseTo(area.value, 9);
    }
    const reportValues = await numbers('#explanation-reports tbody tr', 'data-value');
    expect(reportValues.reduce((n, v) => n + v, 0) / reportValues.length).toBeCloseTo(reports!, 9);
    // Each assignment links to the events behind it, on the task's timeline.
    const link = await page.getAttribute('#explanation-assignments a.event-link', 'href');
    expect(link).toMatch(/^#\/task\/[^?]+\?event=[0-9a-f-]{36}$/);
    await shot('03-explanation.png');
    expect(problems).toEqual([]);
  });

  it('task board filters by area; a task timeline lists its events in order with actors, times, flags and hashes', async () => {
    await open('#/tasks');
    expect(await page.$$('#assignments tbody tr')).toHaveLength(50);
    await shot('04-tasks.png');
    await page.selectOption('#area', 'II');
    await page.evaluate(UNREADY);
    await page.click('#task-filters button[type=submit]');
    await page.waitForFunction(`location.hash.includes('area=II')`);
    await ready();
    const tasks = await page.$$eval('#assignments tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-task')!));
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((id) => id.startsWith('II.'))).toBe(true);

    await page.evaluate(UNREADY);
    await page.click('#assignments tbody tr[data-task="II.3"] a.task-link');
    await ready();
    const task = await api<{ events: { eventId: string; globalPosition: number; hash: string; backDated: boolean }[] }>(
      '/v1/tasks/II.3?year=2025',
    );
    const positions = await numbers('#timeline tbody tr', 'data-position');
    expect(positions).toEqual(task.events.map((e) => e.globalPosition));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    expect(await numbers('#timeline tbody tr', 'data-revision')).toEqual(task.events.map((_, i) => i));
    expect(await page.$$('#timeline tbody tr.back-dated')).toHaveLength(task.events.filter((e) => e.backDated).length);
    expect(await page.getAttribute('#timeline tbody tr:first-child .mono[title]', 'title')).toBe(task.events[0]!.hash);
    await shot('05-task-timeline.png');
    expect(problems).toEqual([]);
  });

  it('units: the roster with its lineage (the demo year merges a unit)', async () => {
    await open('#/units');
    const units = await api<{ items: { unitId: string; changes: unknown[] }[] }>('/v1/units');
    expect(await page.$$('#units tbody tr')).toHaveLength(units.items.length);
    const changed = units.items.filter((u) => u.changes.length > 0);
    expect(changed.length).toBeGreaterThan(0);
    for (const u of changed)
      expect(await page.$$(`#units tr[data-unit="${u.unitId}"] ol.lineage li`)).toHaveLength(u.changes.length);
    await shot('06-units.png');
    expect(problems).toEqual([]);
  });

  it('periodic reports: a grid of units by period, on time, late or missing', async () => {
    await open('#/reports');
    const reports = await api<{ items: { unitId: string; missing: boolean; workingDaysLate: number }[] }>(
      `/v1/reports?asOf=${encodeURIComponent('2025-12-15T23:59:59.999+07:00')}`,
    );
    expect(await page.$$('#reports-grid tbody tr')).toHaveLength(new Set(reports.items.map((r) => r.unitId)).size);
    expect(await page.$$('#reports-grid .cell.missing')).toHaveLength(reports.items.filter((r) => r.missing).length);
    expect(await page.$$('#reports-grid .cell.late')).toHaveLength(
      reports.items.filter((r) => !r.missing && r.workingDaysLate > 0).length,
    );
    await shot('07-reports.png');
    expect(problems).toEqual([]);
  });

  it('the XLSX download opens with exceljs and its totals equal the API', async () => {
    await open('#/ranking');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const ranking = await api<ApiRanking>('/v1/rankings/2025');

    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const values = summary.getSheetValues().slice(2) as unknown[][]; // [0] unused by exceljs, [1] headers
    const unitRows = values.filter((r) => r[1] !== TOTAL_LABEL);
    expect(unitRows.map((r) => [r[2], r[4]])).toEqual(ranking.rows.map((r) => [r.unitId, r.score]));
    const total = values.find((r) => r[1] === TOTAL_LABEL)!;
    expect(total[4]).toBeCloseTo(
      ranking.rows.reduce((n, r) => n + (r.score ?? 0), 0),
      9,
    );

    const facts = new Map(
      (workbook.getWorksheet(RULEBOOK_SHEET)!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1], r[2]]),
    );
    expect(facts.get('Băm đầu vào')).toBe(ranking.inputsHash);
    expect(facts.get('Vị trí nhật ký')).toBe(ranking.position);
    expect(facts.get('Tính đến (UTC)')).toBe(ranking.asOf);

    // Each area sheet's scorable assignments average to the API's explanation of the same unit.
    const unit = ranking.rows[0]!;
    const explanation = await api<{ areas: { area: string; value: number }[] }>(
      `/v1/units/${unit.unitId}/explanation?year=2025`,
    );
    for (const area of explanation.areas) {
      const rows = (workbook.getWorksheet(areaSheetName(area.area))!.getSheetValues().slice(2) as unknown[][]).filter(
        (r) => r[1] === unit.unitId && r[7] === 'có',
      );
      expect(rows.reduce((n, r) => n + Number(r[11]), 0) / rows.length).toBeCloseTo(area.value, 9);
    }
    expect(problems).toEqual([]);
  });

  it('a published ranking is marked as such, with its event', async () => {
    const published = await demo.app.inject({
      method: 'POST',
      url: '/v1/rankings/2025/publish',
      headers: { authorization: `Bearer ${demo.key.office}` },
      payload: {},
    });
    expect(published.statusCode, published.body).toBe(201);
    const { eventId } = published.json<{ eventId: string }>();
    await open('#/ranking');
    expect(await page.getAttribute('#published-marker', 'data-published')).toBe('true');
    expect(await page.textContent('#published-marker')).toContain(eventId);
    await shot('02c-ranking-published.png');
    expect(problems).toEqual([]);
  });

  it('English on the toggle; keyboard reaches the navigation; fits a phone-width screen', async () => {
    await open('#/ranking');
    await page.evaluate(UNREADY);
    await page.click('#lang-toggle');
    await ready();
    expect(await page.textContent('h1')).toBe('Ranking 2025');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shot('08-ranking-en.png');
    await page.evaluate(UNREADY);
    await page.click('#lang-toggle');
    await ready();
    expect(await page.textContent('h1')).toBe('Xếp hạng 2025');

    // From the skip link (the first stop), Tab reaches the first page of the navigation.
    await page.focus('.skip-link');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        `document.activeElement?.closest('nav') !== null && document.activeElement?.getAttribute('href')`,
      ),
    ).toBe('#/overview');
    await page.evaluate(UNREADY);
    await page.keyboard.press('Enter');
    await ready();
    expect(await page.isVisible('#overview-page')).toBe(true);

    await page.setViewportSize({ width: 390, height: 844 });
    await open('#/ranking');
    expect(await page.evaluate(FITS_WIDTH)).toBe(true);
    await shot('09-ranking-phone.png');
    await open('#/overview');
    expect(await page.evaluate(FITS_WIDTH)).toBe(true);
    await shot('10-overview-phone.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(problems).toEqual([]);
  });
  /** Signs in with another role's key (the page keeps one key per browser session). */
  const signIn = async (key: string) => {
    if (!page.url().startsWith(base)) await page.goto(`${base}/dashboard`);
    await page.evaluate(`sessionStorage.setItem('cchc.apiKey', ${JSON.stringify(key)})`);
  };
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
  const setAsOf = async (day: string) => {
    await page.evaluate(UNREADY);
    await page.fill('#as-of', day);
    await page.dispatchEvent('#as-of', 'change');
    await ready();
  };
  const rowData = (criterion: string) =>
    page.$eval(`#index-tree tr[data-criterion="${criterion}"]`, (tr) => ({
      max: tr.getAttribute('data-max'),
      self: tr.getAttribute('data-self'),
      appraised: tr.getAttribute('data-appraised'),
      final: tr.getAttribute('data-final'),
      scored: tr.getAttribute('data-scored'),
      text: tr.textContent,
    }));

  it('Chỉ số CCHC của Sở: from nothing to a published index, the figures shown equal a hand computation', async () => {
    // The appraisal council's view (it may read the evidence files; an analyst may not, checked below).
    await signIn(demo.key.appraiser);
    await open('#/overview');
    await setAsOf('2025-12-31');
    // No dossier yet: the page says what to do, not a blank.
    await open('#/index');
    expect(await page.getAttribute('#index-page', 'data-state')).toBe('no-dossier');
    expect(await page.textContent('#index-empty')).toContain('cchc index self-score');
    expect(await page.getAttribute('nav a[href="#/index"]', 'aria-current')).toBe('page');
    // A department that has scored nothing: the tree with the derived points, and what to do first.
    await open('#/index/so-tnmt');
    expect(await page.getAttribute('#index-page', 'data-state')).toBe('no-self-score');
    expect(await page.textContent('#index-empty')).toContain('cchc index self-score so-tnmt');
    // 15 manual criteria without a self-score, 2 survey criteria not entered.
    expect(await page.$$eval('#index-missing li', (li) => li.map((l) => l.getAttribute('data-missing')))).toEqual([
      ...Array<string>(15).fill('missingSelfScore'),
      'missingSurvey',
      'missingSurvey',
    ]);
    expect((await rowData('1.3')).scored).toBe('false');
    await shot('16-index-empty.png');

    // The department office scores every manual criterion (2.2 first without evidence), the council appraises.
    const { report, decision } = await seedIndexDossier(demo);

    // As of 06/12: 2.2 is scored without evidence; 9 days left to the self-assessment deadline (15/12).
    await setAsOf('2025-12-06');
    expect(await page.getAttribute('#index-page', 'data-state')).toBe('scored');
    const missingOn6 = await page.$$eval('#index-missing li', (li) =>
      li.map((l) => [
        l.getAttribute('data-criterion'),
        l.getAttribute('data-missing'),
        l.getAttribute('data-days-left'),
      ]),
    );
    expect(missingOn6).toEqual([
      ['2.2', 'missingEvidence', '9'],
      ['8.1', 'missingSurvey', '56'],
      ['8.2', 'missingSurvey', '56'],
    ]);
    expect(await page.getAttribute('#index-deadlines tr[data-step="selfAssessment"]', 'data-days-left')).toBe('9');
    expect(await page.getAttribute('#index-status', 'data-submitted')).toBe('false');
    await shot('17-index-missing-evidence.png');

    // As of 31/12: submitted, explained, appraised, surveyed.
    await setAsOf('2025-12-31');
    const asOf = '2025-12-31T16:59:59.999Z';
    expect(await page.getAttribute('#index-as-of', 'data-as-of')).toBe(asOf);
    const api_ = await api<DepartmentIndexAnswer>(
      `/v1/index/2025/departments/so-tnmt?planId=cchc-2025&asOf=${encodeURIComponent(asOf)}`,
    );
    // The derived criteria come from the demo ledger (hand-checked in derived-criteria.int.spec.ts).
    const derived = api_.leaves.filter((l) => l.method === 'derived').reduce((a, l) => a + l.final, 0);
    // By hand: manual 54 − 0.5 (1.3) − 1 (7.2) = 52.5 self; 3.1 appraised 4 → 3; survey 17.25 + 8.5.
    const card = async (id: string) => Number(await page.getAttribute(`#${id}`, 'data-value'));
    expect(await card('index-self')).toBeCloseTo(52.5 + derived, 9);
    expect(await card('index-appraised')).toBeCloseTo(51.5 + derived, 9);
    expect(await card('index-final')).toBeCloseTo(51.5 + derived + 25.75, 9);
    expect(await card('index-published')).toBe(Number((51.5 + derived + 25.75).toFixed(2)));
    expect(await rowData('1.3')).toMatchObject({
      max: '2',
      self: '1.5',
      appraised: '1.5',
      final: '1.5',
      scored: 'true',
    });
    expect((await rowData('1.3')).text).toContain('Kiểm tra 3/4 đơn vị');
    const r31 = await rowData('3.1');
    expect(r31).toMatchObject({ max: '4', self: '4', appraised: '3', final: '3' });
    expect(r31.text).toContain('Công bố chậm 1 TTHC');
    expect(await rowData('8.1')).toMatchObject({ max: '20', self: '', appraised: '', final: '17.25' });
    expect(await rowData('3')).toMatchObject({ max: '12', self: '12', appraised: '11', final: '11' });
    expect(await rowData('8')).toMatchObject({ max: '30', final: '25.75' });
    expect(Number((await rowData('total')).final)).toBeCloseTo(api_.final, 9);
    const subSum = api_.leaves.filter((l) => l.criterionId.startsWith('1.1.')).reduce((a, l) => a + l.final, 0);
    expect(Number((await rowData('1.1')).final)).toBeCloseTo(subSum, 9);
    expect(await page.getAttribute('#index-missing', 'data-count')).toBe('0');
    expect(await page.getAttribute('#index-deadlines tr[data-step="selfAssessment"]', 'data-done')).toBe('true');
    expect(await page.getAttribute('#index-deadlines tr[data-step="appraisal"]', 'data-done')).toBe('true');
    expect(await page.getAttribute('#index-deadlines tr[data-step="publication"]', 'data-done')).toBe('false');
    // The request and its answer, with the answer's evidence.
    expect(await page.getAttribute('#index-requests tr[data-request="gt-1"]', 'data-answered')).toBe('true');
    expect(await page.textContent('#index-requests tr[data-request="gt-1"]')).toContain('Đã bổ sung quyết định');
    expect(await page.getAttribute('#index-requests tr[data-request="gt-1"] a.evidence-link', 'data-sha256')).toBe(
      decision.sha256,
    );
    // An evidence link names the file and downloads its bytes through the API.
    const link = '#index-tree tr[data-criterion="1.3"] a.evidence-link';
    expect(await page.textContent(link)).toBe('bien-ban-kiem-tra.pdf');
    const [evidence] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
    expect(evidence.suggestedFilename()).toBe('bien-ban-kiem-tra.pdf');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync((await evidence.path())!)).toEqual(report.bytes);
    // The dossier download: the councils' layout, the same figures.
    const [dossier] = await Promise.all([page.waitForEvent('download'), page.click('#download-dossier')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await dossier.path())!);
    const sheetRows = workbook.getWorksheet(DOSSIER_SHEET)!.getSheetValues() as unknown[][];
    expect(sheetRows.find((r) => r?.[1] === '3.1')?.slice(4, 9)).toEqual([4, 4, report.sha256, 3, 3]);
    // Ranked with the other department: provisional, nothing published yet.
    const ranking = await api<DepartmentRankingAnswer>(
      `/v1/index/2025/ranking?departments=so-khac,so-tnmt&asOf=${encodeURIComponent(asOf)}`,
    );
    expect(
      await page.$$eval('#index-ranking tbody tr', (rows) =>
        rows.map((r) => [
          r.getAttribute('data-department'),
          r.getAttribute('data-rank'),
          r.getAttribute('data-rounded'),
        ]),
      ),
    ).toEqual(ranking.rows.map((r) => [r.departmentId, String(r.rank), String(r.rounded)]));
    expect(ranking.rows.map((r) => r.departmentId)).toEqual(['so-tnmt', 'so-khac']);
    expect(await page.getAttribute('#index-ranking-state', 'data-all-published')).toBe('false');
    await shot('18-index-appraised.png');

    // Published by the council (recorded now): shown as of now, past the plan year's last day.
    const published = await demo.app.inject({
      method: 'POST',
      url: '/v1/index/2025/departments/so-tnmt/publish',
      headers: { authorization: `Bearer ${demo.key.appraiser}` },
      payload: { planId: 'cchc-2025', asOf },
    });
    expect(published.statusCode, published.body).toBe(201);
    await page.evaluate(UNREADY);
    await page.click('#index-at-toggle');
    await ready();
    expect(await page.textContent('#index-status')).toContain('Đã công bố');
    expect(await page.getAttribute('#index-deadlines tr[data-step="publication"]', 'data-done')).toBe('true');
    expect(await page.textContent('#index-ranking tr[data-department="so-tnmt"]')).toContain('✓ Đã công bố');
    await shot('19-index-published.png');
    // In English on the toggle; at phone width nothing overflows (the tree scrolls in its frame).
    await page.evaluate(UNREADY);
    await page.click('#lang-toggle');
    await ready();
    expect(await page.textContent('#index-page h1')).toBe('Department CCHC index 2025');
    expect(await page.textContent('#index-deadlines caption')).toContain('Step deadlines (from the criteria set)');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(FITS_WIDTH)).toBe(true);
    await shot('20-index-phone-en.png');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(UNREADY);
    await page.click('#lang-toggle');
    await ready();
    expect(problems).toEqual([]);

    // An analyst sees the same figures, the evidence by its hash, and is told why a file is not served.
    await signIn(demo.key.analyst);
    await open('#/index/so-tnmt?at=now');
    expect(await page.textContent(link)).toBe(`${report.sha256.slice(0, 12)}…`);
    await page.click(link);
    await page.waitForSelector(`#index-tree [data-refused="${report.sha256}"]`);
    expect(await page.textContent(`#index-tree [data-refused="${report.sha256}"]`)).toContain('analyst');
    problems.length = 0; // the refused reads' 403s are logged by the browser, as they should be
  });
});
