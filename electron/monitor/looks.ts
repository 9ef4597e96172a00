// What each kind of look probes, and what it leaves behind: how its evidence
// merges into the world as last seen, which evidence judges it, and what the
// history keeps of it. Pure.
//   full round   everything, every resolver, A and AAAA, TLS and HTTP.
//   heartbeat    the sentinel: the local network, each resolver asked once (one
//                control name a turn, IPv4 only), TCP to the controls at their
//                known addresses, one provider canary a turn (system resolver,
//                then TLS and HTTP), the captive check only when it is due. Short timeout.
//   confirming   a local suspicion: the local network, the controls (TCP) and the
//                captive check at every resolver, short timeout (a slow network: its
//                slow apps too); a suspicion about apps: those apps, their
//                provider's other apps, the canaries, the controls.
import type { CheckProgress } from '../contracts/bridge';
import type { Diagnosis, Verdict, VerdictKind } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import { assessTarget, slowThresholdMs } from '../diagnose/target-status';
import type { RoundOptions } from '../probe/round';
import type { KnownAddress } from '../probe/target';
import type { NetworkIdentity } from './network-ids';
import type { AppSample } from './sample-store';
import type { LookRequest, RoundKind } from './scheduler';
import type { ThresholdState } from './thresholds';

/** A TCP connect to a control that takes longer than this is already a problem worth confirming. */
export const HEARTBEAT_TIMEOUT_CAP_MS = 2_000;

/** Verdicts whose apps are every watched app: nothing beyond the local network can be reached. */
const EVERY_APP_KINDS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['offline', 'lan', 'isp', 'captive-portal']);

/** A look that probes no app speaks only for the local network: it is judged on its own evidence. */
export function isLocalLook(look: LookRequest): boolean {
  return look.kind === 'heartbeat' || (look.kind === 'confirm' && look.appIds.length === 0);
}

export interface LookPlanInput {
  look: LookRequest;
  /** Heartbeats so far: whose turn it is among the controls and canaries. */
  turn: number;
  /** The world as last seen (known addresses, the captive check to carry). */
  evidence: RoundEvidence | null;
  /** The config's canaries, in order. */
  canaryIds: readonly string[];
  /** The heartbeat checks the captive portal too (a local verdict is shown or pending). */
  captiveDue: boolean;
  onProgress: (progress: CheckProgress) => void;
}

type LookRoundOptions = Pick<
  RoundOptions,
  'appIds' | 'canaryIds' | 'controlDepth' | 'timeoutCapMs' | 'onProgress' | 'sentinel' | 'carriedCaptive'
>;

/** Where each control was last reached, for the heartbeat to connect without asking DNS. */
export function knownAddresses(evidence: RoundEvidence | null): Map<string, KnownAddress> {
  const known = new Map<string, KnownAddress>();
  for (const control of evidence?.controls ?? []) {
    const address = control.tcp[0]?.address;
    const source = control.addressSource;
    if (address && (source === 'system' || source === 'public')) known.set(control.id, { address, source });
  }
  return known;
}

/** The round options that make a round this look. */
export function lookRoundOptions(input: LookPlanInput): LookRoundOptions {
  const { look, turn, evidence, canaryIds } = input;
  // A heartbeat runs unseen: only full rounds and confirming looks show progress.
  const progress = look.kind !== 'heartbeat' ? { onProgress: input.onProgress } : {};
  if (look.kind === 'full') return progress;
  // TCP to the controls, no TLS handshakes, and a short timeout, so a dead link shows within seconds.
  const short = { controlDepth: 'connect' as const, timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS };
  if (look.kind === 'heartbeat') {
    const canary = canaryIds.length > 0 ? canaryIds[turn % canaryIds.length] : undefined;
    const carried = !input.captiveDue && evidence ? { carriedCaptive: evidence.captivePortal } : {};
    return {
      appIds: [],
      canaryIds: canary ? [canary] : [],
      ...short,
      sentinel: { turn, knownAddresses: knownAddresses(evidence) },
      ...carried,
    };
  }
  if (look.appIds.length === 0) return { appIds: [], canaryIds: [], ...short, ...progress };
  return { appIds: look.appIds, ...progress };
}

