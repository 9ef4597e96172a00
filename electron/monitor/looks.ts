// What each kind of look probes, and what it leaves behind: how its evidence
// merges into the world as last seen, and what the history keeps of it. Pure.
import type { CheckProgress } from '../contracts/bridge';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import type { RoundOptions } from '../probe/round';
import type { AppSample, NetworkIdentity } from './history-store';
import type { LookRequest, RoundKind } from './scheduler';
import type { ThresholdState } from './thresholds';

/** A TCP connect to a control that takes longer than this is already a problem worth confirming. */
export const HEARTBEAT_TIMEOUT_CAP_MS = 2_000;

/** The round options that make a round this look: a full round probes everything, the others only what they re-check. */
export function lookRoundOptions(
  look: LookRequest,
  onProgress: (progress: CheckProgress) => void,
): Pick<RoundOptions, 'appIds' | 'canaries' | 'controlDepth' | 'timeoutCapMs' | 'onProgress'> {
  return {
    ...(look.kind === 'full' ? {} : { appIds: look.kind === 'heartbeat' ? [] : look.appIds, canaries: false }),
    // The heartbeat only needs to know the way out is open: TCP to the controls, no TLS handshakes,
    // and a short timeout, so a dead link shows within seconds; a confirming look uses the full timeout.
    // A confirming look at a local suspicion (no apps) is probed the same way, so `lan` and `isp` confirm quickly.
    ...(look.kind === 'heartbeat' || (look.kind === 'confirm' && look.appIds.length === 0)
      ? { controlDepth: 'connect' as const, timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS }
      : {}),
    // A heartbeat runs unseen: only full rounds and confirming looks show progress.
    ...(look.kind !== 'heartbeat' ? { onProgress } : {}),
  };
}

/**
 * What a confirming look re-checks: what failed, what the shown verdict is
 * about, and (always) the local network and controls; no app for a local suspicion.
 */
export function confirmingLookApps(thresholds: ThresholdState, latest: Diagnosis): string[] {
  const { candidate, confirmed } = thresholds;
  if (candidate?.scope === 'local') return [];
  return [
    ...new Set([
      ...(candidate?.apps ?? []),
      ...(confirmed?.apps ?? []),
      ...latest.apps.filter((app) => app.status !== 'up').map((app) => app.id),
    ]),
  ];
}

/** A partial round replaces what it probed; the rest stays from earlier rounds. */
export function mergeEvidence(previous: RoundEvidence | null, fresh: RoundEvidence, kind: RoundKind): RoundEvidence {
  if (!previous || kind === 'full') return fresh;
  const freshApps = new Map(fresh.apps.map((app) => [app.id, app]));
  const apps = previous.apps.map((app) => freshApps.get(app.id) ?? app);
  const known = new Set(previous.apps.map((app) => app.id));
  apps.push(...fresh.apps.filter((app) => !known.has(app.id)));
  return { ...fresh, apps, canaries: fresh.canaries.length > 0 ? fresh.canaries : previous.canaries };
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
