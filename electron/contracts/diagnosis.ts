// The diagnosis document of docs/contracts.md section 5. `check --json` prints exactly this.
import type { UsualFigure } from './baseline';

import type {
  Layer,
  LocalNetwork,
  CaptivePortalProbe,
  IpFamilies,
  ProbeResult,
  VpnInfo,
  ResolverRef,
  ProviderSource,
} from './probe-results';

export type Scope = 'none' | 'local' | 'upstream' | 'unknown';

export const VERDICT_KINDS = [
  'ok',
  'offline',
  'lan',
  'vpn',
  'proxy',
  'isp',
  'dns-local',
  'blocked',
  'captive-portal',
  'firewall',
  'provider-outage',
  'app-outage',
  'degraded',
  'unknown',
] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/**
 * Where each kind puts the problem (docs/contracts.md section 5). `degraded`
 * is upstream unless the controls or the system resolvers are slow as well:
 * then the diagnosis says local.
 */
export const KIND_SCOPES = {
  ok: 'none',
  offline: 'local',
  lan: 'local',
  vpn: 'local',
  proxy: 'local',
  isp: 'local',
  'dns-local': 'local',
  blocked: 'local',
  'captive-portal': 'local',
  firewall: 'local',
  'provider-outage': 'upstream',
  'app-outage': 'upstream',
  degraded: 'upstream',
  unknown: 'unknown',
} as const satisfies Record<VerdictKind, Scope>;

export interface Verdict {
  scope: Scope;
  kind: VerdictKind;
  layer: Layer | null;
  provider: string | null;
  region: string | null;
  apps: string[];
  /** 0..1 */
  confidence: number;
  summary: string;
  evidence: string[];
  advice: string[];
}

export type AppStatus = 'up' | 'degraded' | 'down' | 'unknown';

export interface AppReport {
  id: string;
  name: string;
  status: AppStatus;
  layer: Layer | null;
  provider: string | null;
  region: string | null;
  latencyMs: number | null;
  /** What this app's latency usually is on this network (from the history); null until enough is known. */
  usual: UsualFigure | null;
  probes: ProbeResult[];
}

/** Health of one resolver over every name asked of it in the round. */
export interface ResolverReport extends ResolverRef {
  status: 'ok' | 'failing' | 'unknown';
  /** Counts of outcomes over the names asked. */
  outcomes: Record<string, number>;
  medianLatencyMs: number | null;
  /** Status unknown because the OS refused every query to it (macOS Local Network privacy). */
  blockedBy?: 'macos-local-network';
}

export interface Diagnosis {
  schema: 1;
  at: string;
  verdict: Verdict;
  findings: Verdict[];
  local: {
    interfaces: LocalNetwork['interfaces'];
    gateway: LocalNetwork['gateway'];
    resolvers: ResolverReport[];
    captivePortal: CaptivePortalProbe;
    vpn: VpnInfo | null;
    families: IpFamilies;
    /** The proxies this round's connections went through (as configured, without credentials). */
    proxies: string[];
  };
  apps: AppReport[];
}

export type { ProviderSource };
