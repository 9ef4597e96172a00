// Builders of literal NetworkBaseline records for tests and fixtures: a
// network seen for `looks` looks, with each figure and trait as given.
import type { NetworkBaseline, TargetBaseline, UsualFigure } from '../contracts/baseline';

export interface BaselineSpec {
  label?: string;
  looks?: number;
  /** Usual whole-connection latency per target id, ms (p90 = 1.2 × median). */
  latency?: Record<string, number>;
  /** Usual system-resolver answer time per target id, ms. */
  dns?: Record<string, number>;
  /** Share of the looks that showed each trait. */
  traits?: Record<string, number>;
}

function figure(medianMs: number, samples: number): UsualFigure {
  return { medianMs, p90Ms: Math.round(medianMs * 1.2), samples };
}

export function networkBaseline(spec: BaselineSpec = {}): NetworkBaseline {
  const looks = spec.looks ?? 20;
  const targets: Record<string, TargetBaseline> = {};
  for (const [id, ms] of Object.entries(spec.latency ?? {})) {
    targets[id] = { latency: figure(ms, looks), dns: null, tcp: null, tls: null, http: null };
  }
  for (const [id, ms] of Object.entries(spec.dns ?? {})) {
    targets[id] = { latency: null, tcp: null, tls: null, http: null, ...targets[id], dns: figure(ms, looks) };
  }
  return {
    label: spec.label ?? 'Lab Wi-Fi',
    looks,
    since: '2026-11-01T08:00:00.000Z',
    targets,
    traits: Object.entries(spec.traits ?? {}).map(([trait, share]) => ({ trait, share, looks })),
  };
}
