// diagnose(): one round of evidence -> the Diagnosis of docs/contracts.md section 5.
// Pure: no I/O, no clock; `at` comes from the evidence and sentences from `t`.
import type { Translate } from '../i18n/translate';
import { isUsualTrait, usableFigure, type NetworkBaseline } from '../contracts/baseline';
import type { AppReport, Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { gatewaySentence, publicSplitSentence, resolverLabel, targetNames } from './describe';
import { degradedFindings } from './degraded-findings';
import { clampConfidence, type Finding } from './finding';
import { blockingLocalFinding, nonBlockingLocalFindings } from './local-findings';
import { explainedByProxy, explainedByVpn, pathContextSentences, proxiesUsed } from './network-path-findings';
import { okOrUnknown } from './ok-or-unknown';
import { rankFindings } from './rank';
import { staleFinding } from './dns-findings';
import { buildRoundView, judgementOf, type RoundView } from './round-view';
import { probesInOrder } from './target-status';
import { upstreamFindings } from './upstream-findings';

/** How much the primary verdict's confidence drops when public resolvers disagree among themselves. */
const PUBLIC_SPLIT_PENALTY = 0.1;

function findingsOf(view: RoundView, t: Translate): [Finding, ...Finding[]] {
  // offline, lan, captive-portal and isp each stand alone: nothing beyond them can be judged.
  const blocking = blockingLocalFinding(view, t);
  if (blocking) return [blocking];
  const allLocal = nonBlockingLocalFindings(view, t);
  const blockedSchemes = new Set(allLocal.flatMap((f) => (f.blockedScheme ? [f.blockedScheme] : [])));
  // A block this network always has, in the way of no app, is context, not news: it goes into
  // the evidence of what is news. One in an app's way stays a finding, said to be usual here.
  const local = allLocal
    .filter((f) => !(usualHere(view, f) && f.verdict.apps.length === 0))
    .map((f) => (usualHere(view, f) ? withSentence(f, t('diagnosis:evidence.pathUsual')) : f));
  const explained = new Set([...explainedByVpn(view), ...explainedByProxy(view)]);
  const upstream = upstreamFindings(view, t, { blockedSchemes, localFindings: local.length > 0, explained });
  const stale = staleFinding(view, t, local.length > 0);
  const degraded = degradedFindings(view, t, local.length > 0);
  const [first, ...rest] = rankFindings([...local, ...upstream, ...(stale ? [stale] : []), ...degraded]);
  return first ? [first, ...rest] : [okOrUnknown(view, t)];
}

/** A firewall finding this network shows look after look (its baseline). */
function usualHere(view: RoundView, finding: Finding): boolean {
  if (finding.verdict.kind !== 'firewall') return false;
  return isUsualTrait(view.baseline, finding.verdict.layer === 'dns' ? 'firewall:dns' : 'firewall');
}

function withSentence(finding: Finding, sentence: string): Finding {
  return { ...finding, verdict: { ...finding.verdict, evidence: [...finding.verdict.evidence, sentence] } };
}

/** The usual blocks of this network in no app's way, as sentences for the primary verdict. */
function usualContext(view: RoundView, t: Translate): string[] {
  return nonBlockingLocalFindings(view, t)
    .filter((f) => usualHere(view, f) && f.verdict.apps.length === 0)
    .map((f) => t('diagnosis:evidence.usualHere', { summary: f.verdict.summary }));
}

/**
 * Public resolvers disagreeing about a name is evidence, and lowers the primary
 * verdict's confidence, unless the disagreement is the verdict's own evidence (a
 * name failing at the system resolver and at some public ones alike).
 */
function withPublicSplit(view: RoundView, t: Translate, primary: Finding): Finding {
  const alreadyTold = primary.verdict.evidence;
  const split = [...view.apps, ...view.controls].filter(
    (a) => a.dns.publicSplit && judgementOf(view, a).reason !== 'shared',
  );
  const sentences = split.map((a) => publicSplitSentence(t, a)).filter((s) => !alreadyTold.includes(s));
  if (sentences.length === 0) return primary;
  return {
    ...primary,
    verdict: {
      ...primary.verdict,
      evidence: [...alreadyTold, ...sentences],
      confidence: clampConfidence(primary.verdict.confidence - PUBLIC_SPLIT_PENALTY),
    },
  };
}

/** Every verdict says how the traffic left: through a VPN, a proxy, NAT64. */
function withPathContext(view: RoundView, t: Translate, finding: Finding): Finding {
  const sentences = [...pathContextSentences(view, t), ...usualContext(view, t)].filter(
    (s) => !finding.verdict.evidence.includes(s),
  );
  if (sentences.length === 0) return finding;
  return { ...finding, verdict: { ...finding.verdict, evidence: [...finding.verdict.evidence, ...sentences] } };
}

/**
 * What macOS kept the probes from (Local Network privacy) is said with every
 * verdict, with how to allow it: the router, resolvers and apps it names are
 * unknown, not down.
 */
function withPrivacyNotes(view: RoundView, t: Translate, finding: Finding): Finding {
  const { resolvers, apps } = view.privacyBlocked;
  const gatewayBlocked = view.evidence.local.gateway.blockedBy !== undefined;
  if (resolvers.length === 0 && apps.length === 0 && !gatewayBlocked) return finding;
  const sentences = [
    ...(gatewayBlocked ? [gatewaySentence(t, view)] : []),
    ...resolvers.map((ref) => t('diagnosis:evidence.resolverBlockedByPrivacy', { resolver: resolverLabel(ref) })),
    ...(apps.length > 0 ? [t('diagnosis:evidence.appsBlockedByPrivacy', { apps: targetNames(apps) })] : []),
  ].filter((s) => !finding.verdict.evidence.includes(s));
  const advice = t('diagnosis:localNetworkPrivacy.advice');
  const { verdict } = finding;
  return {
    ...finding,
    verdict: {
      ...verdict,
      evidence: [...verdict.evidence, ...sentences],
      advice: verdict.advice.includes(advice) ? verdict.advice : [...verdict.advice, advice],
    },
  };
}

function appReports(view: RoundView): AppReport[] {
  return view.apps.map((a) => ({
    id: a.probe.id,
    name: a.probe.name,
    status: a.status,
    layer: a.layer,
    provider: a.probe.provider,
    region: a.probe.region,
    latencyMs: a.latencyMs === null ? null : Math.round(a.latencyMs),
    usual: usableFigure(view.baseline?.targets[a.probe.id]?.latency),
    probes: probesInOrder(a.probe),
  }));
}

/** `baseline`: what is usual on this network (from the history), when known. */
export function diagnose(evidence: RoundEvidence, t: Translate, baseline: NetworkBaseline | null = null): Diagnosis {
  const view = buildRoundView(evidence, baseline);
  const [first, ...rest] = findingsOf(view, t);
  const primary = withPrivacyNotes(view, t, withPathContext(view, t, withPublicSplit(view, t, first))).verdict;
  return {
    schema: 1,
    at: evidence.at,
    verdict: primary,
    findings: [primary, ...rest.map((f) => f.verdict)],
    local: {
      interfaces: evidence.local.interfaces,
      gateway: evidence.local.gateway,
      resolvers: view.resolvers.map((r) => r.report),
      captivePortal: evidence.captivePortal,
      vpn: evidence.local.vpn ?? null,
      families: evidence.local.families ?? { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: proxiesUsed(view),
    },
    apps: appReports(view),
  };
}
