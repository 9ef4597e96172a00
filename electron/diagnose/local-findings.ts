// "Is it me?": findings about the person's own network, in decision order.
//   offline > lan > captive-portal > vpn > proxy > isp  (each alone: nothing beyond it can be judged)
//   vpn (split), proxy, dns-local, blocked, firewall, IPv6 (may hold together, and next to upstream findings)
import type { Translate } from '../i18n/translate';
import type { Verdict } from '../contracts/diagnosis';
import {
  bogusSentence,
  controlsSentence,
  extendedErrorSentences,
  failureSentence,
  gatewaySentence,
  publicResolversSentence,
  publicBlockedSentence,
  resolverLabel,
  resolverOkSentence,
  systemFailingSentence,
  targetNames,
} from './describe';
import { clampConfidence, unique, type Finding } from './finding';
import { judgementOf, resolversWithRole, type RoundView } from './round-view';
import { blockedFinding } from './dns-findings';
import { ipv6Finding, proxyFinding, vpnDownFinding, vpnSplitFinding } from './network-path-findings';
import { certificateReplaced, schemeOf, stoppedByNetwork, type TargetAssessment } from './target-status';

function localVerdict(fields: Omit<Verdict, 'scope' | 'provider' | 'region'>): Verdict {
  return { scope: 'local', provider: null, region: null, ...fields };
}

/** The first blocking finding (offline, lan, captive-portal, vpn, proxy, isp), or null. */
export function blockingLocalFinding(view: RoundView, t: Translate): Finding | null {
  return (
    offline(view, t) ??
    lan(view, t) ??
    captivePortal(view, t) ??
    vpnDownFinding(view, t) ??
    (view.externalWorks ? null : proxyFinding(view, t)) ??
    isp(view, t)
  );
}

/** A split VPN, the proxy, dns-local, blocked, firewall and IPv6: they may hold together, and apps may still be judged. */
export function nonBlockingLocalFindings(view: RoundView, t: Translate): Finding[] {
  return [
    vpnSplitFinding(view, t),
    proxyFinding(view, t),
    dnsLocal(view, t),
    blockedFinding(view, t),
    ...firewall(view, t),
    ipv6Finding(view, t),
  ].filter((f): f is Finding => f !== null);
}

/**
 * offline: no usable (up, non-internal, addressed) interface, or the OS says there
 * is no default route. An empty interface list is "not reported", not offline.
 * Tie-break: anything answering from beyond the network overrules the OS facts.
 */
function offline(view: RoundView, t: Translate): Finding | null {
  const local = view.evidence.local;
  const noInterface = local.interfaces.length > 0 && view.usableInterfaces.length === 0;
  const noRoute = local.defaultRoute === false;
  if ((!noInterface && !noRoute) || view.externalWorks) return null;
  const evidence: string[] = [];
  if (noInterface) evidence.push(t('diagnosis:evidence.noInterface'));
  if (noRoute) evidence.push(t('diagnosis:evidence.noRoute'));
  evidence.push(controlsSentence(t, view));
  return {
    verdict: localVerdict({
      kind: 'offline',
      layer: null,
      apps: view.apps.map((a) => a.probe.id),
      confidence: clampConfidence(noInterface && noRoute ? 0.95 : 0.9),
      summary: t(noInterface ? 'diagnosis:kind.offline.summaryNoInterface' : 'diagnosis:kind.offline.summaryNoRoute'),
      evidence,
      advice: [t('diagnosis:kind.offline.advice.connect'), t('diagnosis:kind.offline.advice.reconnect')],
    }),
  };
}

/**
 * lan: an interface and a route exist but the gateway does not answer.
 * Tie-break: some routers ignore our probe; if anything beyond them answers, it is not lan.
 */
