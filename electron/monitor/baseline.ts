// What a look teaches about its network's normal (baselineObservation), and the
// normal as diagnose() reads it (summarizeBaseline). Pure: the history keeps
// the rows (baseline-store.ts), the monitor passes them through here.
import {
  resolverTrait,
  USUAL_SAMPLES_KEPT,
  type NetworkBaseline,
  type TargetBaseline,
  type UsualFigure,
} from '../contracts/baseline';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import { connectionLatency } from '../diagnose/target-status';

export const BASELINE_LAYERS = ['latency', 'dns', 'tcp', 'tls', 'http'] as const;
export type BaselineLayer = (typeof BASELINE_LAYERS)[number];

export interface FigureObservation {
  targetId: string;
  layer: BaselineLayer;
  valueMs: number;
}

export interface TraitObservation {
  trait: string;
  present: boolean;
}

export interface LookObservation {
  figures: FigureObservation[];
  traits: TraitObservation[];
}

/** A target's figures when it answered: a failing target's latency says nothing about normal. */
function figuresOf(probe: TargetProbe, up: boolean): FigureObservation[] {
  if (!up) return [];
  const system = probe.dns.find((r) => r.resolver.role === 'system' && r.outcome === 'answer');
  const tcp = probe.tcp.find((r) => r.outcome === 'connected');
  const values: Record<BaselineLayer, number | null | undefined> = {
    latency: connectionLatency(probe),
    dns: system?.latencyMs,
    tcp: tcp?.latencyMs,
    tls: probe.tls?.outcome === 'ok' ? probe.tls.latencyMs : null,
    http: probe.http?.outcome === 'response' ? probe.http.latencyMs : null,
  };
  return BASELINE_LAYERS.flatMap((layer) => {
    const value = values[layer];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? [{ targetId: probe.id, layer, valueMs: value }]
      : [];
  });
}

/**
 * What one full look shows: the figures of every app that was up (or slow)
 * and of every control that answered, and the recurring facts (present or
 * not). `diagnosis` is the look judged without a baseline: what the network
 * did, not what was news on it.
 */
export function baselineObservation(evidence: RoundEvidence, diagnosis: Diagnosis): LookObservation {
  // Slow is a figure too: a network that is always slow learns that it is.
  const upApps = new Set(
    diagnosis.apps.filter((app) => app.status === 'up' || app.status === 'degraded').map((app) => app.id),
  );
  const figures = [
    ...evidence.apps.flatMap((probe) => figuresOf(probe, upApps.has(probe.id))),
    ...evidence.controls.flatMap((probe) => figuresOf(probe, probe.http?.outcome === 'response')),
  ];
  const kinds = new Set(diagnosis.findings.map((finding) => finding.kind));
  const firewallDns = diagnosis.findings.some((f) => f.kind === 'firewall' && f.layer === 'dns');
  const firewallPorts = diagnosis.findings.some((f) => f.kind === 'firewall' && f.layer !== 'dns');
  const ipv6Broken = diagnosis.findings.some((f) => f.kind === 'degraded' && f.scope === 'local' && f.layer === 'tcp');
  const traits: TraitObservation[] = [
    { trait: 'vpn', present: Boolean(evidence.local.vpn) },
    { trait: 'proxy', present: diagnosis.local.proxies.length > 0 },
    { trait: 'captive-portal', present: evidence.captivePortal.outcome === 'intercepted' },
    { trait: 'ipv6-broken', present: ipv6Broken },
    { trait: 'blocked', present: kinds.has('blocked') },
    { trait: 'firewall', present: firewallPorts },
    { trait: 'firewall:dns', present: firewallDns },
    ...diagnosis.local.resolvers
      .filter((r) => r.status !== 'unknown')
      .map((r) => ({ trait: resolverTrait(r.address, r.port), present: r.status === 'ok' })),
  ];
  return { figures, traits };
}

/** The value at a share of the sorted values (nearest rank). */
function percentile(sorted: readonly number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function usualFigure(values: readonly number[]): UsualFigure | null {
  const recent = values.slice(-USUAL_SAMPLES_KEPT);
  if (recent.length === 0) return null;
  const sorted = [...recent].sort((a, b) => a - b);
  return {
    medianMs: Math.round(percentile(sorted, 0.5)),
    p90Ms: Math.round(percentile(sorted, 0.9)),
    samples: sorted.length,
  };
}

export interface BaselineRows {
  label: string;
  looks: number;
  since: number;
  /** Oldest first. */
  figures: readonly { targetId: string; layer: string; valueMs: number }[];
  /** Oldest first. */
  traits: readonly { trait: string; present: boolean }[];
}

/** The network's normal from its kept rows. */
export function summarizeBaseline(rows: BaselineRows): NetworkBaseline {
  const byTarget = new Map<string, Map<string, number[]>>();
  for (const row of rows.figures) {
    const layers = byTarget.get(row.targetId) ?? new Map<string, number[]>();
    layers.set(row.layer, [...(layers.get(row.layer) ?? []), row.valueMs]);
    byTarget.set(row.targetId, layers);
  }
  const targets: Record<string, TargetBaseline> = {};
  for (const [targetId, layers] of byTarget) {
    const figure = (layer: BaselineLayer) => usualFigure(layers.get(layer) ?? []);
    targets[targetId] = {
      latency: figure('latency'),
      dns: figure('dns'),
      tcp: figure('tcp'),
      tls: figure('tls'),
      http: figure('http'),
    };
  }
  const byTrait = new Map<string, boolean[]>();
  for (const row of rows.traits) byTrait.set(row.trait, [...(byTrait.get(row.trait) ?? []), row.present]);
  const traits = [...byTrait].map(([trait, seen]) => {
    const recent = seen.slice(-USUAL_SAMPLES_KEPT);
    const present = recent.filter(Boolean).length;
    return { trait, share: Math.round((present / recent.length) * 100) / 100, looks: recent.length };
  });
  return { label: rows.label, looks: rows.looks, since: new Date(rows.since).toISOString(), targets, traits };
}
