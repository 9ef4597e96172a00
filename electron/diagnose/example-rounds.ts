// One literal round for every verdict kind (and a few notable variants), for
// tests, UI fixtures and screenshots. Each is what diagnose() must call that kind.
import type { NetworkBaseline } from '../contracts/baseline';
import type { RoundEvidence } from '../contracts/probe-results';
import { networkBaseline } from './baseline-builders';
import type { VerdictKind } from '../contracts/diagnosis';
import {
  app,
  gatewayProbe,
  loopbackInterface,
  PUBLIC_RESOLVERS,
  resolverRef,
  roundEvidence,
  vpnInfo,
  wifiInterface,
  type TargetSpec,
} from './evidence-builders';

/** Five apps on three providers, all healthy. */
export function everydayApps(): TargetSpec[] {
  return [
    app('zoom', { provider: 'aws', region: 'us-east-1' }),
    app('alexa', { provider: 'aws', region: 'us-east-1' }),
    app('primevideo', { name: 'Prime Video', provider: 'aws', region: 'us-east-1' }),
    app('reddit', { provider: 'fastly' }),
    app('slack', { provider: 'gcp' }),
  ];
}

/** The same apps with some of them changed. */
export function appsWith(changes: Record<string, Omit<TargetSpec, 'id'>>): TargetSpec[] {
  return everydayApps().map((spec) => ({ ...spec, ...(changes[spec.id] ?? {}) }));
}

const FASTLY_503 = { status: 503, headers: { via: '1.1 varnish', 'x-served-by': 'cache-lcy-eglc8600053-LCY' } };

export interface ExampleRound {
  kind: VerdictKind;
  evidence: RoundEvidence;
}

