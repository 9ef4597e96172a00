// Literal verdicts for the monitor's pure tests (thresholds, notification policy).
import type { Verdict, VerdictKind } from '../contracts/diagnosis';

const SCOPES: Record<VerdictKind, Verdict['scope']> = {
  ok: 'none',
  offline: 'local',
  lan: 'local',
  isp: 'local',
  'dns-local': 'local',
  blocked: 'local',
  'captive-portal': 'local',
  firewall: 'local',
  'provider-outage': 'upstream',
  'app-outage': 'upstream',
  degraded: 'upstream',
  unknown: 'unknown',
};

export function verdictOf(kind: VerdictKind, fields: Partial<Verdict> = {}): Verdict {
  return {
    scope: SCOPES[kind],
    kind,
    layer: null,
    provider: null,
    region: null,
    apps: [],
    confidence: 0.9,
    summary: `summary of ${kind}`,
    evidence: [],
    advice: [],
    ...fields,
  };
}
