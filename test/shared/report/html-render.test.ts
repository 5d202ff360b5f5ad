import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../../shared/report/write.ts';
import { reportState } from '../../fixtures/report/state.ts';

/**
 * Renders the report in headless Debian Chromium. In CI (CI=true) a missing browser is a failure, not a skip:
 * `.ci/run` installs the `chromium` apt package. Locally without Chromium the suite is skipped.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

describe.runIf(available || inCi)('HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let dir: string;
  let profile: string;

  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian 'chromium' package (apt-get install -y chromium)`);
    dir = await mkdtemp(join(tmpdir(), 'aispm-render-'));
    profile = await mkdtemp(join(tmpdir(), 'aispm-chromium-profile-'));
    await writeReport(reportState(), dir);
    // a fresh user-data-dir per run (persistent context = Chromium's --user-data-dir)
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('renders the summary and the coverage matrix without script errors, CSP violations or network requests', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });

    await expect.poll(() => page.locator('#summary').isVisible()).toBe(true);
    expect(await page.locator('#summary .card').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('#summary svg.chart').count()).toBe(2);
    expect(await page.locator('#coverage').isVisible()).toBe(true);
    expect(await page.locator('#coverage table.matrix').count()).toBe(5);
    expect(await page.locator('#coverage table.matrix').first().isVisible()).toBe(true);
    expect(await page.locator('#runtime svg.chart rect').count()).toBeGreaterThan(3);
    // the stylesheet applied (CSP hash matches): the header has its dark background
    const bg = await page
      .locator('header.top')
      .evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor,
      );
    expect(bg).toBe('rgb(15, 23, 42)');
    // hostile names are shown as text, never as elements
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('#inventory').textContent()).toContain('<script>alert(1)</script>');

    const out = resolve('out');
    await mkdir(out, { recursive: true });
    const shot = join(out, 'test-report.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    await page.locator('#coverage').screenshot({ path: join(out, 'test-report-coverage.png') });

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