export function exampleRounds(): Record<string, ExampleRound> {
  const apps = everydayApps();
  return {
    ok: { kind: 'ok', evidence: roundEvidence({ apps }) },
    offline: {
      kind: 'offline',
      evidence: roundEvidence({
        apps,
        interfaces: [loopbackInterface(), wifiInterface({ up: false, addresses: [] })],
        defaultRoute: false,
        gateway: 'unknown',
        resolverOutcomes: { '127.0.0.53': 'error', Cloudflare: 'error', Google: 'error', Quad9: 'error' },
      }),
    },
    lan: {
      kind: 'lan',
      evidence: roundEvidence({
        apps,
        gateway: 'unreachable',
        resolverOutcomes: { '127.0.0.53': 'timeout', Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
      }),
    },
    captivePortal: {
      kind: 'captive-portal',
      evidence: roundEvidence({
        apps: appsWith(Object.fromEntries(apps.map((a) => [a.id, { tls: 'untrusted' as const }]))),
        captive: 'intercepted',
        controls: [
          { id: 'control-a', url: 'https://control-a.example/', tls: 'untrusted' },
          { id: 'control-b', url: 'https://control-b.example/', tls: 'untrusted' },
        ],
      }),
    },
    isp: {
      kind: 'isp',
      evidence: roundEvidence({
        apps: appsWith(Object.fromEntries(apps.map((a) => [a.id, { tcp: 'timeout' as const }]))),
        resolverOutcomes: { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
        controls: [
          { id: 'control-a', url: 'https://control-a.example/', tcp: 'timeout' },
          { id: 'control-b', url: 'https://control-b.example/', tcp: 'timeout' },
        ],
      }),
    },
    dnsLocal: { kind: 'dns-local', evidence: roundEvidence({ apps, resolverOutcomes: { '127.0.0.53': 'timeout' } }) },
    dnsLocalBogus: {
      kind: 'dns-local',
      evidence: roundEvidence({ apps, resolverOutcomes: { '127.0.0.53': 'nxdomain' } }),
    },
    firewall: {
      kind: 'firewall',
      evidence: roundEvidence({
        apps: appsWith(Object.fromEntries(apps.map((a) => [a.id, { tcp: 'refused' as const }]))),
        controls: [
          { id: 'control-a', url: 'https://control-a.example/', tcp: 'refused' },
          { id: 'control-b', url: 'https://control-b.example/', tcp: 'refused' },
        ],
      }),
    },
    providerOutage: {
      kind: 'provider-outage',
      evidence: roundEvidence({
        apps: appsWith({ zoom: { http: 503 }, alexa: { tcp: 'timeout' }, primevideo: { http: 'timeout' } }),
      }),
    },
    providerOutageFastly: {
      kind: 'provider-outage',
      evidence: roundEvidence({
        apps: [...everydayApps(), app('github', { provider: 'fastly' })].map((a) =>
          a.id === 'reddit' || a.id === 'github' ? { ...a, http: FASTLY_503 } : a,
        ),
      }),
    },
    blocked: {
      kind: 'blocked',
      evidence: roundEvidence({
        apps: appsWith({
          reddit: {
            dns: { '127.0.0.53': { outcome: 'refused', ede: [{ code: 15, text: 'Blocked by the school filter' }] } },
          },
        }),
      }),
    },
    blockedSinkhole: {
      kind: 'blocked',
      evidence: roundEvidence({
        apps: appsWith({ slack: { dns: { '127.0.0.53': { outcome: 'answer', addresses: ['0.0.0.0'] } } } }),
      }),
    },
    dnsOutageGroup: {
      kind: 'app-outage',
      evidence: roundEvidence({
        apps: [
          ...everydayApps(),
          app('acme', { dns: 'servfail' }),
          app('acmeapi', { name: 'Acme API', dns: 'servfail' }),
          app('acmecdn', { name: 'Acme CDN', dns: 'servfail' }),
        ],
      }),
    },
    dnsSharedFailure: {
      kind: 'app-outage',
      evidence: roundEvidence({
        apps: appsWith({ slack: { dns: { '127.0.0.53': 'servfail', Cloudflare: 'servfail', Google: 'servfail' } } }),
      }),
    },
    degradedStale: {
      kind: 'degraded',
      evidence: roundEvidence({
        apps: appsWith({ slack: { dns: { outcome: 'answer', ede: [{ code: 3, text: '' }] } } }),
      }),
    },
    appOutage: { kind: 'app-outage', evidence: roundEvidence({ apps: appsWith({ slack: { http: 500 } }) }) },
    appOutageDns: { kind: 'app-outage', evidence: roundEvidence({ apps: appsWith({ slack: { dns: 'servfail' } }) }) },
    degraded: { kind: 'degraded', evidence: roundEvidence({ apps: appsWith({ reddit: { latencyMs: 2400 } }) }) },
    unknown: { kind: 'unknown', evidence: roundEvidence({ apps: [] }) },
    ...networkPathRounds(),
  };
}

/** Every target through the tunnel `wg0`, or the lab proxy, with these outcomes. */
function through(
  specs: readonly TargetSpec[],
  overrides: Omit<TargetSpec, 'id'>,
  only: readonly string[] | null = null,
): TargetSpec[] {
  return specs.map((spec) => (only === null || only.includes(spec.id) ? { ...spec, ...overrides } : spec));
}

const LAB_CONTROLS: readonly TargetSpec[] = [
  { id: 'control-a', name: 'control-a.example', url: 'https://control-a.example/generate_204', http: 204 },
  { id: 'control-b', name: 'control-b.example', url: 'https://control-b.example/cdn-cgi/trace' },
];

/** VPNs, proxies, IPv6 and intranet names (network-path-findings.ts). */
function networkPathRounds(): Record<string, ExampleRound> {
  const apps = everydayApps();
  const deadTunnel = { tunnel: 'wg0', tcp: 'timeout' as const };
  const proxied = (proxy: TargetSpec['proxy']) =>
    roundEvidence({ apps: through(apps, { proxy }), controls: through(LAB_CONTROLS, { proxy }) });
  return {
    vpnDown: {
      kind: 'vpn',
      evidence: roundEvidence({
        vpn: vpnInfo(),
        gateway: 'off',
        apps: through(apps, deadTunnel),
        controls: through(LAB_CONTROLS, deadTunnel),
        resolverOutcomes: { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
      }),
    },
    vpnSplit: {
      kind: 'vpn',
      evidence: roundEvidence({
        vpn: vpnInfo({ carries: 'some' }),
        apps: through(apps, deadTunnel, ['zoom', 'slack']),
      }),
    },
    proxyRefused: { kind: 'proxy', evidence: proxied('refused') },
    proxyAuth: { kind: 'proxy', evidence: proxied({ outcome: 'auth-required', status: 407 }) },
    proxyUpstream: { kind: 'proxy', evidence: proxied({ outcome: 'upstream-failed', status: 502 }) },
    proxyDenied: {
      kind: 'proxy',
      evidence: roundEvidence({
        apps: through(through(apps, { proxy: 'connected' }), { proxy: { outcome: 'denied', status: 403 } }, ['reddit']),
        controls: through(LAB_CONTROLS, { proxy: 'connected' }),
      }),
    },
    proxyOk: { kind: 'ok', evidence: proxied('connected') },
    ipv6Broken: {
      kind: 'degraded',
      evidence: roundEvidence({
        families: { ipv4: true, ipv6: true, nat64Prefix: null },
        apps: through(apps, { ipv6: 'timeout' }),
        controls: through(LAB_CONTROLS, { ipv6: 'timeout' }),
      }),
    },
    nat64: {
      kind: 'ok',
      evidence: roundEvidence({ apps, families: { ipv4: false, ipv6: true, nat64Prefix: '64:ff9b::/96' } }),
    },
    intranetDown: {
      kind: 'app-outage',
      evidence: roundEvidence({
        apps: [
          ...apps,
          app('wiki', {
            dns: {
              '127.0.0.53': { outcome: 'answer', addresses: ['10.20.0.5'] },
              Cloudflare: 'nxdomain',
              Google: 'nxdomain',
              Quad9: 'nxdomain',
            },
            tcp: 'timeout',
          }),
        ],
      }),
    },
  };
}

/** A round where the gateway answers but nothing else was measured: nothing to judge by. */
export function thinRound(): RoundEvidence {
  return roundEvidence({ gateway: gatewayProbe('unknown'), controls: [], resolvers: [], apps: [] });
}

export interface BaselineRound extends ExampleRound {
  baseline: NetworkBaseline;
}

/** Rounds judged against what is usual on their network (per-network baselines). */
export function baselineRounds(): Record<string, BaselineRound> {
  const examples = exampleRounds();
  return {
    // 700 ms is under the fixed threshold (1200 ms), but Reddit usually answers in 80 ms here.
    slowerThanUsual: {
      kind: 'degraded',
      evidence: roundEvidence({ apps: appsWith({ reddit: { latencyMs: 700 } }) }),
      baseline: networkBaseline({ latency: { reddit: 80, zoom: 80 } }),
    },
    // 2400 ms is over the fixed threshold, and usual on this network (a satellite link).
    slowAsUsual: {
      kind: 'ok',
      evidence: roundEvidence({ apps: appsWith({ reddit: { latencyMs: 2400 } }) }),
      baseline: networkBaseline({ latency: { reddit: 2300 } }),
    },
    // This office always blocks plain HTTP, which none of the apps uses: context, not news.
    firewallAsUsual: {
      kind: 'ok',
      evidence: plainHttpBlocked(),
      baseline: networkBaseline({ traits: { firewall: 1 } }),
    },
    // The same block in an app's way stays a finding, said to be usual here.
    firewallAsUsualInTheWay: {
      kind: 'firewall',
      evidence: examples.firewall!.evidence,
      baseline: networkBaseline({ traits: { firewall: 1 } }),
    },
    vpnAsUsual: {
      kind: 'ok',
      evidence: roundEvidence({ vpn: vpnInfo(), apps: everydayApps() }),
      baseline: networkBaseline({ traits: { vpn: 1 } }),
    },
    // The router's resolver answers in 1.5 s where it usually takes 20 ms.
    resolverSlowerThanUsual: {
      kind: 'degraded',
      evidence: roundEvidence({ apps: everydayApps().map((a) => ({ ...a, dnsLatencyMs: 1500 })) }),
      baseline: networkBaseline({ dns: { zoom: 20, slack: 20, reddit: 20 } }),
    },
    proxyNewHere: {
      kind: 'ok',
      evidence: examples.proxyOk!.evidence,
      baseline: networkBaseline({ traits: { proxy: 0 } }),
    },
  };
}

/** Plain HTTP (port 80) refused to unrelated hosts while HTTPS works: an office firewall. */
export function plainHttpBlocked(): RoundEvidence {
  return roundEvidence({
    apps: everydayApps(),
    captive: 'off',
    controls: [
      ...LAB_CONTROLS,
      { id: 'control-c', name: 'control-c.example', url: 'http://control-c.example/', tcp: 'refused' },
      { id: 'control-d', name: 'control-d.example', url: 'http://control-d.example/', tcp: 'refused' },
    ],
  });
}

/** The router at 198.18.0.1, also the system resolver, as a Mac on a home network has it. */
export const ROUTER_RESOLVER = resolverRef('198.18.0.1', '198.18.0.1', 'system');

/**
 * A Mac before the person allowed Local Network access: the router resolver
 * errs for every name (EHOSTUNREACH), and so do the router check (unless
 * `gatewayWorks`) and the NAS on the same subnet, while the rest works. With
 * `blocked` the probes read the refusals as macOS's privacy gate, as they do
 * on darwin; without it, as the network's.
 */
export function macosPrivacyRound(options: { blocked: boolean; gatewayWorks?: boolean }): RoundEvidence {
  const evidence = roundEvidence({
    resolvers: [ROUTER_RESOLVER, ...PUBLIC_RESOLVERS],
    resolverOutcomes: { [ROUTER_RESOLVER.address]: 'error' },
    apps: [
      ...everydayApps(),
      app('nas', { name: 'NAS', url: 'http://198.18.0.10:8080/', internal: 'config', tcp: 'unreachable' }),
    ],
    gateway: options.gatewayWorks
      ? 'reachable'
      : options.blocked
        ? gatewayProbe('unknown', { address: '198.18.0.1', method: 'tcp', blockedBy: 'macos-local-network' })
        : gatewayProbe('unreachable', { address: '198.18.0.1', method: 'tcp' }),
  });
  if (!options.blocked) return evidence;
  const mark = (probe: RoundEvidence['apps'][number]) => ({
    ...probe,
    dns: probe.dns.map((result) =>
      result.resolver.address === ROUTER_RESOLVER.address
        ? { ...result, blockedBy: 'macos-local-network' as const }
        : result,
    ),
    ...(probe.id === 'nas' ? { blockedBy: 'macos-local-network' as const } : {}),
  });
  return { ...evidence, apps: evidence.apps.map(mark), controls: evidence.controls.map(mark) };
}
