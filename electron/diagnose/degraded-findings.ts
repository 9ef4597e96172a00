// degraded: things answer, but slowly (above a share of the timeout) or
// intermittently. Local when the controls or the system resolver are slow too;
// upstream when only some apps are.
import type { Translate } from '../i18n/translate';
import { usableFigure, type UsualFigure } from '../contracts/baseline';
import type { Verdict } from '../contracts/diagnosis';
import { controlsSentence, resolverLabel, slowSentences, targetNames } from './describe';
import { clampConfidence, unique, type Finding } from './finding';
import { resolversWithRole, type RoundView } from './round-view';
import { slowThresholdMs, usualCeilingMs } from './target-status';

/** The system resolver's usual answer time on this network: the median of the targets' usual DNS figures. */
function usualSystemDns(view: RoundView): UsualFigure | null {
  const figures = Object.values(view.baseline?.targets ?? {}).flatMap((target) => {
    const figure = usableFigure(target.dns);
    return figure ? [figure] : [];
  });
  if (figures.length === 0) return null;
  const pick = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    medianMs: pick(figures.map((f) => f.medianMs)),
    p90Ms: pick(figures.map((f) => f.p90Ms)),
    samples: Math.min(...figures.map((f) => f.samples)),
  };
}

/** `localFindings`: a local finding holds, so the summary does not claim the internet is fine. */
export function degradedFindings(view: RoundView, t: Translate, localFindings: boolean): Finding[] {
  const timeoutMs = view.evidence.timeoutMs;
  const threshold = slowThresholdMs(timeoutMs);
  const slowControls = view.controls.filter((c) => c.status === 'degraded');
  // Against this network's usual answer time when known: a slow resolver that is always slow here is not news.
  const usualDns = usualSystemDns(view);
  const slowSystemResolvers = resolversWithRole(view, 'system').filter((r) => {
    const median = r.report.medianLatencyMs;
    if (r.report.status !== 'ok' || median === null) return false;
    return usualDns ? median > usualCeilingMs(usualDns) : median > threshold;
  });
  // An app degraded only because a cache still carries its name has its own finding (dns-findings.ts).
  const degradedApps = view.apps.filter(
    (a) => a.status === 'degraded' && (a.slow || a.intermittent || !a.dns.servedStale),
  );
  // Local when at least half the controls are slow, or the system resolver is.
  const local =
    (slowControls.length > 0 && slowControls.length * 2 >= view.controls.length) || slowSystemResolvers.length > 0;
  if (!local && degradedApps.length === 0) return [];

  const evidence: string[] = [];
  for (const health of slowSystemResolvers) {
    const params = { resolver: resolverLabel(health.report), ms: health.report.medianLatencyMs ?? 0 };
    evidence.push(
      usualDns
        ? t('diagnosis:evidence.resolverSlowerThanUsual', { ...params, usual: usualDns.medianMs })
        : t('diagnosis:evidence.resolverSlow', params),
    );
  }
  for (const target of [...(local ? slowControls : []), ...degradedApps].slice(0, 6)) {
    evidence.push(...slowSentences(t, target, timeoutMs, threshold));
  }
  evidence.push(controlsSentence(t, view));
  const count = degradedApps.length + (local ? slowControls.length + slowSystemResolvers.length : 0);
  const confidence = 0.5 + 0.1 * Math.min(count - 1, 3);
  const names = targetNames(degradedApps);
  const providers = unique(degradedApps.map((a) => a.probe.provider ?? ''));
  const regions = unique(degradedApps.map((a) => a.probe.region ?? ''));
  const sharedProvider = providers.length === 1 && providers[0] ? providers[0] : null;
  const sharedRegion = sharedProvider && regions.length === 1 && regions[0] ? regions[0] : null;

  const verdict: Verdict = local
    ? {
        scope: 'local',
        kind: 'degraded',
        layer: slowSystemResolvers.length > 0 && slowControls.length === 0 ? 'dns' : null,
        provider: null,
        region: null,
        apps: degradedApps.map((a) => a.probe.id),
        confidence: clampConfidence(confidence),
        summary:
          names.length > 0
            ? t('diagnosis:kind.degraded.summaryLocalApps', { apps: names })
            : t('diagnosis:kind.degraded.summaryLocal'),
        evidence,
        advice: [t('diagnosis:kind.degraded.advice.local'), t('diagnosis:kind.degraded.advice.restartRouter')],
      }
    : {
        scope: 'upstream',
        kind: 'degraded',
        layer: unique(degradedApps.map((a) => a.layer ?? '')).length === 1 ? (degradedApps[0]?.layer ?? null) : null,
        provider: sharedProvider,
        region: sharedRegion,
        apps: degradedApps.map((a) => a.probe.id),
        confidence: clampConfidence(confidence),
        summary:
          (localFindings ? '' : `${t('diagnosis:internetFine')} `) +
          t('diagnosis:kind.degraded.summaryUpstream', { apps: names }),
        evidence,
        advice: [t('diagnosis:kind.degraded.advice.upstream', { apps: names })],
      };
  return [{ verdict }];
}
