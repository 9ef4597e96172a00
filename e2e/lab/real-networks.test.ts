// Messier networks, with real parts (network-parts.ts): a mandatory proxy
// (tinyproxy, and socat playing a broken one), a VPN (a tun device carried by
// socat over UDP to a server end on the internet side), IPv6 black-holed
// beyond the router, IPv6-only with DNS64 (unbound) and NAT64 (tayga), and an
// intranet name only the router's resolver knows. Each asserts the verdict of
// the real `check --json` and the evidence that names the VPN or the proxy.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import type { ConfigInput } from '../../electron/contracts/config';
import type { Verdict } from '../../electron/contracts/diagnosis';
import { HISTORY_FILE_NAME } from '../../electron/monitor/history-store';
import { Database } from '../../electron/monitor/sqlite';
import { labConfig, type CheckRun } from './lab';
import { assertVerdict, describeRun } from './lab-assert';
import { ALL_APPS, AWS_APPS, appIds, CONTROL_SITES, INDEPENDENT_APPS, sitesFor } from './lab-sites';
import { site } from './lab-world';
import { PROXY_URL, siteV6, TUNNEL, V6 } from './network-parts';
import { partsSkipReason, withParts } from './parts-lab';

const everyApp = appIds(ALL_APPS);
const appConfig = ALL_APPS.map((app) => app.config);

const PROXY_ENV = { HTTPS_PROXY: PROXY_URL, HTTP_PROXY: PROXY_URL, NO_PROXY: '' };

function evidenceMentions(run: CheckRun, text: string): void {
  assert.ok(
    run.diagnosis.verdict.evidence.some((line) => line.includes(text)) || run.diagnosis.verdict.summary.includes(text),
    `"${text}" in the verdict\n${describeRun(run)}`,
  );
}

describe('real networks: a mandatory proxy (tinyproxy)', { skip: partsSkipReason() }, () => {
  const { lab, parts } = withParts();
  const check = (env: Record<string, string> = PROXY_ENV) => lab().check(labConfig(lab(), appConfig), env);

  test('healthy: ok, every connection through the proxy, and the evidence says so', async () => {
    await parts().mandatoryProxy();
    await parts().startTinyproxy();
    const run = await check();
    assertVerdict(run, { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    assert.deepEqual(run.diagnosis.local.proxies, [PROXY_URL], describeRun(run));
    evidenceMentions(run, `through the proxy ${PROXY_URL}`);
  });

  test('refusing (nothing listens on its port): proxy, naming it; not a firewall, not an outage', async () => {
    await parts().mandatoryProxy();
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'proxy', layer: 'tcp', provider: null, apps: everyApp });
    evidenceMentions(run, PROXY_URL);
    assert.ok(
      !run.diagnosis.findings.some((f) => f.kind === 'firewall' || f.kind.endsWith('outage')),
      describeRun(run),
    );
  });

  test('hanging (accepts, never answers CONNECT): proxy', async () => {
    await parts().mandatoryProxy();
    await parts().startBrokenProxy('hang');
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'proxy', layer: 'http', provider: null, apps: everyApp });
    evidenceMentions(run, 'did not answer in time');
  });

  test('asking for a password (407): proxy, with sign-in advice', async () => {
    await parts().mandatoryProxy();
    await parts().startTinyproxy({ password: 'lab-secret' });
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'proxy', layer: 'http', provider: null, apps: everyApp });
    assert.match(run.diagnosis.verdict.summary, /asks for a password/, describeRun(run));
    assert.ok(
      run.diagnosis.verdict.advice.some((line) => /Sign in to the proxy/.test(line)),
      describeRun(run),
    );
  });

  test('sending garbage instead of HTTP: proxy, "not HTTP"; nothing crashes', async () => {
    await parts().mandatoryProxy();
    await parts().startBrokenProxy('garbage');
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'proxy', layer: 'http', provider: null, apps: everyApp });
    assert.match(run.diagnosis.verdict.summary, /not HTTP/, describeRun(run));
  });

  test('a malformed HTTPS_PROXY: the checks go direct and the evidence says the setting is not a proxy', async () => {
    const run = await check({ HTTPS_PROXY: 'htp//nonsense', HTTP_PROXY: '' });
    assertVerdict(run, { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    evidenceMentions(run, 'is not a proxy address');
  });
});

