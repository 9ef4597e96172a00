// "Is it them?": provider-outage and app-outage, judged only while the network
// itself is shown to work (a control answers, or, without controls, something
// outside the failing group answers).
import type { Translate } from '../i18n/translate';
import type { Layer } from '../contracts/probe-results';
import type { Verdict } from '../contracts/diagnosis';
import {
  controlsSentence,
  extendedErrorSentences,
  failureSentence,
  publicResolversSentence,
  publicSplitSentence,
  sharedFailureSentence,
  targetNames,
} from './describe';
import { hasErrorOf } from './dns-errors';
import { clampConfidence, unique, type Finding } from './finding';
import { providerLabel } from '../catalog/providers';
import { judgementOf, resolverStatusOf, type RoundView } from './round-view';
import { mostCommon, schemeOf, stoppedByNetwork, type TargetAssessment } from './target-status';

export interface UpstreamContext {
  /** URL schemes a firewall finding blocks: connection failures on them are explained locally. */
  blockedSchemes: ReadonlySet<'https' | 'http'>;
  /** Any local finding holds: summaries then do not claim "your internet is fine". */
  localFindings: boolean;
  /** Targets whose failure a local finding explains (the VPN's tunnel, the proxy): never an outage of theirs. */
  explained: ReadonlySet<TargetAssessment>;
}

interface Failing {
  target: TargetAssessment;
  layer: Layer;
}

/**
 * The layer at which a target fails on its own side, or null when it does not, or
 * when its failure is explained locally:
 * - its name is judged upstream (dns-judgement.ts: it fails at every resolver, or at
 *   the system resolver and a healthy public one alike, or the EDE says the zone's
 *   servers are unreachable): upstream DNS, never local;
 * - it got an address (from any resolver) and the connection or request failed,
 *   unless a firewall finding blocks (or intercepts) that scheme, or a filter's
 *   address is what it connected to.
 */
function upstreamFailureLayer(view: RoundView, target: TargetAssessment, context: UpstreamContext): Layer | null {
  if (context.explained.has(target)) return null;
  const judgement = judgementOf(view, target).verdict;
  if (judgement === 'upstream') return 'dns';
  if (target.dns.answeredNowhere) return null;
  if (judgement === 'blocked' && target.probe.addressSource !== 'public') return null;
  const failure = target.pathFailure;
  if (!failure) return null;
  if (context.blockedSchemes.has(schemeOf(target)) && stoppedByNetwork(target)) return null;
  return failure.layer;
}

/** What the resolvers said about a name failing upstream: who failed it and who answered, and their EDE. */
function dnsSentences(t: Translate, view: RoundView, target: TargetAssessment): string[] {
  const judgement = judgementOf(view, target);
  // Row 0c: the public resolvers' NXDOMAIN for a name only this network knows says nothing; only its own resolver counts.
  if (judgement.reason === 'internal-failing') return internalFailingSentences(t, target);
  const sentences: string[] = [];
  if (judgement.reason === 'shared') sentences.push(sharedFailureSentence(t, target, judgement));
  else {
    const failure = failureSentence(t, target);
    if (failure) sentences.push(failure);
  }
  for (const result of target.dns.results) sentences.push(...extendedErrorSentences(t, result));
  return sentences;
}

function internalFailingSentences(t: Translate, target: TargetAssessment): string[] {
  const system = target.dns.results.filter((r) => r.resolver.role === 'system');
  return [
    t('diagnosis:evidence.dnsInternalFailing', {
      target: target.probe.name,
      hostname: target.probe.hostname,
      outcomes: [...new Set(system.map((r) => r.outcome.toUpperCase()))],
    }),
    ...system.flatMap((result) => extendedErrorSentences(t, result)),
  ];
}

function sharedRegion(targets: TargetAssessment[]): string | null {
  const regions = new Set(targets.map((a) => a.probe.region));
  const [only] = regions;
  return regions.size === 1 && only ? only : null;
}

function inScope(target: TargetAssessment, provider: string, region: string | null): boolean {
  return (
    target.provider === provider && (region === null || target.probe.region === null || target.probe.region === region)
  );
}

