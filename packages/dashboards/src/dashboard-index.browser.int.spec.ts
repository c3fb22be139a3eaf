import type { DepartmentIndexAnswer, DepartmentRankingAnswer } from '@cchc/api';
import type { DemoApi } from '@cchc/api/testing';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DOSSIER_SHEET } from './exports/index-dossier-workbook.ts';
import { FITS_WIDTH, UNREADY, useDashboardBrowser } from './testing/dashboard-browser.ts';
import { ensureChromium } from './testing/ensure-chromium.ts';
import { seedIndexDossier } from './testing/index-dossier-seed.ts';

// The department CCHC index page, from no dossier to a published index (seeded through the API).
const chromiumPath = ensureChromium();

describe.skipIf(!chromiumPath)('the dashboard in Chromium, on the demo year', () => {
  let demo: DemoApi;
  let page: Page;
  const { problems, api, ready, open, shot, signIn } = useDashboardBrowser(chromiumPath, (started) => {
    ({ demo, page } = started);
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
