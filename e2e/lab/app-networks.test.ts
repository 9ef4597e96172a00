// The desktop app's proxies on a real network: main asks Electron's
// session.resolveProxy for each URL (system settings and PAC) and hands the
// answers to the engine. Here main is the built main.cjs against the stand-in
// 'electron', whose resolveProxy answers as a PAC script would ("PROXY
// 198.18.1.1:3128; DIRECT", "HTTPS ...", "SOCKS5 ...", "DIRECT", garbage);
// the engine host is the real one, and its probes go through a real tinyproxy
// (or socat's TLS in front of it) on the lab's router, which rejects the
// client's own connections when the proxy is mandatory. And through a VPN
// (tun0, network-parts.ts) an app's outage is notified as seen through it.
// Each asserts what the app showed: the verdict, the evidence, the tray and
// the notification.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProxyResult } from '../../electron/contracts/probe-results';
import { buildAppRoot, makeLayout } from '../first-launch/layouts';
import type { AppRunPlan, AppRunReport } from './app-run-child';
import { labConfig, type CheckRun } from './lab';
import { describeRun } from './lab-assert';
import { ROUTER_LAN_ADDRESS } from './lab-addresses';
import { ALL_APPS, appIds, INDEPENDENT_APPS, sitesFor } from './lab-sites';
import { PROXY_PORT, PROXY_URL, TLS_PROXY_PORT, TUNNEL } from './network-parts';
import { partsSkipReason, withParts } from './parts-lab';

const repoRoot = join(import.meta.dirname, '..', '..');
const childScript = join(import.meta.dirname, 'app-run-child.ts');
const appConfig = ALL_APPS.map((app) => app.config);
const everyApp = appIds(ALL_APPS);
const PAC_PROXY = `PROXY ${ROUTER_LAN_ADDRESS}:${PROXY_PORT}; DIRECT`;

interface AppRun {
  report: AppRunReport;
  /** For describeRun: what the app showed, as a CLI run would print it. */
  run: CheckRun;
}

