import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type DemoApi, demoApi } from '@cchc/api/testing';
import { zipSync } from 'fflate';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from '../testing/ensure-chromium.ts';
import { buildEvidencePack } from './build-pack.ts';
import { readPackFiles, writePackFiles } from './pack-io.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const SCREENSHOTS = join(REPO_ROOT, 'test-output/screenshots');
const chromiumPath = ensureChromium();
const UNIT = 'phong-tnn-kttv';
/** A progress dated in the demo year, entered now: it says it is late. */
const AT = '2025-11-20T09:00:00+07:00';
const LATE = { kind: 'late', reason: 'kiểm thử: nhập muộn / test: entered late' } as const;

interface PackEventJson {
  eventId: string;
  globalPosition: number;
  type: string;
  dataJson: string;
}

// Issue 16: verifier.html checks a pack in real Chromium, opened from file://, with the network off.
describe.skipIf(!chromiumPath)('verifier.html in Chromium, offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-verifier-'));
  const good = join(dir, 'good');
  let demo: DemoApi;
  let evidenceSha = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every request the page tried that was not a file of the pack: must stay empty. */
  const attempted: string[] = [];
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const checkWith = async (input: '#pack-folder' | '#pack-file', files: string | string[]) => {
    await page.evaluate(`document.querySelector('main').removeAttribute('data-ready')`);
    await page.setInputFiles(input, files);
    await page.waitForSelector('main[data-ready]', { timeout: 60_000 });
    return page.getAttribute('main', 'data-state');
  };
  const failedRows = () =>
    page.$$eval('#checks tr.fail', (rows) => rows.map((r) => `${r.getAttribute('data-kind')} ${r.textContent ?? ''}`));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    demo = await demoApi();
    // One evidence file of the unit, cited by its progress on II.1, so the pack carries a file.
    const office = { authorization: `Bearer ${demo.key.office}` };
    const uploaded = await demo.app.inject({
      method: 'POST',
      url: `/v1/evidence?fileName=bien-ban-nghiem-thu.pdf&unitId=${UNIT}`,
      headers: { ...office, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('%PDF-1.4\nbiên bản nghiệm thu\n%%EOF\n'),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    evidenceSha = uploaded.json<{ sha256: string }>().sha256;
    const cited = await demo.app.inject({
      method: 'POST',
      url: '/v1/tasks/II.1/progress',
      headers: office,
      payload: { unitId: UNIT, percent: 80, evidenceFiles: [evidenceSha], at: AT, entry: LATE },
    });
    expect(cited.statusCode, cited.body).toBe(201);
    const { value: built } = await demo.services.readModels.read((db) =>
      buildEvidencePack({ store: demo.store, db, dataDir: demo.dataDir, year: 2025, unitId: UNIT }),
    );
    writePackFiles(built.files, good);
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.setOffline(true);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      attempted.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) attempted.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(join(good, 'verifier.html')).href);
    await page.waitForSelector('main[data-loaded]');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a good pack, given as its folder with the trusted key and a kept checkpoint: every check passes, in Vietnamese and English', async () => {
    const checkpoint = JSON.parse(readFileSync(join(good, 'checkpoint.json'), 'utf8')) as { publicKey: string };
    await page.fill('#trusted-key', checkpoint.publicKey);
    await page.setInputFiles('#kept-checkpoints', join(good, 'checkpoint.json'));
    expect(await checkWith('#pack-folder', good)).toBe('pass');
    expect(await failedRows()).toEqual([]);
    const kinds = await page.$$eval('#checks tr.pass', (rows) => rows.map((r) => r.getAttribute('data-kind')));
    for (const kind of [
      'files',
      'manifest_signature',
      'checkpoint_signature',
      'trusted_key',
      'event_hash',
      'inclusion',
      'completeness',
      'rulebook',
      'explanation',
      'score',
    ])
      expect(kinds).toContain(kind);
    const summary = await page.textContent('#summary');
    expect(summary).toContain('GÓI HỢP LỆ — THE PACK HOLDS');
    expect(summary).toContain('(giờ VN/Vietnam time)');
    expect(await page.textContent('#checks tr.pass[data-kind=score]')).toContain(`${UNIT}: the score recomputed`);
    expect(await page.textContent('#checks tr.pass[data-kind=evidence_files]')).toContain(
      '1 evidence files match the SHA-256 and size their events record',
    );
    await shot('evidence-pack-01-good.png');
    await page.fill('#trusted-key', '');
    await page.setInputFiles('#kept-checkpoints', []);
  });

  it('a pack with a byte of an event changed, given as a zip: rejected, naming the event', async () => {
    const events = JSON.parse(readFileSync(join(good, 'events.json'), 'utf8')) as PackEventJson[];
    const target = events.find((e) => e.type === 'TaskCompleted')!;
    const i = target.dataJson.indexOf('"taskId":"') + '"taskId":"'.length;
    // One byte: a task id's first letter, I ↔ V.
    const changed = `${target.dataJson.slice(0, i)}${target.dataJson[i] === 'I' ? 'V' : 'I'}${target.dataJson.slice(i + 1)}`;
    const files = readPackFiles(good);
    const before = new TextDecoder().decode(files.get('events.json')!);
    // Written as the pack writes it, so the file differs from the good one in that byte only.
    const text = `${JSON.stringify(
      events.map((e) => (e.eventId === target.eventId ? { ...e, dataJson: changed } : e)),
      null,
      2,
    )}\n`;
    expect(text.length).toBe(before.length);
    expect([...text].filter((c, k) => c !== before[k])).toHaveLength(1);
    files.set('events.json', new TextEncoder().encode(text));
    const zip = join(dir, 'tampered-event.zip');
    writeFileSync(zip, zipSync(Object.fromEntries([...files].map(([p, b]) => [`pack/${p}`, b]))));
    expect(await checkWith('#pack-file', zip)).toBe('fail');
    const failed = await failedRows();
    expect(failed.find((r) => r.startsWith('event_hash'))).toContain(target.eventId);
    expect(failed.find((r) => r.startsWith('event_hash'))).toContain('its content was changed');
    expect(failed.find((r) => r.startsWith('files'))).toContain('events.json');
    expect(await page.textContent('#summary')).toContain('THE PACK FAILS');
    await shot('evidence-pack-02-tampered-event.png');
  });

  it('a pack with a byte of the checkpoint signature changed: rejected, naming the signature', async () => {
    const forged = join(dir, 'forged-signature');
    cpSync(good, forged, { recursive: true });
    const path = join(forged, 'checkpoint.json');
    const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as { signature: string };
    const s = checkpoint.signature;
    checkpoint.signature = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    writeFileSync(path, `${JSON.stringify(checkpoint, null, 2)}\n`);
    expect(await checkWith('#pack-folder', forged)).toBe('fail');
    expect((await failedRows()).find((r) => r.startsWith('checkpoint_signature'))).toContain(
      'the checkpoint signature does not match the checkpoint',
    );
    await shot('evidence-pack-03-forged-signature.png');
  });

  it('a pack with a byte of an evidence file changed: rejected, naming the file', async () => {
    const changed = join(dir, 'changed-evidence');
    cpSync(good, changed, { recursive: true });
    const path = join(changed, 'evidence', evidenceSha);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('nghiệm');
    bytes[at] = bytes[at] === 0x6e ? 0x4e : 0x6e; // n ↔ N: one byte
    writeFileSync(path, bytes);
    expect(await checkWith('#pack-folder', changed)).toBe('fail');
    const failed = await failedRows();
    expect(failed.find((r) => r.startsWith('evidence_files'))).toContain(`evidence/${evidenceSha}`);
    expect(failed.find((r) => r.startsWith('evidence_files'))).toContain('bien-ban-nghiem-thu.pdf');
    await shot('evidence-pack-04-changed-evidence-file.png');
  });

  it('tried no request outside the pack’s files, and logged no error', () => {
    expect(attempted).toEqual([]);
    expect(problems).toEqual([]);
  });
});
