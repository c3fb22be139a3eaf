import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DemoApi, demoApi } from '@cchc/api/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { dashboardExtension } from '../server/dashboard-plugin.ts';
import { CHROMIUM_ARGS } from './ensure-chromium.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
/** Where the browser specs save their screenshots (docs/dashboards.md lists them). */
export const SCREENSHOTS = join(REPO_ROOT, 'test-output/screenshots');
// Code run in the page, as strings: this program is type-checked without the DOM library.
export const UNREADY = `document.querySelector('main')?.removeAttribute('data-ready')`;
export const FITS_WIDTH = `document.documentElement.scrollWidth <= window.innerWidth + 1`;

/** What a browser spec's tests drive: the demo API serving the dashboard, and one Chromium page on it. */
export interface DashboardSession {
  readonly demo: DemoApi;
  readonly page: Page;
  /** The server's address, `http://127.0.0.1:<port>`. */
  readonly base: string;
}

/**
 * The dashboard on the demo year in a real Chromium, for one spec file (started before its tests,
 * closed after): `onStart` receives the session once it is up. Call it inside the spec's
 * `describe.skipIf(!chromiumPath)`, with the path `ensureChromium()` returned.
 */
export function useDashboardBrowser(chromiumPath: string | undefined, onStart: (session: DashboardSession) => void) {
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
  /** Signs in with another role's key (the page keeps one key per browser session). */
  const signIn = async (key: string) => {
    if (!page.url().startsWith(base)) await page.goto(`${base}/dashboard`);
    await page.evaluate(`sessionStorage.setItem('cchc.apiKey', ${JSON.stringify(key)})`);
  };

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
    onStart({ demo, page, base });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  return { problems, api, ready, open, shot, signIn };
}
