// VPNs, proxies, IPv6 and intranet names: what diagnose() calls them, and what it says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../i18n/translate';
import type { RoundEvidence } from '../contracts/probe-results';
import { app, LAB_PROXY, roundEvidence, vpnInfo } from './evidence-builders';
import { appsWith, everydayApps, exampleRounds } from './example-rounds';
import { diagnose } from './index';

const en = createTranslator('en').t;
const ar = createTranslator('ar').t;
const run = (evidence: RoundEvidence) => diagnose(evidence, en);
const example = (name: string) => exampleRounds()[name]!.evidence;

test('a VPN carrying everything whose far end is silent: vpn, local, naming wg0, reconnect or disconnect', () => {
  const diagnosis = run(example('vpnDown'));
  const verdict = diagnosis.verdict;
  assert.equal(verdict.kind, 'vpn');
  assert.equal(verdict.scope, 'local');
  assert.match(verdict.summary, /VPN wg0/);
  assert.ok(verdict.evidence.some((s) => /through VPN wg0/.test(s)));
  assert.ok(verdict.advice.some((s) => /connect it again/.test(s)));
  assert.ok(verdict.advice.some((s) => /disconnect VPN wg0/i.test(s)));
  assert.equal(
    diagnosis.findings.some((f) => f.kind === 'isp'),
    false,
  );
  assert.equal(diagnosis.local.vpn?.interface, 'wg0');
});

test('the same dead round without a VPN is the ISP: the tunnel is what makes it the VPN', () => {
  const evidence = example('vpnDown');
  const noVpn: RoundEvidence = { ...evidence, local: { ...evidence.local, vpn: null } };
  assert.notEqual(run(noVpn).verdict.kind, 'vpn');
});

test('a split tunnel: the routes through it fail while the rest works: vpn for those apps, not an app outage', () => {
  const diagnosis = run(example('vpnSplit'));
  assert.equal(diagnosis.verdict.kind, 'vpn');
  assert.deepEqual(diagnosis.verdict.apps.sort(), ['slack', 'zoom']);
  assert.ok(diagnosis.verdict.evidence.some((s) => /Only connections through VPN wg0 fail/.test(s)));
  assert.ok(diagnosis.verdict.evidence.some((s) => /outside the VPN work/.test(s)));
  assert.equal(
    diagnosis.findings.some((f) => f.kind === 'app-outage'),
    false,
  );
});

test('a working VPN is context: ok, and the evidence says the traffic goes through it', () => {
  const diagnosis = run(roundEvidence({ vpn: vpnInfo(), apps: everydayApps().map((a) => ({ ...a, tunnel: 'wg0' })) }));
  assert.equal(diagnosis.verdict.kind, 'ok');
  assert.ok(diagnosis.verdict.evidence.includes('Your connections go through VPN wg0.'));
});

test('a tunnel without addresses: a clear sentence, no crash', () => {
  const diagnosis = run(roundEvidence({ vpn: vpnInfo({ addresses: [] }), apps: everydayApps() }));
  assert.ok(diagnosis.verdict.evidence.some((s) => /VPN wg0 has no address yet/.test(s)));
});

for (const [name, summary] of [
  ['proxyRefused', /proxy your apps use, http:\/\/198\.18\.9\.1:3128, is not answering/],
  ['proxyAuth', /asks for a password/],
  ['proxyUpstream', /cannot reach the sites \(HTTP 502\)/],
] as const) {
  test(`${name}: proxy, local, naming the proxy; not an app outage, not a firewall`, () => {
    const diagnosis = run(example(name));
    assert.equal(diagnosis.verdict.kind, 'proxy');
    assert.equal(diagnosis.verdict.scope, 'local');
    assert.match(diagnosis.verdict.summary, summary);
    assert.ok(diagnosis.verdict.evidence.some((s) => s.includes(LAB_PROXY)));
    for (const kind of ['app-outage', 'provider-outage', 'firewall'])
      assert.equal(
        diagnosis.findings.some((f) => f.kind === kind),
        false,
        kind,
      );
  });
}

