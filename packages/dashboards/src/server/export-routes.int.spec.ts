import type { DepartmentIndexAnswer, RankingAnswer } from '@cchc/api';
import { type DemoApi, demoApi } from '@cchc/api/testing';
import { localDateOf, localDateTimeOf } from '@cchc/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOSSIER_HEADERS,
  DOSSIER_INPUTS_SHEET,
  DOSSIER_SHEET,
  DOSSIER_TOTAL_LABEL,
} from '../exports/index-dossier-workbook.ts';
import { RULEBOOK_SHEET, SUMMARY_SHEET, TOTAL_LABEL } from '../exports/ranking-workbook.ts';
import { dashboardExtension } from './dashboard-plugin.ts';
import { XLSX_TYPE } from './export-routes.ts';

describe('the dashboard extension of the API', () => {
  let demo: DemoApi;
  beforeAll(async () => {
    demo = await demoApi({ extensions: [dashboardExtension] });
  });
  afterAll(() => demo?.close());

  const get = (url: string, key: string | null = demo.key.analyst) =>
    demo.app.inject({ url, headers: key === null ? {} : { authorization: `Bearer ${key}` } });

  it('serves the built dashboard at /dashboard/ (public files) and sends /dashboard there', async () => {
    const redirect = await get('/dashboard', null);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/dashboard/');
    const page = await get('/dashboard/', null);
    expect(page.statusCode).toBe(200);
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const bundle = await get(script!, null);
    expect(bundle.statusCode).toBe(200);
    // Bundled locally: the page and its script name no other host.
    expect(page.body).not.toMatch(/https?:\/\//);
  });

  it('GET /v1/exports/ranking.xlsx needs a key, like every read', async () => {
    const response = await get('/v1/exports/ranking.xlsx?year=2025', null);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a bad instant with a problem in Vietnamese and English', async () => {
    const response = await get('/v1/exports/ranking.xlsx?year=2025&asOf=30-06-2025');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ vi: string; en: string }>().en).toBeTruthy();
  });

  it('answers the workbook of the same ranking as GET /v1/rankings/:year at that instant', async () => {
    const asOf = encodeURIComponent('2025-09-30T23:59:59.999+07:00');
    const [file, api] = await Promise.all([
      get(`/v1/exports/ranking.xlsx?year=2025&asOf=${asOf}`),
      get(`/v1/rankings/2025?asOf=${asOf}`),
    ]);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(XLSX_TYPE);
    expect(file.headers['content-disposition']).toBe('attachment; filename="xep-hang-cchc-2025-2025-09-30.xlsx"');
    const ranking = api.json<RankingAnswer>();
    expect(file.headers['x-inputs-hash']).toBe(ranking.inputsHash);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet(SUMMARY_SHEET)!.getSheetValues().slice(2) as unknown[][];
    expect(rows.filter((r) => r[1] !== TOTAL_LABEL).map((r) => [r[2], r[4]])).toEqual(
      ranking.rows.map((r) => [r.unitId, r.score]),
    );
    const facts = new Map(
      (workbook.getWorksheet(RULEBOOK_SHEET)!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1], r[2]]),
    );
    expect(facts.get('Tính đến (UTC)')).toBe(ranking.asOf);
  });

  it('GET /v1/index/:year/departments/:departmentId/dossier.xlsx: the scoring dossier of the index the API answers', async () => {
    const dossier = '/v1/index/2025/departments/so-xlsx/dossier.xlsx';
    expect((await get(dossier, null)).statusCode).toBe(401);
    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      demo.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${demo.key.office}`, ...headers },
        payload: payload as string,
      });
    const bytes = Buffer.from('%PDF-1.4\nbiên bản kiểm tra\n%%EOF\n');
    const uploaded = await post('/v1/evidence?fileName=bien-ban.pdf', bytes, { 'content-type': 'application/pdf' });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const sha256 = uploaded.json<{ sha256: string }>().sha256;
    for (const [criterionId, value, note] of [
      ['1.3', 1.5, 'Kiểm tra 3/4 đơn vị'],
      ['3.1', 4, 'Công bố đủ'],
    ] as const) {
      const res = await post('/v1/index/2025/departments/so-xlsx/self-score', {
        criteriaSetId: 'example-so-2025',
        criteriaSetVersion: 1,
        criterionId,
        value,
        note,
        evidenceFiles: [sha256],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // The self-scores are recorded today: the dossier as of now holds them.
    const now = new Date().toISOString();
    const asOf = encodeURIComponent(now);
    const [file, json] = await Promise.all([
      get(`${dossier}?asOf=${asOf}`),
      get(`/v1/index/2025/departments/so-xlsx?asOf=${asOf}`),
    ]);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toBe(XLSX_TYPE);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="ho-so-cham-diem-so-xlsx-2025-${localDateOf(now)}.xlsx"`,
    );
    const index = json.json<DepartmentIndexAnswer>();
    expect(file.headers['x-inputs-hash']).toBe(index.inputsHash);
    expect(file.headers['x-log-position']).toBe(String(index.position));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = (workbook.getWorksheet(DOSSIER_SHEET)!.getSheetValues() as unknown[][]).slice(1);
    expect(rows[0]!.slice(1)).toEqual([...DOSSIER_HEADERS]);
    const byId = new Map(rows.map((r) => [r[1], r.slice(1)]));
    // Criterion, content, method, maximum, self-score, evidence, appraised, final, note: by hand.
    expect(byId.get('1.3')).toEqual([
      '1.3',
      expect.any(String),
      'Tự chấm',
      2,
      1.5,
      sha256,
      1.5,
      1.5,
      'Kiểm tra 3/4 đơn vị',
    ]);
    expect(byId.get('3.1')?.slice(3, 8)).toEqual([4, 4, sha256, 4, 4]);
    // A manual leaf not yet scored: no points, no evidence.
    expect(byId.get('3.2')?.slice(4, 6)).toEqual([0, '']);
    // Area 3 holds 3.1's 4 points; the total row equals the API's totals.
    expect(byId.get('3')?.slice(3, 5)).toEqual([12, 4]);
    const total = byId.get(DOSSIER_TOTAL_LABEL)!;
    expect([total[3], total[4], total[6], total[7]]).toEqual([100, index.self, index.appraised, index.final]);
    const derived = index.leaves.filter((l) => l.method === 'derived').reduce((a, l) => a + (l.self ?? 0), 0);
    expect(index.self).toBeCloseTo(1.5 + 4 + derived, 9);
    const facts = new Map(
      (workbook.getWorksheet(DOSSIER_INPUTS_SHEET)!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1], r[2]]),
    );
    expect(facts.get('Băm đầu vào')).toBe(index.inputsHash);
    expect(facts.get('Tính đến')).toBe(`${localDateTimeOf(now)} (UTC+7)`);
  });

  it('is in the OpenAPI document with its 200 answer described', async () => {
    const doc = (await get('/docs/json', null)).json<{
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: object }> }> } }>;
    }>();
    const ok = doc.paths['/v1/exports/ranking.xlsx']?.get?.responses['200'];
    expect(Object.values(ok?.content ?? {})[0]?.schema).toMatchObject({ type: 'string', format: 'binary' });
    const dossier = doc.paths['/v1/index/{year}/departments/{departmentId}/dossier.xlsx']?.get?.responses['200'];
    expect(Object.values(dossier?.content ?? {})[0]?.schema).toMatchObject({ type: 'string', format: 'binary' });
  });
});