function lan(view: RoundView, t: Translate): Finding | null {
  const gateway = view.evidence.local.gateway;
  if (view.usableInterfaces.length === 0 || gateway.outcome !== 'unreachable' || view.externalWorks) return null;
  const evidence = [gatewaySentence(t, view), ...interfaceSentences(view, t), controlsSentence(t, view)];
  return {
    verdict: localVerdict({
      kind: 'lan',
      layer: null,
      apps: view.apps.map((a) => a.probe.id),
      confidence: clampConfidence(view.evidence.local.defaultRoute === true ? 0.9 : 0.85),
      summary: t('diagnosis:kind.lan.summary', { gateway: gateway.address ?? gateway.configured }),
      evidence,
      advice: [t('diagnosis:kind.lan.advice.restartRouter'), t('diagnosis:kind.lan.advice.cable')],
    }),
  };
}

function interfaceSentences(view: RoundView, t: Translate): string[] {
  return view.usableInterfaces.map((i) =>
    t('diagnosis:evidence.interfaceUp', { name: i.name, addresses: i.addresses }),
  );
}

/** captive-portal: the check was redirected or answered with something else. Beats everything but offline and lan. */
function captivePortal(view: RoundView, t: Translate): Finding | null {
  const captive = view.evidence.captivePortal;
  if (captive.outcome !== 'intercepted') return null;
  const url = captive.url ?? '';
  const evidence = [
    captive.location
      ? t('diagnosis:evidence.captiveRedirect', { url, location: captive.location })
      : t('diagnosis:evidence.captiveStatus', {
          url,
          status: String(captive.status ?? '-'),
          expected: String(captive.expectStatus),
        }),
    controlsSentence(t, view),
  ];
  return {
    verdict: localVerdict({
      kind: 'captive-portal',
      layer: 'http',
      apps: view.apps.filter((a) => a.status !== 'up').map((a) => a.probe.id),
      confidence: clampConfidence(captive.location ? 0.9 : 0.8),
      summary: t('diagnosis:kind.captive-portal.summary'),
      evidence,
      advice: [t('diagnosis:kind.captive-portal.advice.signIn')],
    }),
  };
}

/**
 * isp: the gateway answers (or could not be checked), but no control, no app and
 * no public resolver answers. Needs something beyond the gateway to have been asked.
 * Tie-break: with the gateway unchecked it could still be the router: lower confidence.
 */
function isp(view: RoundView, t: Translate): Finding | null {
  const gateway = view.evidence.local.gateway;
  const publicResolvers = resolversWithRole(view, 'public');
  const askedBeyond = view.controls.length > 0 || publicResolvers.some((r) => r.namesJudged > 0);
  if (gateway.outcome === 'unreachable' || !askedBeyond || view.externalWorks) return null;
  const evidence = [gatewaySentence(t, view), controlsSentence(t, view)];
  const publicSentence = publicResolversSentence(t, view);
  if (publicSentence) evidence.push(publicSentence);
  const gatewayKnown = gateway.outcome === 'reachable';
  const breadth = Math.min(view.controls.length + publicResolvers.length, 4) * 0.025;
  return {
    verdict: localVerdict({
      kind: 'isp',
      layer: null,
      apps: view.apps.map((a) => a.probe.id),
      confidence: clampConfidence((gatewayKnown ? 0.75 : 0.45) + breadth),
      summary: t(gatewayKnown ? 'diagnosis:kind.isp.summary' : 'diagnosis:kind.isp.summaryNoGateway'),
      evidence,
      advice: [t('diagnosis:kind.isp.advice.restartModem'), t('diagnosis:kind.isp.advice.callIsp')],
    }),
  };
}

/**
 * dns-local: the system resolver fails names that the public resolvers answer
 * (dns-judgement.ts rows 3 and 7). Resolver-wide when every system resolver fails
 * most names; else those names only, with less confidence. A name that a healthy
 * public resolver fails too is the zone's, never counted here.
 */
