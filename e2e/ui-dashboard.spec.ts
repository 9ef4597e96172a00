// The window in real Chromium against `serve` in this process, with the real
// Monitor probing the loopback world: a verdict arriving live when a fake
// upstream breaks; every view in English and Arabic (RTL) with axe; settings
// round-trip and bad input; the report. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, openPage, screenshot } from './support/browser';
import { seriousAxeViolations, startUiSession, type UiSession } from './support/ui-session';

const missing = browserMissing();
if (missing) console.log(`# skipping the window's browser tests: ${missing}`);

const AWS_APPS = ['alexa', 'primevideo', 'slack'];
const VIEWS = [
  { view: 'status', ready: '.verdict-summary' },
  { view: 'apps', ready: '.apps-table tbody tr' },
  { view: 'history', ready: '.timeline .incident' },
  { view: 'settings', ready: '.reorder-item' },
  { view: 'report', ready: '.report-text' },
] as const;

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

test(
  'a verdict change arrives live when a fake upstream breaks, and recovers',
  { skip: missing ?? false },
  async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(session.url('en'));
    await page.waitForSelector('.verdict[data-verdict-kind="ok"]', { timeout: 30_000 });
    assert.match((await page.textContent('.verdict-summary')) ?? '', /fine|works/i);
    assert.equal(await page.locator('.demo-bar').count(), 0, 'the scenario switch is for the demo only');

    for (const id of AWS_APPS) session.world.setAppHttp(id, { kind: 'respond', status: 503, body: 'down' });
    // No reload: the new verdict must come by server-sent events.
    await page.waitForSelector('.verdict[data-verdict-kind="provider-outage"]', { timeout: 30_000 });
    const summary = (await page.textContent('.verdict-summary')) ?? '';
    assert.match(summary, /AWS/);
    assert.match(summary, /us-east-1/);
    assert.equal(
      await page.getAttribute('.path-segment:nth-child(6)', 'aria-current'),
      'step',
      'the Cloud / CDN hop is marked',
    );
    assert.match((await page.textContent('.path-segment:nth-child(6) .path-state')) ?? '', /Failing here/);
    await screenshot(page, 'status-aws-outage-en');

    session.world.setAppHttp('alexa', null);
    session.world.setAppHttp('primevideo', null);
    session.world.setAppHttp('slack', null);
    await page.waitForSelector('.verdict[data-verdict-kind="ok"]', { timeout: 30_000 });
    // Leave the outage in place for the tests that follow: their screenshots show a real incident.
    for (const id of AWS_APPS) session.world.setAppHttp(id, { kind: 'respond', status: 503, body: 'down' });
    await page.waitForSelector('.verdict[data-verdict-kind="provider-outage"]', { timeout: 30_000 });
    assert.deepEqual(errors, []);
    await close();
  },
);

for (const language of ['en', 'ar'] as const) {
  test(
    `every view in ${language === 'en' ? 'English' : 'Arabic'}: direction, content, no serious axe violations`,
    { skip: missing ?? false },
    async () => {
      const { page, errors, close } = await openPage(browser);
      await page.goto(session.url(language));
      await page.waitForSelector('.verdict[data-verdict-kind="provider-outage"]', { timeout: 30_000 });
      assert.equal(await page.getAttribute('html', 'lang'), language);
      assert.equal(await page.getAttribute('html', 'dir'), language === 'ar' ? 'rtl' : 'ltr');
      // The verdict itself comes from the engine in the page's language.
      await page.waitForFunction(
        (arabic) => /[\u0600-\u06FF]/.test(document.querySelector('.verdict-summary')?.textContent ?? '') === arabic,
        language === 'ar',
        { timeout: 15_000 },
      );
      for (const { view, ready } of VIEWS) {
        await page.click(`a[href="#/${view}"]`);
        await page.waitForSelector(ready, { timeout: 15_000 });
        assert.equal(await page.getAttribute(`a[href="#/${view}"]`, 'aria-current'), 'page');
        if (view === 'history') await page.waitForSelector('.latency-chart canvas', { timeout: 15_000 });
        const violations = await seriousAxeViolations(page);
        assert.deepEqual(violations, [], `${view} in ${language}`);
        await screenshot(page, `${view}-${language}`);
      }
      // The navigation sits at the start side: left in English, right in Arabic.
      const sidebar = await page.locator('.sidebar').boundingBox();
      const main = await page.locator('main').boundingBox();
      assert.ok(sidebar && main);
      assert.equal(sidebar.x < main.x, language === 'en');
      assert.deepEqual(errors, []);
      await close();
    },
  );
}

