// The window on messier networks, in real Chromium: "Your network" shows the
// VPN, the proxy and the IP versions (NAT64 included), Apps and History show
// "usual here" beside today's figures, the router row agrees with the path
// strip when the router is not checked, and Latin names sit isolated inside
// Arabic sentences. The served window gets diagnoses made by the real
// diagnose() from example rounds (electron/diagnose/example-rounds.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { NetworkBaseline } from '../electron/contracts/baseline';
import type { AppState, Bridge, History } from '../electron/contracts/bridge';
import type { RoundEvidence } from '../electron/contracts/probe-results';
import { networkBaseline } from '../electron/diagnose/baseline-builders';
import { everydayApps, exampleRounds } from '../electron/diagnose/example-rounds';
import { roundEvidence } from '../electron/diagnose/evidence-builders';
import { diagnose } from '../electron/diagnose/index';
import { createTranslator, type Language } from '../electron/i18n/translate';
import { RENDERER_DIR, startServeServer, type ServeServer } from '../electron/serve/server';
import { appStateOf } from '../electron/testkit/app-state-fixture';
import { browserMissing, launchBrowser, openPage, screenshot } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { seriousAxeViolations } from './support/ui-session';

const missing = browserMissing();
if (missing) console.log(`# skipping the real-network window tests: ${missing}`);

/** A bridge that shows one diagnosis and an hour of samples; Settings and the rest are not part of this test. */
function fixedBridge(
  evidence: RoundEvidence,
  baseline: NetworkBaseline | null,
): { bridge: Bridge; set(l: Language): void } {
  let language: Language = 'en';
  const state = (): AppState =>
    appStateOf({ diagnosis: diagnose(evidence, createTranslator(language).t, baseline), language });
  const now = Date.now();
  const history: History = {
    incidents: [],
    samples: everydayApps().flatMap((app, index) =>
      Array.from({ length: 12 }, (_, i) => ({
        at: new Date(now - (12 - i) * 5 * 60_000).toISOString(),
        appId: app.id,
        status: 'up' as const,
        latencyMs: 60 + index * 25 + (i % 3) * 8,
      })),
    ),
  };
  const refuse = () => Promise.reject(new Error('not part of this test'));
  const bridge: Bridge = {
    getState: async () => state(),
    onState: () => () => undefined,
    checkNow: async () => undefined,
    pause: refuse,
    resume: refuse,
    getHistory: async () => history,
    getConfig: refuse,
    saveConfig: refuse,
    getCatalog: async () => [],
    getReport: refuse,
    setStartAtLogin: refuse,
  };
  return { bridge, set: (next) => (language = next) };
}

let browser: Browser;
const servers: ServeServer[] = [];

before(async () => {
  if (missing) return;
  ensureRendererBuilt();
  browser = await launchBrowser();
});
after(async () => {
  for (const server of servers) await server.close();
  await browser?.close();
});

async function serve(evidence: RoundEvidence, baseline: NetworkBaseline | null = null) {
  const fixed = fixedBridge(evidence, baseline);
  const server = await startServeServer({
    bridge: fixed.bridge,
    staticDir: RENDERER_DIR,
    language: 'en',
    onLanguage: (language) => fixed.set(language),
  });
  servers.push(server);
  return (language: Language, view = 'status') => `${server.url}&lang=${language}#/${view}`;
}

const rounds = exampleRounds();
const HOME_BASELINE = networkBaseline({ latency: { zoom: 70, alexa: 90, primevideo: 110, reddit: 80, slack: 60 } });

test(
  'a dead VPN: the verdict names it, "Your network" shows it, in English and Arabic',
  { skip: missing ?? false },
  async () => {
    const url = await serve(rounds.vpnDown!.evidence);
    for (const language of ['en', 'ar'] as const) {
      const { page, errors, close } = await openPage(browser);
      await page.goto(url(language));
      await page.waitForSelector('.verdict[data-verdict-kind="vpn"]', { timeout: 30_000 });
      const vpnFact = (await page.textContent('[data-fact="vpn"]')) ?? '';
      assert.match(vpnFact, /wg0/);
      const summary = (await page.textContent('.verdict-summary')) ?? '';
      if (language === 'ar') assert.ok(summary.includes('\u2068wg0\u2069'), `isolated in Arabic: ${summary}`);
      assert.deepEqual(await seriousAxeViolations(page), []);
      await screenshot(page, `status-vpn-down-${language}`);
      assert.deepEqual(errors, []);
      await close();
    }
  },
);

