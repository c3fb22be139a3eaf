import type { RankingAnswer as ApiRanking } from '@cchc/api';
import type { DemoApi } from '@cchc/api/testing';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { areaSheetName, RULEBOOK_SHEET, SUMMARY_SHEET, TOTAL_LABEL } from './exports/ranking-workbook.ts';
import { FITS_WIDTH, UNREADY, useDashboardBrowser } from './testing/dashboard-browser.ts';
import { ensureChromium } from './testing/ensure-chromium.ts';

// The read-only pages, in order: the first test enters the key; the ranking is published before the last two.
const chromiumPath = ensureChromium();

describe.skipIf(!chromiumPath)('the dashboard in Chromium, on the demo year', () => {
  let demo: DemoApi;
  let page: Page;
  let base: string;
  const { problems, api, ready, open, shot } = useDashboardBrowser(chromiumPath, (started) => {
    ({ demo, page, base } = started);
  });
  const numbers = (selector: string, attribute: string) =>
    page.$$eval(selector, (els, a) => els.map((e) => Number(e.getAttribute(a))), attribute);

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
});