test('dark theme follows the OS', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser, { colorScheme: 'dark' });
  await page.goto(session.url('en'));
  await page.waitForSelector('.verdict-summary', { timeout: 30_000 });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
  assert.ok(r + g + b < 150, `dark background expected, got ${background}`);
  assert.deepEqual(await seriousAxeViolations(page), []);
  await screenshot(page, 'status-dark-en');
  await page.click('a[href="#/apps"]');
  await page.waitForSelector('.apps-table tbody tr');
  await screenshot(page, 'apps-dark-en');
  assert.deepEqual(errors, []);
  await close();
});

test(
  'a narrow window keeps every view reachable and named (icons-only navigation)',
  { skip: missing ?? false },
  async () => {
    const { page, errors, close } = await openPage(browser, { width: 720, height: 900 });
    await page.goto(session.url('ar'));
    await page.waitForSelector('.verdict-summary', { timeout: 30_000 });
    for (const name of ['الحالة', 'التطبيقات', 'السجل', 'الإعدادات', 'التقرير'])
      assert.ok(await page.getByRole('link', { name }).isVisible(), name);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await screenshot(page, 'status-narrow-ar');
    assert.deepEqual(errors, []);
    await close();
  },
);

test('keyboard: the views can be reached and opened without a mouse', { skip: missing ?? false }, async () => {
  const { page, close } = await openPage(browser);
  await page.goto(session.url('en'));
  await page.waitForSelector('.verdict-summary', { timeout: 30_000 });
  const focused: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    focused.push(
      await page.evaluate(
        () => document.activeElement?.getAttribute('href') ?? document.activeElement?.textContent ?? '',
      ),
    );
  }
  assert.ok(focused.includes('#/history'), `Tab order: ${focused.join(' | ')}`);
  while ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== '#/history')
    await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.incident-toggle');
  await page.focus('.incident-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('.incident-toggle', 'aria-expanded'), 'true');
  assert.ok(await page.isVisible('.incident-details'));
  await close();
});

test(
  'settings: bad input is explained and blocks saving; a good change round-trips',
  { skip: missing ?? false },
  async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(session.url('en', 'settings'));
    await page.waitForSelector('.reorder-item');
    const before = session.engine.config();

    // The catalog search finds known apps (none is added: they live on the real internet).
    await page.getByLabel('Search known apps').fill('netfl');
    assert.ok(await page.getByRole('button', { name: 'Add Netflix' }).isVisible());
    await page.getByLabel('Search known apps').fill('no such service');
    assert.ok(await page.isVisible('text=No known app matches “no such service”.'));
    await page.getByLabel('Search known apps').fill('');

    // A bad URL: a clear error, and the app cannot be added.
    await page.getByLabel('Name', { exact: true }).first().fill('Intranet');
    await page.getByLabel('Address to check').fill('ftp://intranet.test/health');
    assert.match((await page.textContent('.field-error')) ?? '', /must start with http:\/\/ or https:\/\//);
    assert.ok(await page.getByRole('button', { name: 'Add this app' }).isDisabled());
    await page.getByLabel('Address to check').fill('https://intra net.test/');
    assert.match(
      (await page.textContent('.field-error')) ?? '',
      /host name in “https:\/\/intra net\.test\/” is not valid/,
    );
    assert.ok(await page.getByRole('button', { name: 'Add this app' }).isDisabled());

    // A bad interval: an error, Save disabled, nothing saved.
    await page.getByLabel('Check every (seconds)').fill('2');
    assert.match((await page.locator('.field-error').allTextContents()).join(' '), /from 5 to 3600/);
    assert.ok(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled());
    await screenshot(page, 'settings-errors-en');
    assert.deepEqual(session.engine.config(), before);

    // Good values: add the custom app (on the loopback world), reorder, mute one, save.
    const port = new URL(session.world.config().controls?.[0] ?? '').port;
    await page.getByLabel('Address to check').fill(`https://zoom.test:${port}/status`);
    await page.getByRole('button', { name: 'Add this app' }).click();
    await page.getByLabel('Check every (seconds)').fill('6');
    await page.getByRole('button', { name: 'Move Slack up' }).click();
    await page.getByRole('checkbox', { name: 'Zoom' }).uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForSelector('text=Saved.');

    const saved = session.engine.config();
    const ids = saved.apps.map((entry) => (typeof entry === 'string' ? entry : entry.id));
    assert.deepEqual(ids, ['alexa', 'slack', 'primevideo', 'reddit', 'github', 'zoom', 'zoom-test']);
    assert.equal(saved.intervalSeconds, 6);
    assert.deepEqual(saved.notifications.mutedApps, ['zoom']);
    const onDisk = JSON.parse(await readFile(session.configPath, 'utf8')) as typeof saved;
    assert.deepEqual(onDisk, saved);

    // A reload shows what was saved.
    await page.reload();
    await page.click('a[href="#/settings"]');
    await page.waitForSelector('.reorder-item');
    assert.equal(await page.getByLabel('Check every (seconds)').inputValue(), '6');
    assert.ok(await page.isVisible('text=Intranet'));

    // The engine refuses what the form cannot send, and says why.
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/call/saveConfig', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args: [{ apps: ['no-such-app'] }] }),
      });
      return (await response.json()) as { result: { ok: boolean; problem?: string } };
    });
    assert.equal(refused.result.ok, false);
    assert.match(refused.result.problem ?? '', /unknown app id "no-such-app"/);
    assert.equal(session.engine.config().intervalSeconds, 6);
    assert.deepEqual(errors, []);
    await close();
  },
);

