// Findings about the way this machine's traffic leaves: a VPN tunnel, the
// proxy the apps use, and IPv6 next to IPv4.
//   vpn:   the tunnel is up but nothing answers through it. When it carries
//          everything and nothing beyond answers, it stands alone (before isp:
//          a dead VPN looks like a dead ISP otherwise); a split tunnel whose
//          routes fail while the rest works is a finding next to others.
//   proxy: the proxy refused, hung, asked for a password (407), denied (403)
//          or could not reach the sites (502-504): the proxy's, never the
//          apps' or a firewall's. Stands alone when nothing beyond answers.
//   degraded (local, layer tcp): IPv6 connections fail or stall where IPv4
//          ones to the same sites work: apps fall back to IPv4 slowly.
import type { Translate } from '../i18n/translate';
import type { Verdict } from '../contracts/diagnosis';
import type { ProxyResult } from '../contracts/probe-results';
import { addressFamily } from '../contracts/sinkhole-addresses';
import { controlsSentence, failureSentence, gatewaySentence, targetNames } from './describe';
import { clampConfidence, unique, type Finding } from './finding';
import type { RoundView } from './round-view';
import type { TargetAssessment } from './target-status';
import { missingPathSentences, usualOrNew } from './usual-here';

function localVerdict(fields: Omit<Verdict, 'scope' | 'provider' | 'region'>): Verdict {
  return { scope: 'local', provider: null, region: null, ...fields };
}

function allTargets(view: RoundView): TargetAssessment[] {
  return [...view.controls, ...view.apps, ...view.canaries];
}

/** A connection was tried (an address to go to, or a proxy to go through). */
function attempted(target: TargetAssessment): boolean {
  return target.probe.tcp.length > 0 || Boolean(target.probe.proxy) || target.probe.http !== null;
}

function failureSentences(t: Translate, targets: TargetAssessment[]): string[] {
  return targets.flatMap((target) => failureSentence(t, target) ?? []).slice(0, 3);
}

/** Targets the tunnel carried that failed, in a round where a VPN is in use. */
function throughTunnel(view: RoundView): { carried: TargetAssessment[]; failed: TargetAssessment[] } {
  const carried = allTargets(view).filter((target) => target.probe.route?.tunnel === true && attempted(target));
  return { carried, failed: carried.filter((target) => !target.reachable && target.pathFailure !== null) };
}

/**
 * The VPN carries everything and nothing beyond it answers (not the resolvers,
 * not the controls): its far end is gone. Before isp in decision order.
 */
export function vpnDownFinding(view: RoundView, t: Translate): Finding | null {
  const vpn = view.evidence.local.vpn;
  if (!vpn || vpn.carries !== 'default' || view.externalWorks) return null;
  const askedBeyond = view.controls.length > 0 || view.resolvers.some((r) => r.namesJudged > 0);
  if (!askedBeyond) return null;
  const { failed } = throughTunnel(view);
  const evidence = [
    t('diagnosis:evidence.vpnCarriesAll', { name: vpn.interface }),
    ...failureSentences(t, failed),
    controlsSentence(t, view),
  ];
  if (view.evidence.local.gateway.outcome === 'reachable') evidence.push(gatewaySentence(t, view));
  return {
    verdict: localVerdict({
      kind: 'vpn',
      layer: null,
      apps: view.apps.map((a) => a.probe.id),
      confidence: clampConfidence(view.evidence.local.gateway.outcome === 'reachable' ? 0.8 : 0.7),
      summary: t('diagnosis:kind.vpn.summary', { name: vpn.interface }),
      evidence,
      advice: [
        t('diagnosis:kind.vpn.advice.reconnect', { name: vpn.interface }),
        t('diagnosis:kind.vpn.advice.disconnect', { name: vpn.interface }),
      ],
    }),
  };
}