test('a mandatory proxy asking for a password: the proxy verdict and row', { skip: missing ?? false }, async () => {
  const url = await serve(rounds.proxyAuth!.evidence);
  for (const language of ['en', 'ar'] as const) {
    const { page, errors, close } = await openPage(browser);
    await page.goto(url(language));
    await page.waitForSelector('.verdict[data-verdict-kind="proxy"]', { timeout: 30_000 });
    assert.match((await page.textContent('[data-fact="proxy"]')) ?? '', /198\.18\.9\.1:3128/);
    await screenshot(page, `status-proxy-407-${language}`);
    assert.deepEqual(errors, []);
    await close();
  }
});

test(
  'IPv6-only with NAT64, router not checked: shown as working, and the router row agrees with the path',
  { skip: missing ?? false },
  async () => {
    const evidence = roundEvidence({
      apps: everydayApps(),
      gateway: 'off',
      families: { ipv4: false, ipv6: true, nat64Prefix: '64:ff9b::/96' },
    });
    const url = await serve(evidence);
    for (const language of ['en', 'ar'] as const) {
      const { page, errors, close } = await openPage(browser);
      await page.goto(url(language));
      await page.waitForSelector('.verdict[data-verdict-kind="ok"]', { timeout: 30_000 });
      const families = (await page.textContent('[data-fact="families"]')) ?? '';
      assert.match(
        families,
        language === 'en' ? /NAT64 \(64:ff9b::\/96\)/ : /NAT64 \u200f\(\u206864:ff9b::\/96\u2069\)/,
      );
      const routerSegment = page.locator('.path-segment').nth(2);
      assert.match((await routerSegment.getAttribute('class')) ?? '', /tone-ok/);
      if (language === 'en') {
        const routerRow = (await page.locator('.facts dd').nth(1).textContent()) ?? '';
        assert.match(routerRow, /Not checked; traffic passes through it/);
      }
      await screenshot(page, `status-nat64-${language}`);
      assert.deepEqual(errors, []);
      await close();
    }
  },
);

test(
  'broken IPv6 (IPv4 works): its own degraded verdict, and "Your network" says so',
  { skip: missing ?? false },
  async () => {
    const url = await serve(rounds.ipv6Broken!.evidence);
    for (const language of ['en', 'ar'] as const) {
      const { page, errors, close } = await openPage(browser);
      await page.goto(url(language));
      await page.waitForSelector('.verdict[data-verdict-kind="degraded"]', { timeout: 30_000 });
      const summary = (await page.textContent('.verdict-summary')) ?? '';
      const families = (await page.textContent('[data-fact="families"]')) ?? '';
      if (language === 'en') {
        assert.match(summary, /IPv6 on your network is broken/);
        assert.match(families, /IPv6 is broken here/);
      } else {
        assert.match(summary, /[\u0600-\u06FF]/);
        assert.match(families, /[\u0600-\u06FF]/);
      }
      assert.deepEqual(await seriousAxeViolations(page), []);
      await screenshot(page, `status-ipv6-broken-${language}`);
      assert.deepEqual(errors, []);
      await close();
    }
  },
);

test(
  '"usual here" beside today\'s figures: slower than usual in Apps, the usual figures in History',
  { skip: missing ?? false },
  async () => {
    const evidence = roundEvidence({
      apps: everydayApps().map((a) => (a.id === 'reddit' ? { ...a, latencyMs: 700 } : a)),
    });
    const url = await serve(evidence, HOME_BASELINE);
    for (const language of ['en', 'ar'] as const) {
      const { page, errors, close } = await openPage(browser);
      await page.goto(url(language, 'apps'));
      await page.waitForSelector('.usual-here', { timeout: 30_000 });
      assert.equal(await page.locator('.usual-here').count(), 5);
      assert.equal(await page.getAttribute('.usual-here >> nth=3', 'data-usual-ms'), '80');
      await screenshot(page, `apps-usual-here-${language}`);
      await page.goto(url(language, 'history'));
      await page.waitForSelector('.usual-list li', { timeout: 30_000 });
      assert.equal(await page.locator('.usual-list li').count(), 5);
      await screenshot(page, `history-usual-here-${language}`);
      await page.goto(url(language, 'status'));
      await page.waitForSelector('.verdict[data-verdict-kind="degraded"]', { timeout: 30_000 });
      await screenshot(page, `status-slower-than-usual-${language}`);
      assert.deepEqual(errors, []);
      await close();
    }
  },
);
