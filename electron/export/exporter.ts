// The fleet export as the engine holds it (docs/contracts.md section 7): the
// series, `/metrics` when export.prometheus asks, remote write with its spool
// when export.remoteWrite asks, both re-applied whenever the config changes.
// A failure here never stops the Monitor: it shows in the status, and the
// CLI refuses to start on a start-up problem.
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import {
  DEFAULT_METRICS_PORT,
  parseAddress,
  type ExportConfig,
  type HostPort,
  type RemoteWriteConfig,
} from '../contracts/config';
import type { Diagnosis, VerdictKind } from '../contracts/diagnosis';
import type { ExportProblem, ExportStatus, MetricsEndpointStatus } from '../contracts/export-status';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { DEFAULT_PUSH_TIMING, RemoteWritePusher, type PushTiming } from './remote-write-pusher';
import { FleetSeries, type LookType } from './series';
import { DEFAULT_SPOOL_MAX_BYTES, MemorySpoolStorage, Spool, type SpoolStorage } from './spool';

export interface ExporterOptions {
  version: string;
  /** Where snapshots wait (the history file); null = memory. */
  spoolStorage: SpoolStorage | null;
  /** This install's pseudonymous id, the `instance` of every pushed series. */
  instanceId: string;
  /** The status changed. */
  onStatus: () => void;
  /** Test seams: a faster rhythm, a smaller spool. */
  timing?: Partial<PushTiming>;
  spoolMaxBytes?: number;
}

/** What export.* asks for, with the PEM roots to trust beside the system's (config.trustedCaFile). */
export interface ExportSettings {
  export: ExportConfig;
  trustedCaFile: string | null;
}

/** The `job` of every pushed series; Prometheus sets its own on a scrape. */
export const PUSH_JOB = 'outagewatch';

export class Exporter {
  readonly series: FleetSeries;
  private readonly spool: Spool;
  private metrics: { listen: string; server: MetricsServer | null; status: MetricsEndpointStatus } | null = null;
  private pusher: { key: string; pusher: RemoteWritePusher } | null = null;
  private applied: Promise<ExportProblem[]> = Promise.resolve([]);
  private stopped = false;

  constructor(private readonly options: ExporterOptions) {
    this.series = new FleetSeries(options.version, {});
    this.spool = new Spool(
      options.spoolStorage ?? new MemorySpoolStorage(),
      options.spoolMaxBytes ?? DEFAULT_SPOOL_MAX_BYTES,
    );
  }

  /** Applies the settings (in order with earlier calls); resolves with what could not start. */
  apply(settings: ExportSettings): Promise<ExportProblem[]> {
    // One apply failing (it should not) must not stop the next from running.
    this.applied = this.applied.catch(() => []).then(() => this.applyNow(settings));
    return this.applied;
  }

  observeDiagnosis(diagnosis: Diagnosis | null): void {
    this.series.observeDiagnosis(diagnosis);
  }

  observeVerdictChange(kind: VerdictKind): void {
    this.series.observeVerdictChange(kind);
    this.pusher?.pusher.retrySoon();
  }

  observeLook(type: LookType, seconds: number): void {
    this.series.observeLook(type, seconds);
  }

  status(): ExportStatus {
    return {
      metrics: this.metrics?.status ?? { state: 'off' },
      remoteWrite: this.pusher?.pusher.status() ?? { state: 'off' },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.applied.catch(() => undefined);
    await Promise.all([this.metrics?.server?.close(), this.pusher?.pusher.stop()]);
    this.metrics = null;
    this.pusher = null;
  }

  private async applyNow(settings: ExportSettings): Promise<ExportProblem[]> {
    if (this.stopped) return [];
    const { export: wanted } = settings;
    this.series.setLabels(wanted.labels);
    const problems = [
      ...(await this.applyMetrics(wanted.prometheus?.listen ?? null)),
      ...(await this.applyRemoteWrite(wanted.remoteWrite, wanted.labels, settings.trustedCaFile)),
    ];
    this.options.onStatus();
    return problems;
  }

  private async applyMetrics(listen: string | null): Promise<ExportProblem[]> {
    if (this.metrics?.listen === listen && this.metrics.server) return [];
    await this.metrics?.server?.close();
    this.metrics = null;
    if (listen === null) return [];
    const at = parseAddress(listen, DEFAULT_METRICS_PORT) as HostPort;
    const result = await startMetricsServer(at, async () => ({
      text: await this.series.exposition(),
      contentType: this.series.contentType,
    }));
    if (!result.ok) {
      this.metrics = { listen, server: null, status: { state: 'failed', listen, problem: result.problem } };
      return [result.problem];
    }
    this.metrics = { listen, server: result.server, status: { state: 'serving', url: result.server.url } };
    return [];
  }

  private async applyRemoteWrite(
    config: RemoteWriteConfig | null,
    labels: Record<string, string>,
    trustedCaFile: string | null,
  ): Promise<ExportProblem[]> {
    const key = JSON.stringify([config, labels, trustedCaFile]);
    if (this.pusher?.key === key) return [];
    await this.pusher?.pusher.stop();
    this.pusher = null;
    if (config === null) {
      // Off means off: snapshots of an earlier setting never leave later.
      this.spool.clear();
      return [];
    }
    const secureContext = await secureContextFor(trustedCaFile);
    // export.labels may set its own job or instance (an asset tag, say).
    const pushed = { job: PUSH_JOB, instance: this.options.instanceId, ...labels };
    const pusher = new RemoteWritePusher({
      config,
      spool: this.spool,
      snapshot: (atMs) => this.series.snapshot(atMs, pushed),
      timing: { ...DEFAULT_PUSH_TIMING, intervalMs: config.intervalSeconds * 1000, ...this.options.timing },
      userAgent: `outage-watch/${this.options.version}`,
      ...(secureContext ? { secureContext } : {}),
      onChange: () => this.options.onStatus(),
    });
    this.pusher = { key, pusher };
    const tokenProblem = await pusher.checkToken();
    pusher.start();
    return tokenProblem ? [tokenProblem] : [];
  }
}

/** The system's roots plus the config's extra ones; undefined = Node's defaults (and NODE_EXTRA_CA_CERTS). */
async function secureContextFor(trustedCaFile: string | null): Promise<SecureContext | undefined> {
  if (trustedCaFile === null) return undefined;
  try {
    return createSecureContext({ ca: [...rootCertificates, await readFile(trustedCaFile, 'utf8')] });
  } catch {
    // The probes report an unreadable CA file; remote write then trusts the system's roots only.
    return undefined;
  }
}