test('report: readable text and JSON, copied and saved', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(session.url('en', 'report'));
  await page.waitForSelector('.report-text');
  const text = (await page.textContent('.report-text')) ?? '';
  assert.match(text, /Verdict: /);
  assert.match(text, /Evidence:/);

  await page.getByRole('button', { name: 'JSON' }).click();
  const json = JSON.parse((await page.textContent('.report-text')) ?? '') as {
    schema: number;
    verdict: { kind: string };
  };
  assert.equal(json.schema, 1);
  assert.ok(json.verdict.kind.length > 0);

  await page.getByRole('button', { name: 'Copy' }).click();
  await page.waitForSelector('text=Copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(JSON.parse(copied).schema, 1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as file' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^outage-watch-.*\.json$/);
  const saved = JSON.parse(await readFile((await file.path()) ?? '', 'utf8')) as { schema: number };
  assert.equal(saved.schema, 1);
  assert.deepEqual(errors, []);
  await close();
});

test('apps: "Check now" shows which apps are still being probed', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.goto(session.url('en', 'apps'));
  await page.waitForSelector('.apps-table tbody tr');
  // Zoom answers only after the timeout, so the round is caught with Zoom still pending.
  session.world.setAppHttp('zoom', { kind: 'hang' });
  try {
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.waitForSelector('tr[data-app-id="zoom"] .status-label.tone-pending', { timeout: 15_000 });
    assert.match((await page.textContent('tr[data-app-id="zoom"] .status-label')) ?? '', /Checking/);
    assert.ok(await page.isVisible('.progress progress'));
    await screenshot(page, 'apps-checking-en');
    await page.waitForSelector('tr[data-app-id="zoom"] .status-label.tone-pending', {
      state: 'detached',
      timeout: 30_000,
    });
  } finally {
    session.world.setAppHttp('zoom', null);
  }
  assert.deepEqual(errors, []);
  await close();
});

test('pause for an hour and resume', { skip: missing ?? false }, async () => {
  const { page, errors, close } = await openPage(browser);
  await page.goto(session.url('en'));
  await page.waitForSelector('.verdict-summary', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause for 1 hour' }).click();
  await page.waitForSelector('.sidebar-foot >> text=Paused');
  assert.match((await page.textContent('.sidebar-foot')) ?? '', /Paused until/);
  assert.ok(await page.getByRole('button', { name: 'Check now' }).isDisabled(), 'no checks while paused');
  assert.equal(session.engine.monitor.getState().phase, 'paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.waitForSelector('.sidebar-foot >> text=/Watching|Checking/');
  assert.notEqual(session.engine.monitor.getState().phase, 'paused');
  assert.deepEqual(errors, []);
  await close();
});
