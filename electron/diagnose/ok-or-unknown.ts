// The verdict when no finding holds: ok when every watched app answered,
// otherwise unknown, naming what evidence is missing (first a proxy setting
// the checks could not follow: SOCKS, or no proxy address). Never a
// confident guess.
import type { Translate } from '../i18n/translate';
import {
  controlsSentence,
  failureSentence,
  gatewaySentence,
  publicResolversSentence,
  resolverOkSentence,
  targetNames,
} from './describe';
import { clampConfidence, type Finding } from './finding';
import { unusableProxySetting } from './network-path-findings';
import type { RoundView } from './round-view';

export function okOrUnknown(view: RoundView, t: Translate): Finding {
  const apps = view.apps;
  if (apps.length > 0 && apps.every((a) => a.status === 'up')) return ok(view, t);
  return unknown(view, t);
}

function ok(view: RoundView, t: Translate): Finding {
  const evidence = [t('diagnosis:evidence.appsUp', { apps: targetNames(view.apps) }), controlsSentence(t, view)];
  for (const health of view.resolvers.filter((r) => r.report.role === 'system' && r.report.status === 'ok')) {
    evidence.push(resolverOkSentence(t, health));
  }
  // The OS, not the router, kept the router check from running: say so, and how to allow it.
  if (view.evidence.local.gateway.blockedBy) evidence.push(gatewaySentence(t, view));
  // More apps and more answering controls agreeing make "fine" surer; apps alone cap it.
  const controls = Math.min(view.controlsReachable.length, 2);
  const confidence = Math.min(0.5 + 0.1 * Math.min(view.apps.length, 3) + 0.1 * controls, controls === 0 ? 0.7 : 0.95);
  return {
    verdict: {
      scope: 'none',
      kind: 'ok',
      layer: null,
      provider: null,
      region: null,
      apps: [],
      confidence: clampConfidence(confidence),
      summary: t('diagnosis:kind.ok.summary', { apps: targetNames(view.apps) }),
      evidence,
      advice: [],
    },
  };
}

function unknown(view: RoundView, t: Translate): Finding {
  const missing: string[] = [];
  const advice: string[] = [];
  const gateway = view.evidence.local.gateway;
  if (view.apps.length === 0) {
    missing.push(t('diagnosis:missing.noApps'));
    advice.push(t('diagnosis:kind.unknown.advice.addApps'));
  }
  if (view.controls.length === 0) {
    missing.push(t('diagnosis:missing.noControls'));
    advice.push(t('diagnosis:kind.unknown.advice.addControls'));
  } else if (view.controlsReachable.length === 0) {
    missing.push(t('diagnosis:missing.controlsDown'));
    if (gateway.outcome !== 'reachable') missing.push(t('diagnosis:missing.gatewayUnknown'));
  }
  if (view.resolvers.length === 0) missing.push(t('diagnosis:missing.noResolvers'));
  const publicResolvers = view.resolvers.filter((r) => r.report.role === 'public');
  const publicAnswering = publicResolvers.filter((r) => r.namesAnswered > 0);
  if (publicAnswering.length > 0 && publicAnswering.length < publicResolvers.length)
    missing.push(t('diagnosis:missing.resolversMixed'));
  const noResult = view.apps.filter((a) => a.status === 'unknown');
  if (noResult.length > 0) missing.push(t('diagnosis:missing.noResult', { apps: targetNames(noResult) }));
  // Left: apps down with no cause to place them on (e.g. every resolver fails while a literal-IP control answers).
  const down = view.apps.filter((a) => a.status === 'down');
  if (missing.length === 0) missing.push(t('diagnosis:missing.unplaced', { apps: targetNames(down) }));
  // A proxy setting the checks could not follow sent them direct: what the apps see may differ, so it comes first.
  const unusable = unusableProxySetting(view);
  if (unusable) {
    missing.unshift(t(`diagnosis:missing.proxyUnusable.${unusable.outcome}`, { proxy: unusable.proxy }));
    advice.push(
      unusable.outcome === 'unsupported'
        ? t('diagnosis:kind.unknown.advice.socksProxy', { proxy: unusable.proxy })
        : t('diagnosis:kind.proxy.advice.settings', { proxy: unusable.proxy }),
    );
  }
  advice.push(t('diagnosis:kind.unknown.advice.retry'));

  const evidence = [controlsSentence(t, view), gatewaySentence(t, view)];
  if (unusable) evidence.unshift(t(`diagnosis:evidence.proxyUnusable.${unusable.outcome}`, { proxy: unusable.proxy }));
  const publicSentence = publicResolversSentence(t, view);
  if (publicSentence) evidence.push(publicSentence);
  for (const target of [...down, ...noResult].slice(0, 4)) {
    const sentence = failureSentence(t, target);
    if (sentence) evidence.push(sentence);
  }
  return {
    verdict: {
      scope: 'unknown',
      kind: 'unknown',
      layer: null,
      provider: null,
      region: null,
      apps: down.map((a) => a.probe.id),
      confidence: clampConfidence(0.2),
      summary: t('diagnosis:kind.unknown.summary', { missing }),
      evidence,
      advice,
    },
  };
}