describe('real networks: a VPN (tun device, socat over UDP)', { skip: partsSkipReason() }, () => {
  const { lab, parts } = withParts();
  const check = () => lab().check(labConfig(lab(), appConfig));

  test('up, carrying everything: ok, "through VPN tun0"', async () => {
    await parts().startVpn('default');
    const run = await check();
    assertVerdict(run, { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    assert.equal(run.diagnosis.local.vpn?.interface, TUNNEL.device, describeRun(run));
    assert.equal(run.diagnosis.local.vpn?.carries, 'default', describeRun(run));
    evidenceMentions(run, `through VPN ${TUNNEL.device}`);
  });

  test('far end dead (nothing comes back from the server, the tunnel stays up): vpn, naming tun0, not isp', async () => {
    await parts().startVpn('default');
    await parts().silenceVpnServer();
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'vpn', layer: null, provider: null, apps: everyApp });
    assert.match(run.diagnosis.verdict.summary, /VPN tun0/, describeRun(run));
    assert.ok(run.diagnosis.verdict.advice.some((line) => /Disconnect VPN tun0 and connect it again/.test(line)));
  });

  test('split routes, far end dead: only the apps routed through it fail, and the verdict says so', async () => {
    await parts().startVpn(['198.19.1.0/24']);
    await parts().silenceVpnServer();
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'vpn', layer: null, provider: null, apps: appIds(AWS_APPS) });
    evidenceMentions(run, 'Only connections through VPN tun0 fail');
    assert.equal(run.diagnosis.local.vpn?.carries, 'some', describeRun(run));
  });
});

describe('real networks: IPv6', { skip: partsSkipReason() }, () => {
  const dualSites = () =>
    [...CONTROL_SITES, ...ALL_APPS.map((app) => app.site)].map((s) => ({ ...s, address6: siteV6(s.address) }));
  const { lab, parts } = withParts(async (fresh) => fresh.setSites(dualSites()));
  const check = () => lab().check(labConfig(lab(), appConfig));

  test('dual-stack with IPv6 black-holed beyond the router: degraded, local, "IPv6 on your network is broken"', async () => {
    await parts().dualStack({ blackhole: true });
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'degraded', layer: 'tcp', provider: null, apps: [] });
    assert.equal(
      run.diagnosis.verdict.summary,
      'IPv6 on your network is broken; apps fall back to IPv4 slowly.',
      describeRun(run),
    );
    assert.ok(
      run.diagnosis.apps.every((app) => app.status === 'up'),
      describeRun(run),
    );
  });

  test('IPv6-only with DNS64 (unbound) and NAT64 (tayga): ok, and shown as NAT64', async () => {
    await lab().setSites(sitesFor(ALL_APPS));
    await parts().ipv6OnlyWithNat64();
    const run = await check();
    assertVerdict(run, { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    assert.deepEqual(
      run.diagnosis.local.families,
      { ipv4: false, ipv6: true, nat64Prefix: V6.nat64 },
      describeRun(run),
    );
    evidenceMentions(run, `NAT64 (${V6.nat64})`);
  });
});