function withPrefix(t: Translate, context: UpstreamContext, sentence: string): string {
  return context.localFindings ? sentence : `${t('diagnosis:internetFine')} ${sentence}`;
}

export function upstreamFindings(view: RoundView, t: Translate, context: UpstreamContext): Finding[] {
  // With controls configured, one must answer; otherwise nothing upstream can be told apart.
  if (view.controls.length > 0 && view.controlsReachable.length === 0) return [];
  const failingApps: Failing[] = [];
  for (const target of view.apps) {
    const layer = upstreamFailureLayer(view, target, context);
    if (layer) failingApps.push({ target, layer });
  }
  const failingCanaries: Failing[] = [];
  for (const target of view.canaries) {
    const layer = upstreamFailureLayer(view, target, context);
    if (layer) failingCanaries.push({ target, layer });
  }
  const failingTargets = new Set([...failingApps, ...failingCanaries].map((f) => f.target));
  /** Without controls, proof the network works must come from outside the failing group. */
  const networkShownFine = (group: TargetAssessment[]) =>
    view.controlsReachable.length > 0 ||
    [...view.apps, ...view.canaries].some((a) => a.reachable && !group.includes(a) && !failingTargets.has(a));

  const findings: Finding[] = [];
  const byProvider = new Map<string, Failing[]>();
  const alone: Failing[] = [];
  for (const failing of failingApps) {
    const provider = failing.target.provider;
    if (provider) byProvider.set(provider, [...(byProvider.get(provider) ?? []), failing]);
    else alone.push(failing);
  }

  for (const [provider, group] of byProvider) {
    const region = sharedRegion(group.map((f) => f.target));
    const groupTargets = group.map((f) => f.target);
    const upInScope = view.apps.filter((a) => inScope(a, provider, region) && a.reachable && !failingTargets.has(a));
    const canaries = failingCanaries.filter((f) => inScope(f.target, provider, region));
    // Provider-wide when two or more of its apps fail and they outnumber its apps that work,
    // or one fails and a provider canary fails too while none of its apps work. One app down
    // while its neighbours on the same provider work is that app's own outage.
    const providerWide =
      (group.length >= 2 && group.length > upInScope.length) ||
      (group.length >= 1 && canaries.length >= 1 && upInScope.length === 0);
    if (!providerWide || !networkShownFine(groupTargets)) {
      alone.push(...group);
      continue;
    }
    findings.push(providerOutage(view, t, context, { provider, region, group, canaries, upInScope }));
  }

  // Canaries alone: two or more failing for one provider (and region) while none of its apps work.
  const canaryGroups = new Map<string, Failing[]>();
  for (const failing of failingCanaries) {
    const provider = failing.target.provider;
    if (!provider || byProvider.has(provider)) continue;
    const key = `${provider}\u0000${failing.target.probe.region ?? ''}`;
    canaryGroups.set(key, [...(canaryGroups.get(key) ?? []), failing]);
  }
  for (const group of canaryGroups.values()) {
    const first = group[0];
    if (!first || group.length < 2 || !first.target.provider) continue;
    const provider = first.target.provider;
    const region = first.target.probe.region;
    const upInScope = view.apps.filter((a) => inScope(a, provider, region) && a.reachable);
    if (upInScope.length > 0 || !networkShownFine(group.map((f) => f.target))) continue;
    findings.push(providerOutage(view, t, context, { provider, region, group: [], canaries: group, upInScope }));
  }

  // Names failing at the DNS layer in the same look with no provider linking them: one verdict naming each.
  const dnsAlone = alone.filter((f) => f.layer === 'dns' && networkShownFine([f.target]));
  for (const failing of alone) {
    if (!networkShownFine([failing.target])) continue;
    if (dnsAlone.length >= 2 && dnsAlone.includes(failing)) {
      if (failing === dnsAlone[0])
        findings.push(
          dnsOutage(
            view,
            t,
            context,
            dnsAlone.map((f) => f.target),
          ),
        );
      continue;
    }
    findings.push(appOutage(view, t, context, failing));
  }
  return findings;
}

interface ProviderGroup {
  provider: string;
  region: string | null;
  group: Failing[];
  canaries: Failing[];
  upInScope: TargetAssessment[];
}