describe(
  'the app: resolveProxy answers through the engine to a real proxy, and a VPN',
  { skip: partsSkipReason() },
  () => {
    const { lab, parts } = withParts();
    let dir = '';
    let appRoot = '';
    let runs = 0;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'outage-watch-app-networks-'));
      appRoot = buildAppRoot(dir);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function runApp(pac: AppRunPlan['pac'], options: { notification?: boolean } = {}): Promise<AppRun> {
      runs += 1;
      const layout = makeLayout('linux', false, appRoot, join(dir, `run-${runs}`));
      mkdirSync(layout.userData, { recursive: true });
      writeFileSync(join(layout.userData, 'config.json'), JSON.stringify(labConfig(lab(), appConfig)));
      const reportFile = join(layout.plan.home, 'report.json');
      const plan: AppRunPlan = { ...layout.plan, pac, notification: options.notification ?? false, reportFile };
      const child = lab().spawnInClient(
        process.execPath,
        ['--import', 'tsx', childScript, JSON.stringify(plan)],
        repoRoot,
      );
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout?.resume();
      const code = await new Promise<number | null>((resolve) => {
        // Its own process group (spawnInClient): the engine host it forked goes with it.
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 120_000);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      const report = existsSync(reportFile)
        ? (JSON.parse(readFileSync(reportFile, 'utf8')) as AppRunReport & { error?: string })
        : null;
      assert.ok(report && !report.error, `the app run failed (exit ${code}): ${report?.error ?? ''}\n${stderr}`);
      assert.deepEqual(report.violations, [], `Electron preconditions broken:\n${report.violations.join('\n')}`);
      assert.deepEqual(report.engineExitCodes, [0], `the engine closed cleanly\n${stderr}`);
      return { report, run: { exitCode: code, diagnosis: report.diagnosis, stderr } };
    }

    function assertShown(app: AppRun, kind: string, apps: string[] = []): void {
      const { verdict } = app.report.diagnosis;
      assert.deepEqual(
        { kind: verdict.kind, apps: [...verdict.apps].sort() },
        { kind, apps: [...apps].sort() },
        describeRun(app.run),
      );
    }

    function said(app: AppRun, text: string): void {
      const { verdict } = app.report.diagnosis;
      assert.ok(
        verdict.summary.includes(text) || verdict.evidence.some((line) => line.includes(text)),
        `"${text}" in the verdict\n${describeRun(app.run)}`,
      );
    }

    test('"PROXY host:port; DIRECT" on a network where only the proxy gets out: ok, every app through tinyproxy', async () => {
      await parts().mandatoryProxy();
      await parts().startTinyproxy();
      const app = await runApp({ otherwise: PAC_PROXY });
      assertShown(app, 'ok');
      assert.deepEqual(app.report.diagnosis.local.proxies, [PROXY_URL], describeRun(app.run));
      said(app, `through the proxy ${PROXY_URL}`);
      const askedHosts = new Set(app.report.askedUrls.map((url) => new URL(url).hostname));
      for (const { site } of ALL_APPS)
        assert.ok(askedHosts.has(site.hostname), `main asked resolveProxy about ${site.hostname}`);
      assert.ok(
        app.report.diagnosis.apps.every((report) => report.status === 'up'),
        describeRun(app.run),
      );
      assert.match(app.report.tooltip, new RegExp(`Through proxy ${PROXY_URL.replaceAll('.', '\\.')}`));
    });

    test('"HTTPS host:port": TLS to the proxy (socat in front of tinyproxy), then CONNECT: ok, shown as https://', async () => {
      await parts().mandatoryProxy();
      await parts().startTinyproxy();
      await parts().startTlsProxy(await lab().issueCertificate([ROUTER_LAN_ADDRESS]));
      const app = await runApp({ otherwise: `HTTPS ${ROUTER_LAN_ADDRESS}:${TLS_PROXY_PORT}` });
      assertShown(app, 'ok');
      const shownAs = `https://${ROUTER_LAN_ADDRESS}:${TLS_PROXY_PORT}`;
      assert.deepEqual(app.report.diagnosis.local.proxies, [shownAs], describeRun(app.run));
      said(app, `through the proxy ${shownAs}`);
    });

    test('the PAC proxy refusing (nothing listens): a proxy verdict naming it, notified, not an outage', async () => {
      await parts().mandatoryProxy();
      const app = await runApp({ otherwise: PAC_PROXY }, { notification: true });
      // The verdict is confirmed by a look at the network alone (no apps named) or, when the full round
      // gets there first, by the round (every app named); the round's finding names the apps either way.
      const { verdict } = app.report.diagnosis;
      assert.equal(verdict.kind, 'proxy', describeRun(app.run));
      assert.ok(
        [[], [...everyApp].sort()].some((apps) => JSON.stringify(apps) === JSON.stringify([...verdict.apps].sort())),
        describeRun(app.run),
      );
      assert.deepEqual([...(app.report.diagnosis.findings[0]?.apps ?? [])].sort(), [...everyApp].sort());
      said(app, PROXY_URL);
      assert.ok(
        !app.report.diagnosis.findings.some((f) => f.kind === 'firewall' || f.kind.endsWith('outage')),
        describeRun(app.run),
      );
      assert.deepEqual(
        app.report.notifications.map((n) => n.title),
        ['The proxy your apps use is failing'],
      );
      assert.match(app.report.notifications[0]?.body ?? '', new RegExp(PROXY_URL.replaceAll('.', '\\.')));
    });

    test('"DIRECT": the checks go direct, no proxy in the evidence', async () => {
      const app = await runApp({ otherwise: 'DIRECT' });
      assertShown(app, 'ok');
      assert.deepEqual(app.report.diagnosis.local.proxies, [], describeRun(app.run));
      assert.ok(!app.report.diagnosis.verdict.evidence.some((line) => /proxy/i.test(line)), describeRun(app.run));
    });

    test('"SOCKS5 host:port" (the checks cannot speak SOCKS): they go direct, and the evidence says so', async () => {
      const app = await runApp({ otherwise: `SOCKS5 ${ROUTER_LAN_ADDRESS}:1080` });
      assertShown(app, 'ok');
      assert.deepEqual(app.report.diagnosis.local.proxies, [], describeRun(app.run));
      said(app, `The proxy SOCKS5 ${ROUTER_LAN_ADDRESS}:1080 is of a kind Outage Watch cannot use (SOCKS)`);
    });

    test('SOCKS where only the proxy gets out: unknown, saying first that the checks cannot use SOCKS; no app blamed', async () => {
      await parts().mandatoryProxy();
      const socks = `SOCKS5 ${ROUTER_LAN_ADDRESS}:1080`;
      const app = await runApp({ otherwise: socks });
      const { verdict, findings } = app.report.diagnosis;
      assertShown(app, 'unknown', everyApp);
      assert.ok(!findings.some((f) => f.scope === 'upstream'), describeRun(app.run));
      assert.ok(
        verdict.summary.startsWith(
          `Not enough evidence to tell: the checks cannot go through the SOCKS proxy ${socks}, so they went direct`,
        ),
        describeRun(app.run),
      );
      assert.ok(
        verdict.advice.some((line) => line.includes(`only through the SOCKS proxy ${socks}`)),
        describeRun(app.run),
      );
      assert.deepEqual(app.report.notifications, [], 'unknown is not notified');
    });

    test('malformed answers ("PROXY" without an address, trailing garbage): direct, each setting kept on its app', async () => {
      const [first, second] = ALL_APPS;
      assert.ok(first && second);
      const garbage = `PROXY ${ROUTER_LAN_ADDRESS}:${PROXY_PORT} and then some`;
      const app = await runApp({
        byHost: { [first.site.hostname]: 'PROXY', [second.site.hostname]: garbage },
        otherwise: 'DIRECT',
      });
      assertShown(app, 'ok');
      assert.deepEqual(app.report.diagnosis.local.proxies, [], describeRun(app.run));
      said(app, 'The proxy setting "PROXY" is not a proxy address; connections went direct.');
      for (const [entry, setting] of [
        [first, 'PROXY'],
        [second, garbage],
      ] as const) {
        const id = typeof entry.config === 'string' ? entry.config : entry.config.id;
        const record = app.report.diagnosis.apps
          .find((report) => report.id === id)
          ?.probes.find((probe): probe is ProxyResult => probe.kind === 'proxy');
        assert.deepEqual(
          record ? { proxy: record.proxy, outcome: record.outcome } : null,
          { proxy: setting, outcome: 'invalid-setting' },
          describeRun(app.run),
        );
      }
    });

    test('through a VPN carrying everything, an app down on its own: notified, and the body says through VPN tun0', async () => {
      await parts().startVpn('default');
      const [down] = INDEPENDENT_APPS;
      assert.ok(down);
      // Its server is gone: its address refuses connections.
      await lab().setSites(sitesFor(ALL_APPS.filter((entry) => entry !== down)));
      const app = await runApp({ otherwise: 'DIRECT' }, { notification: true });
      assertShown(app, 'app-outage', [down.site.id]);
      assert.equal(app.report.diagnosis.local.vpn?.interface, TUNNEL.device, describeRun(app.run));
      const [notification] = app.report.notifications;
      assert.equal(notification?.title, 'Wiki is down', describeRun(app.run));
      assert.ok(
        notification?.body.endsWith(` Checked through VPN ${TUNNEL.device}.`),
        `the body says the looks went through the VPN: ${notification?.body}`,
      );
    });
  },
);
