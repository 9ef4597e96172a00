// Settings' "Export to Prometheus" card in real Chromium against `serve` in
// this process: off by default, checked as you type, a /metrics port in use
// explained while the monitor goes on, then served; remote write to a
// receiver on 127.0.0.1 with a label, saved and delivered; English and
// Arabic (RTL) with axe. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { decodeWriteRequest, type TimeSeriesSample } from '../electron/export/remote-write-encoding';
import { freePort } from '../electron/testkit/prometheus';
import { join } from 'node:path';
import { browserMissing, launchBrowser, openPage, screenshot, SCREENSHOT_DIR } from './support/browser';
import { seriousAxeViolations, startUiSession, type UiSession } from './support/ui-session';

const missing = browserMissing();
if (missing) console.log(`# skipping the export card's browser tests: ${missing}`);

let session: UiSession;
let browser: Browser;
let receiver: Server;
let receiverPort: number;
const received: TimeSeriesSample[] = [];

before(async () => {
  if (missing) return;
  session = await startUiSession();
  browser = await launchBrowser();
  receiver = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(...decodeWriteRequest(new Uint8Array(Buffer.concat(chunks))));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverPort = typeof address === 'object' && address ? address.port : 0;
});

after(async () => {
  await browser?.close();
  await session?.close();
  receiver?.close();
});

test(
  'the export card: checked as you type, a port in use explained, then served and pushed',
  { skip: missing ?? false },
  async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const holderAddress = holder.address();
    const taken = typeof holderAddress === 'object' && holderAddress ? holderAddress.port : 0;
    const { page, errors, close } = await openPage(browser);
    try {
      await page.goto(session.url('en', 'settings'));
      await page.waitForSelector('#export-title');
      assert.equal(await page.getByRole('checkbox', { name: /Serve \/metrics/ }).isChecked(), false, 'off by default');
      assert.equal(await page.getByRole('checkbox', { name: /remote write/ }).isChecked(), false);

      await page.getByRole('checkbox', { name: /Serve \/metrics/ }).check();
      const listen = page.getByLabel('Listen address');
      assert.equal(await listen.inputValue(), '127.0.0.1:9464', 'loopback unless written');
      await listen.fill('localhost:9464');
      assert.match(
        (await page
          .locator('#export-title ~ * .field-error, .card:has(#export-title) .field-error')
          .first()
          .textContent()) ?? '',
        /not an IP address with a port/,
      );
      assert.ok(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled());

      await listen.fill(`127.0.0.1:${taken}`);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForSelector('[data-export-problem="port-in-use"]');
      assert.match(
        (await page.textContent('[data-export-problem="port-in-use"]')) ?? '',
        /Outage Watch keeps watching/,
      );
      assert.match((await page.textContent('[data-export-problem="port-in-use"] code')) ?? '', /EADDRINUSE/);
      const before = (await session.engine.bridge.getState()).diagnosis?.at ?? '';
      await session.engine.bridge.checkNow();
      const after = (await session.engine.bridge.getState()).diagnosis?.at ?? '';
      assert.ok(after > before, `the monitor goes on: a new diagnosis after checkNow (${before} -> ${after})`);

      const free = await freePort();
      await listen.fill(`127.0.0.1:${free}`);
      await page.getByRole('checkbox', { name: /remote write/ }).check();
      await page.getByLabel('Remote-write address').fill('ftp://prometheus.example/');
      assert.ok(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled());
      await page.getByLabel('Remote-write address').fill(`http://127.0.0.1:${receiverPort}/api/v1/write`);
      await page.getByLabel('Send every (seconds)').fill('5');
      await page.getByRole('button', { name: 'Add a label' }).click();
      await page.getByLabel('Label', { exact: true }).fill('site');
      await page.getByLabel('Value', { exact: true }).fill('cairo.office');
      assert.match((await page.locator('.field-error').allTextContents()).join(' '), /no addresses or host names/);
      assert.ok(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled());
      await page.getByLabel('Value', { exact: true }).fill('cairo-office');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForSelector('[data-export-state="serving"]');
      assert.match(
        (await page.textContent('[data-export-state="serving"]')) ?? '',
        new RegExp(`127\\.0\\.0\\.1:${free}/metrics`),
      );
      const text = await (await fetch(`http://127.0.0.1:${free}/metrics`)).text();
      assert.match(text, /outagewatch_build_info\{version="[^"]+",site="cairo-office"\} 1/);
      await page.waitForSelector('text=/Last sent at/', { timeout: 20_000 });
      assert.ok(
        received.some((sample) => sample.labels.site === 'cairo-office' && sample.labels.job === 'outagewatch'),
      );
      assert.deepEqual(session.engine.config().export, {
        prometheus: { listen: `127.0.0.1:${free}` },
        remoteWrite: {
          url: `http://127.0.0.1:${receiverPort}/api/v1/write`,
          bearerTokenFile: null,
          intervalSeconds: 5,
        },
        labels: { site: 'cairo-office' },
      });
      await page.locator('.card:has(#export-title)').scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-export-en');
      await page
        .locator('.card:has(#export-title)')
        .screenshot({ path: join(SCREENSHOT_DIR, 'settings-export-card-en.png') });
      assert.deepEqual(await seriousAxeViolations(page), []);

      await page.goto(session.url('ar', 'settings'));
      await page.waitForSelector('[data-export-state="serving"]');
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.match((await page.textContent('#export-title')) ?? '', /التصدير إلى Prometheus/);
      await page.locator('.card:has(#export-title)').scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-export-ar');
      await page
        .locator('.card:has(#export-title)')
        .screenshot({ path: join(SCREENSHOT_DIR, 'settings-export-card-ar.png') });
      assert.deepEqual(await seriousAxeViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      holder.close();
      await close();
    }
  },
);