function dnsLocal(view: RoundView, t: Translate): Finding | null {
  const system = resolversWithRole(view, 'system');
  const publicOk = resolversWithRole(view, 'public').filter((r) => r.report.status === 'ok' && r.namesAnswered > 0);
  if (system.length === 0 || publicOk.length === 0) return null;
  const local = (target: TargetAssessment) => judgementOf(view, target).verdict === 'local';
  const affectedApps = view.apps.filter(local);
  const affectedTargets: TargetAssessment[] = [...affectedApps, ...view.controls.filter(local)];
  if (affectedTargets.length === 0 && ![...view.canaries].some(local)) return null;
  const resolverWide = system.every((r) => r.report.status === 'failing');

  const evidence: string[] = [];
  const failing = resolverWide ? system : system.filter((r) => r.namesFailed > 0);
  for (const health of failing) {
    evidence.push(systemFailingSentence(t, health, publicOk));
    for (const bogus of health.bogus.slice(0, 3)) evidence.push(bogusSentence(t, health, bogus));
  }
  for (const health of publicOk) evidence.push(resolverOkSentence(t, health));
  if (!resolverWide) {
    for (const target of affectedTargets.slice(0, 3)) {
      const sentence = failureSentence(t, target);
      if (sentence) evidence.push(sentence);
    }
  }
  const systemErrors = affectedTargets.flatMap((target) =>
    target.dns.results.filter((r) => r.resolver.role === 'system').flatMap((r) => extendedErrorSentences(t, r)),
  );
  evidence.push(...unique(systemErrors).slice(0, 3));
  const resolverNames = system.map((r) => resolverLabel(r.report));
  const publicNames = publicOk.map((r) => r.report.name);
  const apps = targetNames(affectedApps);
  const judged = Math.max(...system.map((r) => r.namesJudged));
  const confidence = resolverWide
    ? 0.65 + (judged >= 3 ? 0.1 : 0) + (publicOk.length >= 2 ? 0.1 : 0) + (view.controlsReachable.length > 0 ? 0.05 : 0)
    : 0.5 + (publicOk.length >= 2 ? 0.1 : 0);
  const advice = [t('diagnosis:kind.dns-local.advice.switch', { public: publicNames })];
  if (affectedTargets.some((target) => judgementOf(view, target).systemDnssec)) {
    advice.push(t('diagnosis:kind.dns-local.advice.clock'));
  }
  if (resolverWide) advice.push(t('diagnosis:kind.dns-local.advice.restartRouter'));
  else advice.push(t('diagnosis:kind.dns-local.advice.filter', { apps }));
  return {
    resolverWide,
    verdict: localVerdict({
      kind: 'dns-local',
      layer: 'dns',
      apps: unique(affectedApps.map((a) => a.probe.id)),
      confidence: clampConfidence(confidence),
      summary: resolverWide
        ? t(apps.length > 0 ? 'diagnosis:kind.dns-local.summaryApps' : 'diagnosis:kind.dns-local.summary', {
            resolver: resolverNames,
            apps,
          })
        : t('diagnosis:kind.dns-local.summaryNames', {
            resolver: resolverNames,
            apps: apps.length > 0 ? apps : targetNames(affectedTargets),
          }),
      evidence,
      advice,
    }),
  };
}

/**
 * firewall, two shapes:
 * (a) a protocol (HTTPS or plain HTTP) is blocked: at least two unrelated hosts
 *     (distinct provider, or distinct host when unattributed) using it got an address
 *     but every connection using it failed at connect time or showed a certificate
 *     that is not the site's (an intercepting proxy), while the other protocol
 *     passed (a target answered over it, or the captive check, which is plain HTTP,
 *     answered as expected), and DNS answered.
 * (b) DNS to every public resolver is blocked (each failing, mostly by timeout or
 *     REFUSED) while a system resolver works and a control or an app is reachable.
 * Without a passing protocol to compare with, there is no firewall verdict: a dead
 * upstream looks the same.
 */
