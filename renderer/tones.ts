// How a state looks: a tone picks the icon shape and the colour together, and
// every tone also has a text label, so nothing is told by colour alone.
import type { AppStatus, Verdict, VerdictKind } from '../electron/contracts/diagnosis';

export type Tone = 'ok' | 'warn' | 'fail' | 'unknown' | 'pending';

export function verdictTone(kind: VerdictKind): Tone {
  if (kind === 'ok') return 'ok';
  if (kind === 'degraded') return 'warn';
  if (kind === 'unknown') return 'unknown';
  return 'fail';
}

export function appStatusTone(status: AppStatus): Tone {
  switch (status) {
    case 'up':
      return 'ok';
    case 'degraded':
      return 'warn';
    case 'down':
      return 'fail';
    default:
      return 'unknown';
  }
}

export const PATH_SEGMENTS = ['device', 'network', 'router', 'isp', 'dns', 'cloud', 'app'] as const;
export type PathSegment = (typeof PATH_SEGMENTS)[number];

/** Where along You → App the verdict puts the problem; null when nothing (or nothing known) failed. */
export function failingSegment(verdict: Pick<Verdict, 'kind' | 'scope' | 'provider'>): PathSegment | null {
  switch (verdict.kind) {
    case 'offline':
    case 'captive-portal':
    case 'vpn':
    case 'proxy':
      return 'network';
    case 'lan':
      return 'router';
    case 'isp':
    case 'firewall':
      return 'isp';
    case 'dns-local':
    case 'blocked':
      return 'dns';
    case 'provider-outage':
      return 'cloud';
    case 'app-outage':
      return 'app';
    case 'degraded':
      if (verdict.scope === 'local') return 'isp';
      return verdict.provider ? 'cloud' : 'app';
    default:
      return null;
  }
}

/**
 * Each segment's tone: fine before the failing one, failing at it, not known beyond it.
 * `routerChecked`: the gateway answered a probe; without that, an ISP verdict cannot clear the router.
 */
export function segmentTones(
  verdict: Pick<Verdict, 'kind' | 'scope' | 'provider'> | null,
  routerChecked = true,
): Record<PathSegment, Tone> {
  const tones = {} as Record<PathSegment, Tone>;
  const failing = verdict ? failingSegment(verdict) : null;
  const failingIndex = failing ? PATH_SEGMENTS.indexOf(failing) : -1;
  PATH_SEGMENTS.forEach((segment, index) => {
    if (!verdict || verdict.kind === 'unknown') tones[segment] = 'unknown';
    else if (failingIndex < 0) tones[segment] = 'ok';
    else if (index < failingIndex) tones[segment] = 'ok';
    else if (index === failingIndex) tones[segment] = verdict.kind === 'degraded' ? 'warn' : 'fail';
    else tones[segment] = 'unknown';
  });
  // Upstream trouble at the cloud leaves the app itself unreachable rather than unknown.
  if (failing === 'cloud' && verdict?.kind === 'provider-outage') tones.app = 'fail';
  if (failing === 'isp' && !routerChecked) tones.router = 'unknown';
  return tones;
}
