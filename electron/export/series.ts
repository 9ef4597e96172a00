// The series of docs/contracts.md section 7, kept in a prom-client registry:
// the one source of both the `/metrics` exposition and the remote-write
// snapshots, so scrape and push can never disagree. Fed by the engine with
// what the Monitor shows (the diagnosis), its confirmed changes and its looks.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { VERDICT_KINDS, type Diagnosis, type ResolverReport, type VerdictKind } from '../contracts/diagnosis';
import type { TimeSeriesSample } from './remote-write-encoding';
import { safeLabelValue } from './label-privacy';

export const LOOK_TYPES = ['full', 'confirm', 'heartbeat'] as const;
export type LookType = (typeof LOOK_TYPES)[number];

/** Round durations from a fast heartbeat to a full round that waits out timeouts. */
export const ROUND_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const SERIES_NAMES = [
  'outagewatch_build_info',
  'outagewatch_verdict',
  'outagewatch_verdict_info',
  'outagewatch_verdict_confidence',
  'outagewatch_verdict_changes_total',
  'outagewatch_app_up',
  'outagewatch_app_latency_seconds',
  'outagewatch_resolver_up',
  'outagewatch_rounds_total',
  'outagewatch_round_duration_seconds',
] as const;

type ResolverStatus = ResolverReport['status'];

export class FleetSeries {
  readonly registry = new Registry();
  private readonly verdict;
  private readonly verdictInfo;
  private readonly confidence;
  private readonly changes;
  private readonly appUp;
  private readonly appLatency;
  private readonly resolverUp;
  private readonly rounds;
  private readonly roundDuration;
  /** The last known answer of each resolver: a look that asked it nothing keeps it. */
  private resolverAnswers = new Map<string, { resolver: string; role: string; up: boolean }>();
  private shownDiagnosis: Diagnosis | null = null;