/**
 * What a confirming look re-checks: what failed, what the shown verdict is
 * about, the other apps of their providers, and (always) the local network
 * and controls; no app for a local suspicion.
 */
export function confirmingLookApps(thresholds: ThresholdState, latest: Diagnosis): string[] {
  const { candidate, confirmed } = thresholds;
  // A slow network is judged on the apps' latencies too: its confirming look needs apps (the slow ones, else all).
  if (candidate?.scope === 'local' && candidate.kind === 'degraded') {
    const slow = latest.apps.filter((app) => app.status !== 'up' || candidate.apps.includes(app.id));
    return (slow.length > 0 ? slow : latest.apps).map((app) => app.id);
  }
  if (candidate?.scope === 'local') return [];
  const suspects = new Set([
    ...(candidate?.apps ?? []),
    ...(confirmed?.apps ?? []),
    ...latest.apps.filter((app) => app.status !== 'up').map((app) => app.id),
  ]);
  return [...suspects, ...siblingApps(latest, suspects)].filter((id, index, all) => all.indexOf(id) === index);
}

/** The apps that share a provider with these: a provider's failure shows on all of them. */
function siblingApps(latest: Diagnosis, ids: ReadonlySet<string>): string[] {
  const providers = new Set(latest.apps.filter((app) => ids.has(app.id) && app.provider).map((app) => app.provider));
  return latest.apps.filter((app) => app.provider && providers.has(app.provider)).map((app) => app.id);
}

/** The apps of a provider, for a look after its canary changed. */
export function providerApps(latest: Diagnosis | null, provider: string): string[] {
  return (latest?.apps ?? []).filter((app) => app.provider === provider).map((app) => app.id);
}

function isFine(probe: TargetProbe, timeoutMs: number): boolean {
  const status = assessTarget(probe, timeoutMs).status;
  return status === 'up' || status === 'degraded';
}

/** Providers whose canary in this look fares otherwise than it did before (failing now, or working again). */
export function canaryChanges(previous: RoundEvidence | null, fresh: RoundEvidence): string[] {
  const before = new Map((previous?.canaries ?? []).map((c) => [c.id, isFine(c, previous?.timeoutMs ?? 0)]));
  const changed = new Set<string>();
  for (const canary of fresh.canaries) {
    const wasFine = before.get(canary.id) ?? true;
    if (canary.provider && isFine(canary, fresh.timeoutMs) !== wasFine) changed.add(canary.provider);
  }
  return [...changed];
}

/**
 * The verdict a look without apps gives on its own evidence, or null when it
 * sees no local problem. The world as last seen would hide a local fault
 * behind apps that answered earlier; its apps are every app where nothing
 * beyond the network answers.
 */
export function localVerdict(own: Diagnosis, appIds: readonly string[]): Verdict | null {
  const verdict = own.verdict;
  // Every local kind but degraded, which needs the apps' latencies to be the same situation as a full round's.
  if (verdict.scope !== 'local' || verdict.kind === 'degraded') return null;
  return EVERY_APP_KINDS.has(verdict.kind) ? { ...verdict, apps: [...appIds] } : verdict;
}

/**
 * What a look without apps saw, without its timings: two looks with the same
 * signature can only be judged alike, so a quiet heartbeat like the last
 * quiet one is not judged again.
 */
export function localSignature(evidence: RoundEvidence): string {
  const { local, captivePortal } = evidence;
  // Timings count only as "something is slow", so a network turning slow is judged once.
  const slow = seesSlowness(evidence);
  const target = (probe: TargetProbe) => [
    probe.id,
    probe.addressSource,
    probe.dns.map((r) => `${r.resolver.address}:${r.resolver.port}=${r.outcome}/${r.addresses.join(',')}`),
    probe.tcp.map((r) => r.outcome),
    probe.tls?.outcome ?? null,
    probe.http ? [probe.http.outcome, probe.http.status] : null,
  ];
  return JSON.stringify([
    local.interfaces.map((i) => [i.name, i.up, i.addresses]),
    local.defaultRoute,
    local.gateway.outcome,
    [captivePortal.outcome, captivePortal.status],
    evidence.controls.map(target),
    evidence.canaries.map(target),
    slow,
  ]);
}