function providerOutage(view: RoundView, t: Translate, context: UpstreamContext, facts: ProviderGroup): Finding {
  const { provider, region, group, canaries, upInScope } = facts;
  const label = providerLabel(provider, region);
  const apps = group.map((f) => f.target);
  const evidence: string[] = [];
  for (const failing of [...group, ...canaries].slice(0, 6)) {
    const sentence = failureSentence(t, failing.target);
    if (sentence) evidence.push(sentence);
  }
  if (upInScope.length > 0)
    evidence.push(t('diagnosis:evidence.providerAppsUp', { provider: label, apps: targetNames(upInScope) }));
  const elsewhereUp = view.apps.filter((a) => a.reachable && !upInScope.includes(a) && !apps.includes(a));
  if (elsewhereUp.length > 0)
    evidence.push(t('diagnosis:evidence.appsElsewhereUp', { apps: targetNames(elsewhereUp) }));
  evidence.push(controlsSentence(t, view));
  for (const failing of group.filter((f) => f.layer === 'dns')) evidence.push(...dnsSentences(t, view, failing.target));
  const layers = [...group, ...canaries].map((f) => f.layer);
  const layer = mostCommon(layers) ?? null;
  if (layer === 'dns') {
    const publicSentence = publicResolversSentence(t, view);
    if (publicSentence) evidence.push(publicSentence);
  }
  const split = apps.filter((a) => a.dns.publicSplit);
  for (const target of split) evidence.push(publicSplitSentence(t, target));
  const confidence =
    (group.length === 0 ? 0.45 : 0.55) +
    0.1 * Math.min(Math.max(group.length - 1, 0), 3) +
    (canaries.length > 0 && group.length > 0 ? 0.1 : 0) +
    (view.controlsReachable.length >= 2 ? 0.05 : 0) -
    0.1 * upInScope.length -
    (split.length > 0 ? 0.1 : 0);
  const names = targetNames(apps);
  const verdict: Verdict = {
    scope: 'upstream',
    kind: 'provider-outage',
    layer,
    provider,
    region,
    apps: apps.map((a) => a.probe.id),
    confidence: clampConfidence(Math.max(confidence, 0.3)),
    summary:
      names.length > 0
        ? withPrefix(t, context, t('diagnosis:kind.provider-outage.summary', { provider: label, apps: names }))
        : withPrefix(t, context, t('diagnosis:kind.provider-outage.summaryNoApps', { provider: label })),
    evidence: unique(evidence),
    advice: [
      t('diagnosis:kind.provider-outage.advice.wait', { provider: label }),
      t('diagnosis:kind.provider-outage.advice.status', { provider: providerLabel(provider, null) }),
    ],
  };
  return { verdict };
}

/** The summary of one app's DNS outage, by what the resolvers said (dns-judgement.ts). */
function dnsSummaryKey(view: RoundView, target: TargetAssessment): string {
  const judgement = judgementOf(view, target);
  if (judgement.reason === 'internal-failing') return 'diagnosis:kind.app-outage.summaryDnsInternal';
  if (target.dns.results.some((r) => hasErrorOf(r, 'dnssec'))) return 'diagnosis:kind.app-outage.summaryDnsDnssec';
  if (judgement.reason === 'unreachable' || target.dns.results.some((r) => hasErrorOf(r, 'unreachable'))) {
    return 'diagnosis:kind.app-outage.summaryDnsUnreachable';
  }
  if (judgement.reason === 'stale') return 'diagnosis:kind.app-outage.summaryDnsStale';
  if (judgement.reason === 'shared') return 'diagnosis:kind.app-outage.summaryDnsShared';
  return 'diagnosis:kind.app-outage.summaryDns';
}

