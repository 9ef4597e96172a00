// The window shows the engine's problems: `serve` in this process over a
// history database that starts refusing writes, seen by real Chromium as a
// banner in English and Arabic (RTL), with axe, in light and dark.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { refuseHistoryWrites } from '../electron/testkit/history-faults';
import { browserMissing, launchBrowser, openPage, screenshot } from './support/browser';
import { seriousAxeViolations, startUiSession, type UiSession } from './support/ui-session';

const missing = browserMissing();
if (missing) console.log(`# skipping the problem banner's browser test: ${missing}`);

let session: UiSession;
let browser: Browser;

before(async () => {
  if (missing) return;
  session = await startUiSession();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await session?.close();
});

test('a failing history shows a banner live, in English and Arabic', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.goto(session.url('en'));
  await page.waitForSelector('.verdict[data-verdict-kind]', { timeout: 30_000 });
  assert.equal(await page.locator('.problem-banner').count(), 0, 'no banner while all is well');

  refuseHistoryWrites(dirname(session.configPath));
  await session.engine.bridge.checkNow();
  // No reload: the problem comes with the state, by server-sent events.
  await page.waitForSelector('.problem[data-problem-kind="history-failed"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('.problem-banner', 'role'), 'alert');
  assert.match((await page.textContent('.problem-title')) ?? '', /History is not being saved/);
  await page.click('.problem-detail summary');
  assert.match((await page.textContent('.problem-detail code')) ?? '', /refuses writes/);
  assert.deepEqual(await seriousAxeViolations(page), []);
  await screenshot(page, 'problem-history-en');

  await page.goto(session.url('ar'));
  await page.waitForSelector('.problem[data-problem-kind="history-failed"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.match((await page.textContent('.problem-title')) ?? '', /لا يُحفظ السجل/);
  assert.deepEqual(await seriousAxeViolations(page), []);
  await screenshot(page, 'problem-history-ar');
  assert.deepEqual(errors, []);
  await close();

  const dark = await openPage(browser, { colorScheme: 'dark' });
  await dark.page.goto(session.url('en'));
  await dark.page.waitForSelector('.problem[data-problem-kind="history-failed"]', { timeout: 30_000 });
  assert.deepEqual(await seriousAxeViolations(dark.page), []);
  await screenshot(dark.page, 'problem-history-dark-en');
  await dark.close();
});
