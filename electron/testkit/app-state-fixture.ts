// Literal AppState records for the unit tests of the shell and serve.
import type { AppState } from '../contracts/bridge';
import type { AppReport, AppStatus, Diagnosis, Verdict } from '../contracts/diagnosis';
import { EXPORT_OFF } from '../contracts/export-status';

export function verdictOf(overrides: Partial<Verdict>): Verdict {
  return {
    scope: 'none',
    kind: 'ok',
    layer: null,
    provider: null,
    region: null,
    apps: [],
    confidence: 0.9,
    summary: 'Everything works: your network and all 2 apps are up.',
    evidence: [],
    advice: [],
    ...overrides,
  };
}

export function appReport(id: string, name: string, status: AppStatus): AppReport {
  return { id, name, status, layer: null, provider: null, region: null, latencyMs: 42, usual: null, probes: [] };
}

export function diagnosisOf(verdict: Verdict, apps: AppReport[]): Diagnosis {
  return {
    schema: 1,
    at: '2026-11-22T10:00:00.000Z',
    verdict,
    findings: [verdict],
    local: {
      interfaces: [],
      gateway: { configured: 'off', address: null, outcome: 'off', method: null, latencyMs: null },
      resolvers: [],
      captivePortal: { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null },
      vpn: null,
      families: { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: [],
    },
    apps,
  };
}

export function appStateOf(overrides: Partial<AppState>): AppState {
  return {
    phase: 'idle',
    pausedUntil: null,
    diagnosis: null,
    controls: [],
    canaries: [],
    progress: { pending: [], done: 0, total: 0 },
    officialStatus: [],
    language: 'en',
    startAtLogin: null,
    problems: [],
    export: EXPORT_OFF,
    ...overrides,
  };
}
