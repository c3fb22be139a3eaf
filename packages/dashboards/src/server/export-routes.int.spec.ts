import type { RankingAnswer } from '@cchc/api';
import { type DemoApi, demoApi } from '@cchc/api/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('is in the OpenAPI document with its 200 answer described', async () => {
    const doc = (await get('/docs/json', null)).json<{
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: object }> }> } }>;
    }>();
    const ok = doc.paths['/v1/exports/ranking.xlsx']?.get?.responses['200'];
    expect(Object.values(ok?.content ?? {})[0]?.schema).toMatchObject({ type: 'string', format: 'binary' });
  });
});