function appOutage(view: RoundView, t: Translate, context: UpstreamContext, failing: Failing): Finding {
  const { target, layer } = failing;
  const evidence: string[] = [];
  if (layer === 'dns') evidence.push(...dnsSentences(t, view, target));
  else {
    const sentence = failureSentence(t, target);
    if (sentence) evidence.push(sentence);
  }
  if (target.dns.publicSplit && layer !== 'dns') evidence.push(publicSplitSentence(t, target));
  const internalFailing = layer === 'dns' && judgementOf(view, target).reason === 'internal-failing';
  if (layer === 'dns' && !internalFailing) {
    const publicSentence = publicResolversSentence(t, view);
    if (publicSentence) evidence.push(publicSentence);
  }
  const others = view.apps.filter((a) => a !== target && a.reachable);
  if (others.length > 0) evidence.push(t('diagnosis:evidence.appsElsewhereUp', { apps: targetNames(others) }));
  evidence.push(controlsSentence(t, view));
  const healthyResolversFailing = target.dns.results.filter((r) => resolverStatusOf(view, r.resolver) === 'ok').length;
  const edeSaysWhy = target.dns.results.some((r) => r.ede.length > 0);
  const confidence =
    0.55 +
    (view.controlsReachable.length >= 1 ? 0.1 : 0) +
    (view.controlsReachable.length >= 2 ? 0.05 : 0) +
    (others.length > 0 ? 0.1 : 0) +
    (layer === 'dns' && healthyResolversFailing >= 2 ? 0.05 : 0) +
    (layer === 'dns' && edeSaysWhy ? 0.05 : 0) -
    (target.dns.publicSplit && layer !== 'dns' ? 0.15 : 0);
  const name = target.probe.name;
  const summary =
    layer === 'dns'
      ? t(dnsSummaryKey(view, target), { app: name })
      : t('diagnosis:kind.app-outage.summary', { app: name, layer: t(`diagnosis:layer.${layer}`) });
  return {
    verdict: {
      scope: 'upstream',
      kind: 'app-outage',
      layer,
      provider: target.probe.provider,
      region: target.probe.region,
      apps: [target.probe.id],
      confidence: clampConfidence(confidence),
      summary: withPrefix(t, context, summary),
      evidence: unique(evidence),
      advice: internalFailing
        ? [
            t('diagnosis:kind.app-outage.advice.askNetwork', { app: name }),
            t('diagnosis:kind.app-outage.advice.checkVpn', { app: name }),
          ]
        : [
            t('diagnosis:kind.app-outage.advice.wait', { app: name }),
            t('diagnosis:kind.app-outage.advice.status', { app: name }),
          ],
    },
  };
}

/** Several apps whose names fail upstream in the same look, no provider linking them: one verdict naming each. */
function dnsOutage(view: RoundView, t: Translate, context: UpstreamContext, targets: TargetAssessment[]): Finding {
  const evidence = targets.flatMap((target) => dnsSentences(t, view, target));
  const publicSentence = publicResolversSentence(t, view);
  if (publicSentence) evidence.push(publicSentence);
  const others = view.apps.filter((a) => !targets.includes(a) && a.reachable);
  if (others.length > 0) evidence.push(t('diagnosis:evidence.appsElsewhereUp', { apps: targetNames(others) }));
  evidence.push(controlsSentence(t, view));
  const providers = unique(targets.map((a) => a.probe.provider ?? ''));
  const provider = providers.length === 1 && providers[0] ? providers[0] : null;
  const region = provider ? sharedRegion(targets) : null;
  const names = targetNames(targets);
  const everywhere = targets.every((target) => target.dns.answeredNowhere);
  const confidence =
    0.6 +
    0.05 * Math.min(targets.length - 1, 3) +
    (view.controlsReachable.length >= 1 ? 0.1 : 0) +
    (others.length > 0 ? 0.05 : 0);
  return {
    verdict: {
      scope: 'upstream',
      kind: 'app-outage',
      layer: 'dns',
      provider,
      region,
      apps: targets.map((a) => a.probe.id),
      confidence: clampConfidence(confidence),
      summary: withPrefix(
        t,
        context,
        t(
          everywhere ? 'diagnosis:kind.app-outage.summaryDnsGroup' : 'diagnosis:kind.app-outage.summaryDnsGroupShared',
          {
            apps: names,
          },
        ),
      ),
      evidence: unique(evidence),
      advice: [
        t('diagnosis:kind.app-outage.advice.waitAll', { apps: names }),
        t('diagnosis:kind.app-outage.advice.statusAll', { apps: names }),
      ],
    },
  };
}