/** Some routes go through the tunnel: those fail while connections outside it work. */
export function vpnSplitFinding(view: RoundView, t: Translate): Finding | null {
  const vpn = view.evidence.local.vpn;
  if (!vpn) return null;
  const { carried, failed } = throughTunnel(view);
  if (failed.length === 0 || failed.length !== carried.length) return null;
  const outside = allTargets(view).filter((target) => target.reachable && target.probe.route?.tunnel !== true);
  if (outside.length === 0) return null;
  const failedApps = view.apps.filter((app) => failed.includes(app));
  return {
    verdict: localVerdict({
      kind: 'vpn',
      layer: null,
      apps: failedApps.map((a) => a.probe.id),
      confidence: clampConfidence(0.6 + (failed.length >= 2 ? 0.1 : 0) + (outside.length >= 2 ? 0.1 : 0)),
      summary: t('diagnosis:kind.vpn.summarySplit', { name: vpn.interface, apps: targetNames(failed) }),
      evidence: [
        t('diagnosis:evidence.vpnOnlyTunnelFails', { name: vpn.interface, targets: targetNames(failed) }),
        ...failureSentences(t, failed),
        t('diagnosis:evidence.vpnOutsideWorks', { targets: targetNames(outside) }),
      ],
      advice: [
        t('diagnosis:kind.vpn.advice.reconnect', { name: vpn.interface }),
        t('diagnosis:kind.vpn.advice.askAdmin', { name: vpn.interface }),
      ],
    }),
  };
}

/** The targets whose failure the VPN finding explains (so no upstream finding claims them). */
export function explainedByVpn(view: RoundView): TargetAssessment[] {
  return view.evidence.local.vpn ? throughTunnel(view).failed : [];
}

/** Outcomes of a proxy record that are the proxy failing the request. */
const PROXY_FAILURES = new Set<ProxyResult['outcome']>([
  'refused',
  'timeout',
  'reset',
  'auth-required',
  'denied',
  'upstream-failed',
  'bad-response',
  'error',
]);

function proxyFailed(target: TargetAssessment): ProxyResult | null {
  const proxy = target.probe.proxy;
  return proxy && PROXY_FAILURES.has(proxy.outcome) && !target.reachable ? proxy : null;
}

/** The targets whose failure is the proxy's. */
export function explainedByProxy(view: RoundView): TargetAssessment[] {
  return allTargets(view).filter((target) => proxyFailed(target) !== null);
}

/** Which sentence family an outcome belongs to. */
function proxySummaryKey(outcome: ProxyResult['outcome']): string {
  switch (outcome) {
    case 'auth-required':
      return 'auth';
    case 'denied':
      return 'denied';
    case 'upstream-failed':
      return 'upstream';
    case 'bad-response':
      return 'garbage';
    default:
      return 'unreachable';
  }
}

/**
 * The proxy the apps use failed them. `alone`: nothing beyond answered, so the
 * finding stands alone (decision order before isp); otherwise it sits next to
 * others and names only the targets it failed.
 */
export function proxyFinding(view: RoundView, t: Translate): Finding | null {
  const failed = explainedByProxy(view);
  const first = failed[0] ? proxyFailed(failed[0]) : null;
  if (!first) return null;
  const proxies = unique(failed.map((target) => proxyFailed(target)?.proxy ?? ''));
  const outcome = first.outcome;
  const key = proxySummaryKey(outcome);
  const through = allTargets(view).filter((target) => target.probe.proxy?.outcome === 'connected');
  const evidence = failureSentences(t, failed);
  if (through.length > 0) evidence.push(t('diagnosis:evidence.proxyPasses', { targets: targetNames(through) }));
  evidence.push(controlsSentence(t, view));
  const everyoneFailed = through.length === 0 && failed.length >= 2;
  const advice =
    key === 'auth'
      ? [t('diagnosis:kind.proxy.advice.signIn', { proxy: proxies }), t('diagnosis:kind.proxy.advice.admin')]
      : [t('diagnosis:kind.proxy.advice.settings', { proxy: proxies }), t('diagnosis:kind.proxy.advice.admin')];
  return {
    verdict: localVerdict({
      kind: 'proxy',
      layer: failed.every((target) => target.pathFailure?.layer === 'tcp') ? 'tcp' : 'http',
      apps: view.apps.filter((app) => failed.includes(app)).map((app) => app.probe.id),
      confidence: clampConfidence(0.65 + (everyoneFailed ? 0.15 : 0) + (failed.length >= 3 ? 0.05 : 0)),
      summary: t(`diagnosis:kind.proxy.summary.${key}`, { proxy: proxies, status: String(first.status ?? '') }),
      evidence,
      advice,
    }),
  };
}

/** A target that connected over IPv4 while its IPv6 attempt failed. */
function ipv6Broken(target: TargetAssessment): boolean {
  return target.ipv6Failed !== null;
}

