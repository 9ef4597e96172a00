// "Is it me?" proven on a real network: the CLI runs in the client namespace
// while the test breaks the link, the router, the uplink, the router's DNS,
// or puts a filter, a captive portal or a firewall in the way. One topology is shared;
// every scenario starts from a healthy lab().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labConfig, labSkipReason } from './lab';
import { sharedLab } from './shared-lab';
import { assertVerdict, describeRun } from './lab-assert';
import { block443, captivePortal, carrierLost, gatewayGone, linkDown, uplinkBlackholed } from './lab-faults';
import { CLIENT_ADDRESS, PUBLIC_RESOLVERS, ROUTER_UPSTREAM_RESOLVER, ROUTER_WAN_ADDRESS } from './lab-addresses';
import { ALL_APPS, appIds, sitesFor } from './lab-sites';

const everyApp = appIds(ALL_APPS);
const appConfig = ALL_APPS.map((app) => app.config);

describe('network lab: local faults', { skip: labSkipReason() }, () => {
  const lab = sharedLab(async (fresh) => fresh.setSites(sitesFor(ALL_APPS)));

  const check = () => lab().check(labConfig(lab(), appConfig));

  test('healthy lab: ok, nothing affected', async () => {
    assertVerdict(await check(), { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
  });

  test("the lab counts what the CLI sent: each app's requests, its names at each resolver, the system resolver's through the router", async () => {
    await lab().resetTraffic();
    assertVerdict(await check(), { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
    const traffic = await lab().traffic();
    for (const app of ALL_APPS) {
      const requests = Object.values(traffic.sites[app.site.hostname]?.https.requests ?? {});
      assert.ok(requests.length > 0 && requests.every((count) => count >= 1), `${app.site.id} got no HTTPS request`);
    }
    const wiki = 'wiki.lab.test A';
    for (const resolver of PUBLIC_RESOLVERS) {
      const queries = traffic.resolvers.find((r) => r.address === resolver.address)?.queries ?? {};
      assert.ok((queries[CLIENT_ADDRESS]?.[wiki] ?? 0) >= 1, `${resolver.name} was asked ${wiki} by the client`);
    }
    // The router's forwarder asks its upstream from its own address: the client's system resolver queries.
    const upstream = traffic.resolvers.find((r) => r.address === ROUTER_UPSTREAM_RESOLVER)?.queries ?? {};
    assert.ok((upstream[ROUTER_WAN_ADDRESS]?.[wiki] ?? 0) >= 1, 'the router forwarded the system resolver query');
    await lab().resetTraffic();
    assert.deepEqual(
      (await lab().traffic()).resolvers.map((r) => Object.keys(r.queries).length),
      PUBLIC_RESOLVERS.map(() => 0),
    );
  });

  test('link down (cable pulled): offline', async () => {
    await linkDown(lab().names);
    assertVerdict(await check(), { scope: 'local', kind: 'offline', layer: null, provider: null, apps: everyApp });
  });

  test("carrier lost (the router's port goes dark, routes stay): offline", async () => {
    await carrierLost(lab().names);
    assertVerdict(await check(), { scope: 'local', kind: 'offline', layer: null, provider: null, apps: everyApp });
  });

  test('gateway gone while the link stays up: lan', async () => {
    await gatewayGone(lab().names);
    assertVerdict(await check(), { scope: 'local', kind: 'lan', layer: null, provider: null, apps: everyApp });
  });

  test('uplink blackholed beyond a healthy router: isp', async () => {
    await uplinkBlackholed(lab().names);
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'isp', layer: null, provider: null, apps: everyApp });
    assert.equal(run.diagnosis.local.gateway.outcome, 'reachable', describeRun(run));
  });

  for (const mode of ['dead', 'servfail', 'nxdomain'] as const) {
    test(`router DNS ${mode === 'dead' ? 'dead (no server)' : `answering ${mode.toUpperCase()} for everything`}: dns-local`, async () => {
      await lab().setRouterDns(mode);
      const run = await check();
      assertVerdict(run, { scope: 'local', kind: 'dns-local', layer: 'dns', provider: null, apps: everyApp });
      const system = run.diagnosis.local.resolvers.filter((r) => r.role === 'system');
      assert.deepEqual(
        system.map((r) => [r.address, r.status]),
        [['198.18.1.1', 'failing']],
        describeRun(run),
      );
    });
  }

  test('a filter on the router refuses one app (REFUSED, EDE 15 Blocked) that public resolvers answer: blocked', async () => {
    await lab().setRouterFilter({ 'wiki.lab.test': 'refuse' });
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'blocked', layer: 'dns', provider: null, apps: ['wiki'] });
    const system = run.diagnosis.apps
      .find((a) => a.id === 'wiki')
      ?.probes.find((p) => p.kind === 'dns' && p.resolver.role === 'system');
    assert.deepEqual(system?.kind === 'dns' && system.ede.map((e) => e.code), [15], describeRun(run));
    assert.match(run.diagnosis.verdict.evidence.join('\n'), /Extended DNS Error 15/, describeRun(run));
  });

  test('captive portal (HTTP redirected to a login page, HTTPS reset): captive-portal', async () => {
    await captivePortal(lab().names);
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'captive-portal', layer: 'http', provider: null, apps: everyApp });
    assert.equal(run.diagnosis.local.captivePortal.location, 'http://198.18.1.1:8080/login', describeRun(run));
  });

  for (const how of ['refuse', 'drop'] as const) {
    test(`TCP 443 ${how === 'refuse' ? 'refused' : 'dropped'} by a firewall, DNS and HTTP pass: firewall`, async () => {
      await block443(lab().names, how);
      assertVerdict(await check(), { scope: 'local', kind: 'firewall', layer: 'tcp', provider: null, apps: everyApp });
    });
  }

  test('uplink latency (1.3 s round trip added beyond the router): degraded', async () => {
    await lab().slowUplink(1300);
    const run = await check();
    assertVerdict(run, { scope: 'local', kind: 'degraded', layer: null, provider: null, apps: everyApp });
    // Each web request crosses the uplink at least twice (TLS handshake, then the request).
    for (const app of run.diagnosis.apps) assert.ok((app.latencyMs ?? 0) >= 2600, describeRun(run));
  });

  test('router DNS slow (answers after 3.2 s, an overloaded router): degraded', async () => {
    await lab().setRouterDns('slow');
    const run = await check();
    // Every name is slow to resolve, the controls' too, so the verdict leaves the layer open.
    assertVerdict(run, { scope: 'local', kind: 'degraded', layer: null, provider: null, apps: everyApp });
    const system = run.diagnosis.local.resolvers.find((r) => r.role === 'system');
    assert.ok((system?.medianLatencyMs ?? 0) >= 3000, describeRun(run));
  });
});