describe('real networks: an office DNS', { skip: partsSkipReason() }, () => {
  const intranet = site('intranet', 'intranet.corp.lab.test', '198.19.9.9', {
    // The public resolvers do not know it.
    dns: { failure: 'nxdomain', scope: 'all' },
  });
  const intranetApp = { id: 'intranet', name: 'Intranet', url: 'https://intranet.corp.lab.test/' };
  const { lab } = withParts(async (fresh) => {
    await fresh.setRouterNames({ 'intranet.corp.lab.test': intranet.address });
  });
  const apps = (extra: Partial<typeof intranetApp & { internal: boolean }> = {}): ConfigInput['apps'] => [
    ...INDEPENDENT_APPS.map((app) => app.config),
    { ...intranetApp, ...extra },
  ];

  test('an intranet name only the router answers, its server up: ok; no public resolver held to blame', async () => {
    await lab().setSites([...sitesFor(INDEPENDENT_APPS), intranet]);
    const run = await lab().check(labConfig(lab(), apps()));
    assertVerdict(run, { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    const publicStatus = run.diagnosis.local.resolvers.filter((r) => r.role === 'public').map((r) => r.status);
    assert.ok(
      publicStatus.every((status) => status === 'ok'),
      describeRun(run),
    );
  });

  for (const internal of [false, true]) {
    // Without the config a single check has only this look: the system resolver answers the name, so it is up to
    // TCP; learning it across looks (a later SERVFAIL read as the intranet's DNS) is monitor/internal-names.test.ts.
    test(`the intranet's server down (${internal ? '"internal": true in the config' : 'not configured'}): its own outage, never blocked or dns-local`, async () => {
      // The intranet's site is not served: its address refuses connections.
      await lab().setSites(sitesFor(INDEPENDENT_APPS));
      const run = await lab().check(labConfig(lab(), apps(internal ? { internal: true } : {})));
      assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'tcp', provider: null, apps: ['intranet'] });
      assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'blocked' || f.kind === 'dns-local'), describeRun(run));
    });
  }

  test("learned by `watch` over two looks, then the router's resolver fails the name: the intranet's own DNS", async () => {
    await lab().setSites([...sitesFor(INDEPENDENT_APPS), intranet]);
    const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-office-dns-'));
    const config = await lab().writeConfig(labConfig(lab(), apps(), { intervalSeconds: 5 }));
    const child = lab().spawnCli(['watch', '--json-lines', '--config', config, '--data-dir', dataDir]);
    const verdicts: Verdict[] = [];
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => verdicts.push((JSON.parse(line) as { verdict: Verdict }).verdict));
    const waitFor = async (what: string, ready: () => boolean) => {
      for (let i = 0; i < 120 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 250));
      assert.ok(ready(), `${what}; saw ${verdicts.map((v) => v.kind).join(', ')}; ${stderr}`);
    };
    const looksLearned = () => {
      const path = join(dataDir, HISTORY_FILE_NAME);
      if (!existsSync(path)) return 0;
      const db = new Database(path, { readonly: true });
      try {
        const row = db
          .prepare<[string], { looks: number }>('SELECT looks FROM internal_names WHERE name = ?')
          .get(intranet.hostname);
        return row?.looks ?? 0;
      } catch {
        return 0; // not migrated yet
      } finally {
        db.close();
      }
    };
    try {
      await waitFor('two looks saw only the router answer the intranet name', () => looksLearned() >= 2);
      assert.deepEqual(
        verdicts.map((v) => v.kind),
        ['ok'],
      );
      await lab().setRouterFailingNames([intranet.hostname]);
      const intranetDns = (v: Verdict) => v.kind === 'app-outage' && v.layer === 'dns' && v.apps.includes('intranet');
      await waitFor("the intranet's DNS failure confirmed", () => verdicts.some(intranetDns));
      const verdict = verdicts.find(intranetDns)!;
      assert.equal(verdict.scope, 'upstream');
      assert.match(verdict.summary, /your network's own DNS does not answer for Intranet/i, verdict.summary);
      assert.ok(!verdict.evidence.some((line) => /every resolver|NXDOMAIN/.test(line)), verdict.evidence.join('\n'));
      assert.ok(!verdicts.some((v) => v.kind === 'blocked' || v.kind === 'dns-local'));
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