/**
 * A look without apps in which something answered slowly (a control's DNS or
 * connect, a canary's response): not a verdict of its own, since slowness is
 * judged with the apps' latencies, but a reason to look at the apps.
 */
export function seesSlowness(evidence: RoundEvidence): boolean {
  const slowAbove = slowThresholdMs(evidence.timeoutMs);
  return [
    ...evidence.controls.flatMap((probe) => [...probe.dns, ...probe.tcp].map((r) => r.latencyMs)),
    ...evidence.canaries.map((probe) => probe.http?.latencyMs ?? 0),
  ].some((ms) => ms > slowAbove);
}

function mergeById(previous: TargetProbe[], fresh: TargetProbe[]): TargetProbe[] {
  const freshById = new Map(fresh.map((probe) => [probe.id, probe]));
  const merged = previous.map((probe) => freshById.get(probe.id) ?? probe);
  const known = new Set(previous.map((probe) => probe.id));
  merged.push(...fresh.filter((probe) => !known.has(probe.id)));
  return merged;
}

/** A control asked of fewer resolvers keeps what the others said last. */
function mergeControl(previous: TargetProbe | undefined, fresh: TargetProbe): TargetProbe {
  if (!previous) return fresh;
  const asked = new Set(fresh.dns.map((result) => `${result.resolver.address}:${result.resolver.port}`));
  const kept = previous.dns.filter((result) => !asked.has(`${result.resolver.address}:${result.resolver.port}`));
  return kept.length === 0 ? fresh : { ...fresh, dns: [...fresh.dns, ...kept] };
}

/** A partial round replaces what it probed; the rest stays from earlier rounds. */
export function mergeEvidence(previous: RoundEvidence | null, fresh: RoundEvidence, kind: RoundKind): RoundEvidence {
  if (!previous || kind === 'full') return fresh;
  const previousControls = new Map(previous.controls.map((control) => [control.id, control]));
  return {
    ...fresh,
    apps: mergeById(previous.apps, fresh.apps),
    controls: fresh.controls.map((control) => mergeControl(previousControls.get(control.id), control)),
    canaries: mergeById(previous.canaries, fresh.canaries),
  };
}

/** Which network a look was made on, as the history files samples and incidents. */
export function networkIdentity(evidence: RoundEvidence): NetworkIdentity {
  return {
    gateway: evidence.local.gateway.address ?? '',
    ssid: evidence.local.interfaces.find((i) => i.ssid)?.ssid ?? '',
  };
}

/** The history's samples of a look: the apps it probed, as judged. */
export function lookSamples(probed: RoundEvidence, judged: Diagnosis): AppSample[] {
  const ids = new Set(probed.apps.map((app) => app.id));
  return judged.apps
    .filter((app) => ids.has(app.id))
    .map((app) => ({ appId: app.id, status: app.status, latencyMs: app.latencyMs, layer: app.layer }));
}

/**
 * When the next look at a young upstream incident's apps is due, so its end
 * shows within seconds rather than at the next full round; null when no
 * such look is wanted (nothing upstream shown, a change pending, or the
 * incident older than the watch).
 */
export function recoveryLookDue(
  thresholds: ThresholdState,
  now: number,
  timings: { recoveryLookMs: number; recoveryWatchMs: number },
): number | null {
  const { confirmed, confirmedSince, candidate } = thresholds;
  if (!confirmed || confirmed.scope !== 'upstream' || confirmed.apps.length === 0 || candidate !== null) return null;
  if (confirmedSince === null || now - confirmedSince >= timings.recoveryWatchMs) return null;
  return now + timings.recoveryLookMs;
}
