// One round of evidence, assessed once: every target's status and every
// resolver's health, plus the few facts all findings share.
import type { NetworkBaseline } from '../contracts/baseline';
import type { ResolverReport } from '../contracts/diagnosis';
import type { InterfaceInfo, ResolverRef, RoundEvidence, TargetProbe } from '../contracts/probe-results';
import { addressFamily } from '../contracts/sinkhole-addresses';
import { judgeNames, looksInternal, type NameJudgement } from './dns-judgement';
import { resolverHealth, resolverKey, type ResolverHealth } from './resolver-health';
import { assessTarget, type TargetAssessment } from './target-status';

export interface RoundView {
  evidence: RoundEvidence;
  /** What is usual on this network (from the history); null when nothing is known yet. */
  baseline: NetworkBaseline | null;
  /** Resolvers left out because this machine has no route for their family (an IPv6-only network's IPv4 resolvers). */
  unroutedResolvers: ResolverRef[];
  /** What the OS kept the probes from (macOS Local Network privacy): resolvers and apps that say nothing about the network. */
  privacyBlocked: { resolvers: ResolverRef[]; apps: TargetAssessment[] };
  resolvers: ResolverHealth[];
  apps: TargetAssessment[];
  controls: TargetAssessment[];
  canaries: TargetAssessment[];
  /** Up, not internal, with an address. */
  usableInterfaces: InterfaceInfo[];
  controlsReachable: TargetAssessment[];
  /** Some public resolver answered some name. */
  publicAnswered: boolean;
  /** Anything beyond the local network answered: a control, an app, a canary or a public resolver. */
  externalWorks: boolean;
  /** Whose fault each target's DNS failure is (dns-judgement.ts). */
  names: ReadonlyMap<TargetAssessment, NameJudgement>;
}

/** A resolver whose address family has no route here says nothing about anything: its results are left out. */
function withoutUnrouted(evidence: RoundEvidence): { evidence: RoundEvidence; unrouted: ResolverRef[] } {
  const families = evidence.local.families;
  const unroutedFamily = (address: string) => {
    const family = addressFamily(address);
    return (family === 4 && families?.ipv4 === false) || (family === 6 && families?.ipv6 === false);
  };
  const unrouted = evidence.resolvers.filter((r) => unroutedFamily(r.address));
  if (unrouted.length === 0) return { evidence, unrouted };
  const keep = (probe: TargetProbe): TargetProbe => ({
    ...probe,
    dns: probe.dns.filter((result) => !unroutedFamily(result.resolver.address)),
  });
  return {
    unrouted,
    evidence: {
      ...evidence,
      resolvers: evidence.resolvers.filter((r) => !unroutedFamily(r.address)),
      apps: evidence.apps.map(keep),
      controls: evidence.controls.map(keep),
      canaries: evidence.canaries.map(keep),
    },
  };
}

/**
 * A resolver or app the OS refused to reach (macOS Local Network privacy) says
 * nothing about the network: the resolver's results are left out, as if it had
 * not been asked, and the app keeps no connection results, so neither counts
 * for a local finding (dns-local above all).
 */
function withoutPrivacyBlocked(evidence: RoundEvidence): { evidence: RoundEvidence; resolvers: ResolverRef[] } {
  const targets = [...evidence.apps, ...evidence.controls, ...evidence.canaries];
  const blockedKeys = new Set(
    targets.flatMap((probe) => probe.dns.filter((r) => r.blockedBy).map((r) => resolverKey(r.resolver))),
  );
  if (blockedKeys.size === 0 && !targets.some((probe) => probe.blockedBy)) return { evidence, resolvers: [] };
  const keep = (probe: TargetProbe): TargetProbe => ({
    ...probe,
    dns: probe.dns.filter((result) => !result.blockedBy),
    ...(probe.blockedBy ? { tcp: [], tls: null, http: null } : {}),
  });
  return {
    resolvers: evidence.resolvers.filter((r) => blockedKeys.has(resolverKey(r))),
    evidence: {
      ...evidence,
      apps: evidence.apps.map(keep),
      controls: evidence.controls.map(keep),
      canaries: evidence.canaries.map(keep),
    },
  };
}