/** A target that offered both families and made an IPv6 attempt. */
function triedIpv6(target: TargetAssessment): boolean {
  return target.probe.tcp.some((r) => addressFamily(r.address) === 6);
}

/**
 * IPv6 is broken here: IPv6 attempts fail where IPv4 to the same sites works,
 * on at least two unrelated hosts (or a control), and on most of those tried
 * over both families. IPv6 that works somewhere is the site's problem, not this.
 */
export function ipv6Finding(view: RoundView, t: Translate): Finding | null {
  const tried = allTargets(view).filter((target) => triedIpv6(target) && target.reachable);
  const broken = tried.filter(ipv6Broken);
  if (broken.length === 0 || broken.length * 2 < tried.length) return null;
  const hosts = unique(broken.map((target) => target.probe.hostname));
  if (hosts.length < 2 && !broken.some((target) => view.controls.includes(target))) return null;
  const outcomes = unique(broken.map((target) => target.ipv6Failed?.outcome ?? 'error'));
  return {
    verdict: localVerdict({
      kind: 'degraded',
      layer: 'tcp',
      apps: [],
      confidence: clampConfidence(0.6 + (broken.length === tried.length ? 0.1 : 0) + (hosts.length >= 3 ? 0.1 : 0)),
      summary: t('diagnosis:kind.degraded.summaryIpv6'),
      evidence: [
        t('diagnosis:evidence.ipv6Failed', { targets: targetNames(broken), outcomes }),
        t('diagnosis:evidence.ipv4Works', { targets: targetNames(broken) }),
      ],
      advice: [t('diagnosis:kind.degraded.advice.ipv6Router'), t('diagnosis:kind.degraded.advice.ipv6Isp')],
    }),
  };
}

/** The proxies this round's connections went through (a setting we could not use is not one). */
export function proxiesUsed(view: RoundView): string[] {
  return unique(
    allTargets(view).flatMap((target) => {
      const proxy = target.probe.proxy;
      return proxy && proxy.outcome !== 'invalid-setting' && proxy.outcome !== 'unsupported' ? [proxy.proxy] : [];
    }),
  );
}

/** The first proxy setting this round could not follow (SOCKS, or no proxy address): its checks went direct. */
export function unusableProxySetting(view: RoundView): ProxyResult | null {
  for (const target of allTargets(view)) {
    const proxy = target.probe.proxy;
    if (proxy && (proxy.outcome === 'invalid-setting' || proxy.outcome === 'unsupported')) return proxy;
  }
  return null;
}

/**
 * How this round's traffic left, for every verdict's evidence: through a VPN,
 * through a proxy, over NAT64 on an IPv6-only network.
 */
export function pathContextSentences(view: RoundView, t: Translate): string[] {
  const local = view.evidence.local;
  const sentences: string[] = [];
  if (local.vpn) {
    sentences.push(
      local.vpn.carries === 'default'
        ? t('diagnosis:evidence.throughVpn', { name: local.vpn.interface })
        : t('diagnosis:evidence.throughVpnSome', { name: local.vpn.interface }),
    );
    const usual = usualOrNew(view, 'vpn');
    if (usual) sentences.push(t(`diagnosis:evidence.${usual}`));
    if (local.vpn.addresses.length === 0)
      sentences.push(t('diagnosis:evidence.vpnNoAddress', { name: local.vpn.interface }));
  }
  const proxies = proxiesUsed(view);
  if (proxies.length > 0) {
    sentences.push(t('diagnosis:evidence.throughProxy', { proxy: proxies }));
    const usual = usualOrNew(view, 'proxy');
    if (usual) sentences.push(t(`diagnosis:evidence.${usual}`));
  }
  sentences.push(...missingPathSentences(view, t, proxies.length > 0));
  const unusable = unusableProxySetting(view);
  if (unusable) sentences.push(t(`diagnosis:evidence.proxyUnusable.${unusable.outcome}`, { proxy: unusable.proxy }));
  const families = local.families;
  if (families?.ipv6 === true && families.ipv4 === false) {
    sentences.push(
      families.nat64Prefix
        ? t('diagnosis:evidence.ipv6OnlyNat64', { prefix: families.nat64Prefix })
        : t('diagnosis:evidence.ipv6Only'),
    );
  }
  if (local.changedDuringRound) sentences.push(t('diagnosis:evidence.networkChanged'));
  return sentences;
}