function firewall(view: RoundView, t: Translate): Finding[] {
  const findings: Finding[] = [];
  const targets = [...view.controls, ...view.apps, ...view.canaries];
  const dnsAnswered = view.resolvers.some((r) => r.namesAnswered > 0);
  for (const scheme of ['https', 'http'] as const) {
    const using = targets.filter((a) => schemeOf(a) === scheme && (a.dns.answered.length > 0 || a.dns.literal));
    const attempted = using.filter((a) => a.probe.tcp.length > 0 || a.probe.http !== null);
    if (attempted.length === 0 || !attempted.every(stoppedByNetwork)) continue;
    const unrelated = unique(attempted.map((a) => a.provider ?? a.probe.hostname));
    if (unrelated.length < 2 || !dnsAnswered) continue;
    const other = scheme === 'https' ? 'http' : 'https';
    const passing = targets.filter((a) => schemeOf(a) === other && a.reachable);
    const captiveOk = other === 'http' && view.evidence.captivePortal.outcome === 'ok';
    if (passing.length === 0 && !captiveOk) continue;

    const evidence = [
      t('diagnosis:evidence.protocolBlocked', {
        protocol: t(`diagnosis:protocol.${scheme}`),
        hosts: unique(attempted.map((a) => a.probe.hostname)),
      }),
    ];
    for (const target of attempted.slice(0, 3)) {
      const sentence = failureSentence(t, target);
      if (sentence) evidence.push(sentence);
    }
    if (captiveOk)
      evidence.push(
        t('diagnosis:evidence.captiveOk', {
          url: view.evidence.captivePortal.url ?? '',
          status: String(view.evidence.captivePortal.status ?? ''),
        }),
      );
    if (passing.length > 0)
      evidence.push(
        t('diagnosis:evidence.protocolPasses', {
          protocol: t(`diagnosis:protocol.${other}`),
          targets: targetNames(passing),
        }),
      );
    const answering = view.resolvers.filter((r) => r.namesAnswered > 0);
    evidence.push(t('diagnosis:evidence.dnsWorks', { resolvers: answering.map((r) => resolverLabel(r.report)) }));
    const controlAmong = attempted.some((a) => view.controls.includes(a));
    const intercepted = attempted.every(certificateReplaced);
    findings.push({
      blockedScheme: scheme,
      verdict: localVerdict({
        kind: 'firewall',
        layer: attempted.every((a) => a.pathFailure?.layer === 'tls') ? 'tls' : 'tcp',
        apps: view.apps.filter((a) => attempted.includes(a)).map((a) => a.probe.id),
        confidence: clampConfidence(0.65 + (controlAmong ? 0.1 : 0) + (unrelated.length >= 3 ? 0.1 : 0)),
        summary: intercepted
          ? t('diagnosis:kind.firewall.summaryIntercepted')
          : t('diagnosis:kind.firewall.summaryProtocol', { protocol: t(`diagnosis:protocol.${scheme}`) }),
        evidence,
        advice: [t('diagnosis:kind.firewall.advice.software'), t('diagnosis:kind.firewall.advice.admin')],
      }),
    });
  }

  const publicResolvers = resolversWithRole(view, 'public');
  const systemOk = resolversWithRole(view, 'system').filter((r) => r.report.status === 'ok');
  const publicBlocked =
    publicResolvers.length > 0 &&
    publicResolvers.every(
      (r) => r.report.status === 'failing' && (r.dominantFailure === 'timeout' || r.dominantFailure === 'refused'),
    );
  const connected = view.controlsReachable.length > 0 || view.apps.some((a) => a.reachable);
  if (publicBlocked && systemOk.length > 0 && connected) {
    findings.push({
      verdict: localVerdict({
        kind: 'firewall',
        layer: 'dns',
        apps: [],
        confidence: clampConfidence(0.6 + (publicResolvers.length >= 2 ? 0.1 : 0)),
        summary: t('diagnosis:kind.firewall.summaryDns'),
        evidence: [
          ...publicResolvers.map((r) => publicBlockedSentence(t, r)),
          ...systemOk.map((r) => resolverOkSentence(t, r)),
          controlsSentence(t, view),
        ],
        advice: [t('diagnosis:kind.firewall.advice.dnsUnaffected'), t('diagnosis:kind.firewall.advice.admin')],
      }),
    });
  }
  return findings;
}
