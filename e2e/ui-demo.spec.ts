// `outage-watch demo` in real Chromium: the scenario switch reconfigures the
// loopback fakes and the real monitor's verdict follows, in English and Arabic.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemoSession, type DemoSession } from '../electron/serve/demo/demo-session';
import type { ServeServer } from '../electron/serve/server';
import { browserMissing, launchBrowser, openPage, screenshot } from './support/browser';
import { seriousAxeViolations, startServedDemo, TEST_TIMINGS } from './support/ui-session';

const missing = browserMissing();
if (missing) console.log(`# skipping the demo's browser tests: ${missing}`);

let session: DemoSession;
let server: ServeServer;
let browser: Browser;

before(async () => {
  if (missing) return;
  session = await startDemoSession({ systemLocale: 'en_US.UTF-8', monitor: { timings: TEST_TIMINGS } });
  server = await startServedDemo(session.demo, session.engine);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await session?.close();
});

const SWITCHES = [
  { label: 'DNS broken locally', scenario: 'dns-broken-locally', kind: 'dns-local', summary: /DNS resolver/ },
  {
    label: 'Fastly-like outage',
    scenario: 'fastly-like-outage',
    kind: 'provider-outage',
    summary: /Fastly is failing: Reddit and GitHub/,
  },
  { label: 'One app down', scenario: 'one-app-down', kind: 'app-outage', summary: /Zoom/ },
  {
    label: 'A filter blocks an app',
    scenario: 'filter-blocks-app',
    kind: 'blocked',
    summary: /A filter on your network blocks Zoom/,
  },
  { label: 'Internet down', scenario: 'offline-like', kind: 'isp', summary: /Nothing beyond your own network answers/ },
  {
    label: 'AWS-like outage',
    scenario: 'aws-like-outage',
    kind: 'provider-outage',
    summary: /AWS us-east-1 is failing/,
  },
] as const;

test('the demo switches scenarios and the verdict follows live', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.goto(`${server.url}&lang=en`);
  await page.waitForSelector('.verdict[data-verdict-kind="ok"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('.demo-bar button[aria-pressed="true"]', 'aria-pressed'), 'true');
  assert.equal(await page.textContent('.demo-bar button[aria-pressed="true"]'), 'All fine');
  for (const { label, scenario, kind, summary } of SWITCHES) {
    await page.getByRole('button', { name: label }).click();
    await page.waitForSelector(`.verdict[data-verdict-kind="${kind}"]`, { timeout: 30_000 });
    await page.waitForFunction(
      (pattern) => new RegExp(pattern).test(document.querySelector('.verdict-summary')?.textContent ?? ''),
      summary.source,
      { timeout: 30_000 },
    );
    assert.equal(session.demo.getState().current, scenario);
    assert.equal(await page.textContent('.demo-bar button[aria-pressed="true"]'), label);
    await page.waitForSelector('.demo-bar button:not([disabled])', { timeout: 30_000 });
    await screenshot(page, `demo-${scenario}-en`);
  }
  assert.deepEqual(await seriousAxeViolations(page), []);
  await page.getByRole('button', { name: 'All fine' }).click();
  await page.waitForSelector('.verdict[data-verdict-kind="ok"]', { timeout: 30_000 });
  assert.deepEqual(errors, []);
  await close();
});

test('the demo in Arabic', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.goto(`${server.url}&lang=ar`);
  await page.waitForSelector('.demo-bar', { timeout: 30_000 });
  await page.getByRole('button', { name: 'انقطاع يشبه AWS' }).click();
  await page.waitForSelector('.verdict[data-verdict-kind="provider-outage"]', { timeout: 30_000 });
  await page.waitForFunction(
    () => /[\u0600-\u06FF]/.test(document.querySelector('.verdict-summary')?.textContent ?? ''),
    null,
    { timeout: 15_000 },
  );
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.waitForSelector('.demo-bar button:not([disabled])', { timeout: 30_000 });
  assert.deepEqual(await seriousAxeViolations(page), []);
  await screenshot(page, 'demo-aws-like-outage-ar');
  assert.deepEqual(errors, []);
  await close();
});

test(
  'a filter blocking an app, in Arabic: the blocked verdict, right to left',
  { skip: missing ?? false },
  async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(`${server.url}&lang=ar`);
    await page.waitForSelector('.demo-bar', { timeout: 30_000 });
    await page.getByRole('button', { name: 'مرشّح يحجب تطبيقًا' }).click();
    await page.waitForSelector('.verdict[data-verdict-kind="blocked"]', { timeout: 30_000 });
    await page.waitForFunction(
      () => /مرشّح على شبكتك يحجب/.test(document.querySelector('.verdict-summary')?.textContent ?? ''),
      null,
      { timeout: 15_000 },
    );
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.waitForSelector('.demo-bar button:not([disabled])', { timeout: 30_000 });
    assert.deepEqual(await seriousAxeViolations(page), []);
    await screenshot(page, 'demo-filter-blocks-app-ar');
    await page.getByRole('button', { name: 'كل شيء يعمل' }).click();
    assert.deepEqual(errors, []);
    await close();
  },
);

test('when the server goes away, the window says its view may be stale', { skip: missing ?? false }, async () => {
  const { page, close } = await openPage(browser);
  await page.goto(`${server.url}&lang=en`);
  await page.waitForSelector('.verdict-summary', { timeout: 30_000 });
  assert.equal(await page.locator('.connection-lost').count(), 0);
  await server.close();
  await page.waitForSelector('.connection-lost[role="alert"]', { timeout: 15_000 });
  assert.match((await page.textContent('.connection-lost')) ?? '', /connection to Outage Watch was lost/);
  await screenshot(page, 'connection-lost-en');
  await close();
});