/**
 * Names that look internal in this round (the system resolver answers them,
 * every healthy public resolver asked says NXDOMAIN) are judged as internal:
 * a name that does not exist publicly is no filter's block.
 */
function withLearnedInternal(evidence: RoundEvidence): RoundEvidence {
  const assess = (probe: TargetProbe) => assessTarget(probe, evidence.timeoutMs);
  const targets = [...evidence.apps, ...evidence.controls, ...evidence.canaries].map(assess);
  const health = resolverHealth(evidence);
  const learned = new Set(
    targets.filter((target) => !target.probe.internal && looksInternal(target, health)).map((t) => t.probe),
  );
  if (learned.size === 0) return evidence;
  const mark = (probe: TargetProbe): TargetProbe => (learned.has(probe) ? { ...probe, internal: 'learned' } : probe);
  return {
    ...evidence,
    apps: evidence.apps.map(mark),
    controls: evidence.controls.map(mark),
    canaries: evidence.canaries.map(mark),
  };
}

export function buildRoundView(given: RoundEvidence, baseline: NetworkBaseline | null = null): RoundView {
  const unroutedOut = withoutUnrouted(given);
  const unrouted = unroutedOut.unrouted;
  const privacyOut = withoutPrivacyBlocked(unroutedOut.evidence);
  const evidence = withLearnedInternal(privacyOut.evidence);
  const assess = (probes: RoundEvidence['apps']) =>
    probes.map((probe) => {
      const assessed = assessTarget(probe, evidence.timeoutMs, baseline?.targets[probe.id] ?? null);
      return probe.blockedBy ? { ...assessed, status: 'unknown' as const, layer: null, pathFailure: null } : assessed;
    });
  const apps = assess(evidence.apps);
  const controls = assess(evidence.controls);
  const canaries = assess(evidence.canaries);
  const blockedKeys = new Set(privacyOut.resolvers.map(resolverKey));
  const resolvers = resolverHealth(evidence).map((health) =>
    blockedKeys.has(resolverKey(health.report)) && health.report.status === 'unknown'
      ? { ...health, report: { ...health.report, blockedBy: 'macos-local-network' as const } }
      : health,
  );
  const publicAnswered = resolvers.some((r) => r.report.role === 'public' && r.namesAnswered > 0);
  const controlsReachable = controls.filter((c) => c.reachable);
  const externalWorks =
    publicAnswered ||
    controlsReachable.length > 0 ||
    apps.some((a) => a.reachable) ||
    canaries.some((c) => c.reachable);
  return {
    evidence,
    baseline,
    unroutedResolvers: unrouted,
    privacyBlocked: { resolvers: privacyOut.resolvers, apps: apps.filter((a) => a.probe.blockedBy) },
    resolvers,
    apps,
    controls,
    canaries,
    usableInterfaces: evidence.local.interfaces.filter((i) => i.up && !i.internal && i.addresses.length > 0),
    controlsReachable,
    publicAnswered,
    externalWorks,
    names: judgeNames([...apps, ...controls, ...canaries], resolvers),
  };
}

export function judgementOf(view: RoundView, target: TargetAssessment): NameJudgement {
  const judgement = view.names.get(target);
  if (!judgement) throw new Error(`no DNS judgement for ${target.probe.id}: not a target of this round`);
  return judgement;
}

export function resolversWithRole(view: RoundView, role: ResolverRef['role']): ResolverHealth[] {
  return view.resolvers.filter((r) => r.report.role === role);
}

export function resolverStatusOf(view: RoundView, ref: ResolverRef): ResolverReport['status'] {
  return view.resolvers.find((r) => resolverKey(r.report) === resolverKey(ref))?.report.status ?? 'unknown';
}