  constructor(version: string, labels: Record<string, string>) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    new Gauge({
      name: 'outagewatch_build_info',
      help: 'Which build of Outage Watch runs (always 1).',
      labelNames: ['version'],
      registers,
    })
      .labels({ version })
      .set(1);
    this.verdict = new Gauge({
      name: 'outagewatch_verdict',
      help: '1 for the kind of the verdict shown now, 0 for every other kind.',
      labelNames: ['kind'],
      registers,
    });
    this.verdictInfo = new Gauge({
      name: 'outagewatch_verdict_info',
      help: 'The verdict shown now (always 1; empty labels where the verdict says nothing).',
      labelNames: ['scope', 'kind', 'layer', 'provider', 'region'],
      registers,
    });
    this.confidence = new Gauge({
      name: 'outagewatch_verdict_confidence',
      help: 'Confidence of the verdict shown now, 0 to 1.',
      registers,
    });
    this.changes = new Counter({
      name: 'outagewatch_verdict_changes_total',
      help: 'Confirmed changes of the shown verdict to this kind.',
      labelNames: ['kind'],
      registers,
    });
    this.appUp = new Gauge({
      name: 'outagewatch_app_up',
      help: '1 when the app was last seen up or degraded, else 0.',
      labelNames: ['app', 'provider'],
      registers,
    });
    this.appLatency = new Gauge({
      name: 'outagewatch_app_latency_seconds',
      help: "The app's latency in the last round that reached it.",
      labelNames: ['app'],
      registers,
    });
    this.resolverUp = new Gauge({
      name: 'outagewatch_resolver_up',
      help: 'The resolver answered the last look that asked it (system: any of the system resolvers).',
      labelNames: ['resolver', 'role'],
      registers,
    });
    this.rounds = new Counter({
      name: 'outagewatch_rounds_total',
      help: 'Looks taken: full rounds, confirming looks, heartbeats.',
      labelNames: ['type'],
      registers,
    });
    this.roundDuration = new Histogram({
      name: 'outagewatch_round_duration_seconds',
      help: 'How long each look took.',
      labelNames: ['type'],
      buckets: ROUND_DURATION_BUCKETS,
      registers,
    });
    for (const kind of VERDICT_KINDS) {
      this.verdict.labels({ kind }).set(0);
      this.changes.labels({ kind }).inc(0);
    }
    for (const type of LOOK_TYPES) this.rounds.labels({ type }).inc(0);
  }

  /** The extra labels of export.labels on every series from now on. */
  setLabels(labels: Record<string, string>): void {
    this.registry.setDefaultLabels(labels);
  }

  /** What the Monitor shows now: the verdict in front, the apps and resolvers as last seen. */
  observeDiagnosis(diagnosis: Diagnosis | null): void {
    if (diagnosis === this.shownDiagnosis) return;
    this.shownDiagnosis = diagnosis;
    this.verdictInfo.reset();
    this.appUp.reset();
    this.appLatency.reset();
    if (!diagnosis) {
      for (const kind of VERDICT_KINDS) this.verdict.labels({ kind }).set(0);
      this.confidence.set(0);
      return;
    }
    const { verdict } = diagnosis;
    for (const kind of VERDICT_KINDS) this.verdict.labels({ kind }).set(kind === verdict.kind ? 1 : 0);
    this.verdictInfo
      .labels({
        scope: verdict.scope,
        kind: verdict.kind,
        layer: verdict.layer ?? '',
        provider: safeLabelValue(verdict.provider ?? '', ''),
        region: safeLabelValue(verdict.region ?? '', ''),
      })
      .set(1);
    this.confidence.set(verdict.confidence);
    for (const app of diagnosis.apps) {
      const labels = { app: safeLabelValue(app.id, 'app') };
      this.appUp
        .labels({ ...labels, provider: safeLabelValue(app.provider ?? '', '') })
        .set(app.status === 'up' || app.status === 'degraded' ? 1 : 0);
      if (app.latencyMs !== null) this.appLatency.labels(labels).set(app.latencyMs / 1000);
    }
    this.observeResolvers(diagnosis);
  }

  /** A confirmed change of the shown verdict (not a verdict updated with other apps). */
  observeVerdictChange(kind: VerdictKind): void {
    this.changes.labels({ kind }).inc();
  }

  /** A look that ran to its end. */
  observeLook(type: LookType, seconds: number): void {
    this.rounds.labels({ type }).inc();
    this.roundDuration.labels({ type }).observe(seconds);
  }

  /** The text exposition of `/metrics`. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every series now, as remote write sends it, with these labels added (job, instance). */
  async snapshot(timestampMs: number, extraLabels: Record<string, string>): Promise<TimeSeriesSample[]> {
    const metrics = await this.registry.getMetricsAsJSON();
    return metrics.flatMap((metric) =>
      metric.values.map((value) => {
        const labels: Record<string, string> = { ...extraLabels };
        for (const [name, labelValue] of Object.entries(value.labels)) {
          if (labelValue !== undefined) labels[name] = String(labelValue);
        }
        labels.__name__ = (value as { metricName?: string }).metricName ?? metric.name;
        return { labels, value: value.value, timestampMs };
      }),
    );
  }

  private observeResolvers(diagnosis: Diagnosis): void {
    const seen = new Map<string, { resolver: string; role: string; statuses: ResolverStatus[] }>();
    let publicIndex = 0;
    for (const resolver of diagnosis.local.resolvers) {
      // Every system resolver is "system": the OS falls back from one to the next.
      const name =
        resolver.role === 'system' ? 'system' : safeLabelValue(resolver.name, `public-${(publicIndex += 1)}`);
      const key = `${resolver.role}\n${name}`;
      const entry = seen.get(key) ?? { resolver: name, role: resolver.role, statuses: [] };
      entry.statuses.push(resolver.status);
      seen.set(key, entry);
    }
    const answers = new Map<string, { resolver: string; role: string; up: boolean }>();
    for (const [key, entry] of seen) {
      const known = entry.statuses.filter((status) => status !== 'unknown');
      const previous = this.resolverAnswers.get(key);
      if (known.length > 0) answers.set(key, { ...entry, up: known.includes('ok') });
      else if (previous) answers.set(key, previous);
    }
    this.resolverAnswers = answers;
    this.resolverUp.reset();
    for (const answer of answers.values())
      this.resolverUp.labels({ resolver: answer.resolver, role: answer.role }).set(answer.up ? 1 : 0);
  }
}
