// Two findings that only DNS tells: `blocked` (a filter on this network refuses
// particular names, dns-judgement.ts row 2) and the `degraded` verdict of apps
// that resolvers serve from cache while their DNS servers fail (EDE 3 Stale
// Answer: "works for now from cache").
import type { Translate } from '../i18n/translate';
import type { Verdict } from '../contracts/diagnosis';
import {
  controlsSentence,
  extendedErrorSentences,
  failureSentence,
  publicResolversSentence,
  resolverLabel,
  resolverOkSentence,
  sinkholeSentences,
  targetNames,
} from './describe';
import { hasErrorOf } from './dns-errors';
import { clampConfidence, unique, type Finding } from './finding';
import { judgementOf, resolversWithRole, type RoundView } from './round-view';
import type { TargetAssessment } from './target-status';

/** How many blocked or stale targets the evidence spells out one by one. */
const DETAILED_TARGETS = 4;

function reachedThroughPublic(target: TargetAssessment): boolean {
  return target.reachable && target.probe.addressSource === 'public';
}

/**
 * blocked: the system resolver refuses names by policy, or answers them with a
 * filter's address, while public resolvers answer them and it answers other names.
 */
export function blockedFinding(view: RoundView, t: Translate): Finding | null {
  const isBlocked = (target: TargetAssessment) => judgementOf(view, target).verdict === 'blocked';
  const apps = view.apps.filter(isBlocked);
  const targets = [...apps, ...view.controls.filter(isBlocked)];
  if (targets.length === 0) return null;
  const system = resolversWithRole(view, 'system');
  const publicAnswering = resolversWithRole(view, 'public').filter((r) => r.namesAnswered > 0);
  const byPolicy = targets.some((target) =>
    target.dns.results.some((r) => r.resolver.role === 'system' && hasErrorOf(r, 'policy')),
  );

  const evidence: string[] = [];
  for (const target of targets.slice(0, DETAILED_TARGETS)) {
    const failure = failureSentence(t, target);
    if (failure) evidence.push(failure);
    for (const result of target.dns.results.filter((r) => r.resolver.role === 'system')) {
      evidence.push(...extendedErrorSentences(t, result));
    }
    evidence.push(...sinkholeSentences(t, target));
    if (reachedThroughPublic(target)) {
      evidence.push(
        t('diagnosis:evidence.reachedThroughPublic', {
          target: target.probe.name,
          address: target.probe.tcp[0]?.address ?? '',
        }),
      );
    }
  }
  for (const health of system.filter((r) => r.namesAnswered > 0)) evidence.push(resolverOkSentence(t, health));
  const publicSentence = publicResolversSentence(t, view);
  if (publicSentence) evidence.push(publicSentence);

  const names = targetNames(apps.length > 0 ? apps : targets);
  const resolver = system.map((r) => resolverLabel(r.report));
  const confidence =
    0.6 +
    (byPolicy ? 0.15 : 0) +
    (targets.some(reachedThroughPublic) ? 0.1 : 0) +
    (publicAnswering.length >= 2 ? 0.05 : 0);
  return {
    nameSpecific: true,
    verdict: {
      scope: 'local',
      kind: 'blocked',
      layer: 'dns',
      provider: null,
      region: null,
      apps: apps.map((a) => a.probe.id),
      confidence: clampConfidence(confidence),
      summary: t(byPolicy ? 'diagnosis:kind.blocked.summaryPolicy' : 'diagnosis:kind.blocked.summarySinkhole', {
        apps: names,
        resolver,
      }),
      evidence: unique(evidence),
      advice: [
        t('diagnosis:kind.blocked.advice.filter', { resolver, apps: names }),
        t('diagnosis:kind.blocked.advice.switch', {
          public: publicAnswering.map((r) => r.report.name),
          apps: names,
        }),
      ],
    },
  };
}

/** Apps that answer, but only because a resolver still serves their expired records. */
export function staleApps(view: RoundView): TargetAssessment[] {
  return view.apps.filter((a) => a.dns.servedStale && a.reachable);
}

/** degraded at the DNS layer, upstream: their DNS servers fail and caches carry them for now. */
export function staleFinding(view: RoundView, t: Translate, localFindings: boolean): Finding | null {
  const apps = staleApps(view);
  if (apps.length === 0) return null;
  const staleResults = apps.flatMap((a) => a.dns.results.filter((r) => hasErrorOf(r, 'stale')));
  const evidence = unique(staleResults.flatMap((r) => extendedErrorSentences(t, r))).slice(0, 2 * DETAILED_TARGETS);
  evidence.push(controlsSentence(t, view));
  const providers = unique(apps.map((a) => a.provider ?? ''));
  const provider = providers.length === 1 && providers[0] ? providers[0] : null;
  const regions = unique(apps.map((a) => a.probe.region ?? ''));
  const names = targetNames(apps);
  const reporting = unique(staleResults.map((r) => `${r.resolver.address}:${r.resolver.port}`)).length;
  const summary = t('diagnosis:kind.degraded.summaryStale', { apps: names });
  const verdict: Verdict = {
    scope: 'upstream',
    kind: 'degraded',
    layer: 'dns',
    provider,
    region: provider && regions.length === 1 && regions[0] ? regions[0] : null,
    apps: apps.map((a) => a.probe.id),
    confidence: clampConfidence(0.6 + (reporting >= 2 ? 0.1 : 0) + (view.controlsReachable.length > 0 ? 0.05 : 0)),
    summary: localFindings ? summary : `${t('diagnosis:internetFine')} ${summary}`,
    evidence,
    advice: [t('diagnosis:kind.degraded.advice.stale', { apps: names })],
  };
  return { verdict };
}