test('a proxy hanging on every request, nothing else reachable: proxy stands alone, before isp', () => {
  const hanging = roundEvidence({
    apps: everydayApps().map((a) => ({ ...a, proxy: 'timeout' as const })),
    controls: [{ id: 'c', proxy: 'timeout' }],
    resolverOutcomes: { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
  });
  const diagnosis = run(hanging);
  assert.equal(diagnosis.verdict.kind, 'proxy');
  assert.equal(diagnosis.findings.length, 1);
  assert.ok(diagnosis.verdict.evidence.some((s) => /did not answer in time/.test(s)));
});

test('a proxy refusing one site by policy names that app; the others pass through it', () => {
  const diagnosis = run(example('proxyDenied'));
  assert.equal(diagnosis.verdict.kind, 'proxy');
  assert.deepEqual(diagnosis.verdict.apps, ['reddit']);
  assert.ok(diagnosis.verdict.evidence.some((s) => /Through the same proxy, these answered/.test(s)));
});

test('a healthy proxy: ok, "through the proxy" in the evidence and in local.proxies', () => {
  const diagnosis = run(example('proxyOk'));
  assert.equal(diagnosis.verdict.kind, 'ok');
  assert.deepEqual(diagnosis.local.proxies, [LAB_PROXY]);
  assert.ok(diagnosis.verdict.evidence.some((s) => s.includes(`through the proxy ${LAB_PROXY}`)));
});

test('a malformed proxy setting: the connections went direct, and the evidence says why', () => {
  const diagnosis = run(roundEvidence({ apps: appsWith({ slack: { proxy: 'invalid-setting' } }) }));
  assert.equal(diagnosis.verdict.kind, 'ok');
  assert.deepEqual(diagnosis.local.proxies, []);
  assert.ok(diagnosis.verdict.evidence.some((s) => /is not a proxy address; connections went direct/.test(s)));
});

test('a SOCKS or malformed proxy setting where nothing answers direct: unknown, saying first that the checks went direct', () => {
  for (const outcome of ['unsupported', 'invalid-setting'] as const) {
    const spec = { proxy: outcome, tcp: 'refused' as const };
    const evidence = roundEvidence({
      apps: everydayApps().map((a) => ({ ...a, ...spec })),
      controls: [{ id: 'c', ...spec }],
    });
    const { verdict, findings } = run(evidence);
    assert.equal(verdict.kind, 'unknown', outcome);
    assert.ok(!findings.some((f) => f.scope === 'upstream'), `no app or provider blamed (${outcome})`);
    const why =
      outcome === 'unsupported'
        ? 'the checks cannot go through the SOCKS proxy htp:/nonsense, so they went direct'
        : 'the proxy setting "htp:/nonsense" names no proxy, so the checks went direct';
    assert.ok(verdict.summary.startsWith(`Not enough evidence to tell: ${why}`), verdict.summary);
    assert.match(verdict.evidence[0] ?? '', /connections went direct\.$/, 'the setting comes first in the evidence');
    assert.equal(verdict.evidence.filter((s) => /connections went direct/.test(s)).length, 1, 'said once');
    assert.match(
      verdict.advice[0] ?? '',
      outcome === 'unsupported' ? /only through the SOCKS proxy htp:\/nonsense/ : /Check the proxy setting/,
    );
    const arabic = diagnose(evidence, ar).verdict;
    assert.match(arabic.summary, outcome === 'unsupported' ? /وكيل SOCKS \u2068htp:\/nonsense\u2069/ : /لا يحدد وكيلًا/);
  }
});

test('a proxy answering garbage: proxy, with its own sentence', () => {
  const diagnosis = run(roundEvidence({ apps: everydayApps().map((a) => ({ ...a, proxy: 'bad-response' as const })) }));
  assert.equal(diagnosis.verdict.kind, 'proxy');
  assert.match(diagnosis.verdict.summary, /not HTTP/);
});

test('broken IPv6 (IPv6 connects time out, IPv4 works): degraded, local, its own wording; apps stay up', () => {
  const diagnosis = run(example('ipv6Broken'));
  assert.equal(diagnosis.verdict.kind, 'degraded');
  assert.equal(diagnosis.verdict.scope, 'local');
  assert.equal(diagnosis.verdict.summary, 'IPv6 on your network is broken; apps fall back to IPv4 slowly.');
  assert.ok(diagnosis.apps.every((a) => a.status === 'up'));
  assert.equal(diagnosis.findings.filter((f) => f.kind === 'app-outage').length, 0);
});

test('IPv6 failing for one site only is not "your IPv6 is broken"', () => {
  const diagnosis = run(roundEvidence({ apps: appsWith({ slack: { ipv6: 'timeout' }, zoom: { ipv6: 'connected' } }) }));
  assert.equal(diagnosis.verdict.kind, 'ok');
});

test('IPv6-only with NAT64: ok, and the evidence says IPv4 sites are reached through NAT64', () => {
  const diagnosis = run(example('nat64'));
  assert.equal(diagnosis.verdict.kind, 'ok');
  assert.ok(diagnosis.verdict.evidence.some((s) => s.includes('NAT64 (64:ff9b::/96)')));
  assert.equal(diagnosis.local.families.nat64Prefix, '64:ff9b::/96');
});

test('an intranet name public resolvers do not know, whose server is down: its own outage, never blocked or dns-local', () => {
  const diagnosis = run(example('intranetDown'));
  assert.equal(diagnosis.verdict.kind, 'app-outage');
  assert.deepEqual(diagnosis.verdict.apps, ['wiki']);
  for (const kind of ['blocked', 'dns-local'])
    assert.equal(
      diagnosis.findings.some((f) => f.kind === kind),
      false,
      kind,
    );
});

test('an internal app (config) answered only by the system resolver: up; the public NXDOMAINs hold nothing against them', () => {
  const intranet = app('wiki', {
    internal: 'config',
    dns: { '127.0.0.53': 'answer', Cloudflare: 'nxdomain', Google: 'nxdomain', Quad9: 'nxdomain' },
  });
  const diagnosis = run(roundEvidence({ apps: [...everydayApps(), intranet] }));
  assert.equal(diagnosis.verdict.kind, 'ok');
  assert.ok(diagnosis.local.resolvers.filter((r) => r.role === 'public').every((r) => r.status === 'ok'));
});

test('an internal app whose name the system resolver fails while it answers others: upstream, its own sentence (row 0c)', () => {
  const intranet = app('wiki', {
    internal: 'config',
    dns: { '127.0.0.53': 'servfail', Cloudflare: 'nxdomain', Google: 'nxdomain', Quad9: 'nxdomain' },
  });
  const evidence = roundEvidence({ apps: [...everydayApps(), intranet] });
  const { verdict } = run(evidence);
  assert.equal(verdict.kind, 'app-outage');
  assert.equal(verdict.layer, 'dns');
  assert.match(verdict.summary, /Your network's own DNS does not answer for Wiki:/);
  const text = [verdict.summary, ...verdict.evidence].join('\n');
  assert.match(text, /your network's own resolver failed wiki\.example \(SERVFAIL\)/);
  assert.doesNotMatch(text, /every resolver|NXDOMAIN|broken at the source/, 'the public NXDOMAINs count against none');
  assert.match(verdict.advice.join('\n'), /whoever runs your network/);
  const arabic = diagnose(evidence, ar).verdict;
  assert.match(arabic.summary, /لا يُجيب DNS شبكتك عن/);
  assert.ok(arabic.evidence.some((line) => line.includes('أخفق محلّل شبكتك')));
  assert.ok(arabic.advice.every((line) => /[\u0600-\u06FF]/.test(line)));
});

test('the network changing mid-round is said, not hidden', () => {
  const diagnosis = run(roundEvidence({ apps: everydayApps(), changedDuringRound: true }));
  assert.ok(diagnosis.verdict.evidence.some((s) => /network changed while this check ran/.test(s)));
});

test('Arabic: VPN, proxy and IPv6 verdicts are in Arabic', () => {
  for (const name of ['vpnDown', 'proxyAuth', 'ipv6Broken']) {
    const verdict = diagnose(example(name), ar).verdict;
    assert.match(verdict.summary, /[\u0600-\u06FF]/, name);
    for (const sentence of verdict.advice) assert.match(sentence, /[\u0600-\u06FF]/, name);
  }
});
