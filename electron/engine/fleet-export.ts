// The engine's side of the fleet export (electron/export/): what the Monitor
// shows, its confirmed changes and its looks go to the series; the spool and
// the instance id live in the history file when there is one. Every front
// door gets it through startEngine, so the tray app, `serve` and `watch`
// export alike. The export's code (the series registry, protobuf, snappy,
// the HTTP server) is loaded the first time a config asks for an export:
// most installs never do, and it costs the engine several MiB for as long
// as it runs. Its counters therefore start when the export does, which
// Prometheus reads as any counter reset.
import { randomBytes } from 'node:crypto';
import type { Unsubscribe } from '../contracts/bridge';
import type { Config, ExportConfig } from '../contracts/config';
import { EXPORT_OFF, type ExportProblem, type ExportStatus } from '../contracts/export-status';
import type { Exporter, ExporterOptions } from '../export/exporter';
import type { Monitor } from '../monitor/monitor';

export interface FleetExport {
  /** Settles when the config's export has been applied at start: the problems that kept a part from starting. */
  ready: Promise<ExportProblem[]>;
  status(): ExportStatus;
  onStatus(listener: (status: ExportStatus) => void): Unsubscribe;
  /** New settings: restarts what changed. */
  apply(config: Config): Promise<ExportProblem[]>;
  stop(): Promise<void>;
  /** Whether the export's code has been loaded (a config asked for an export at some point). */
  loaded(): boolean;
}

export type FleetExportTestOptions = Pick<ExporterOptions, 'timing' | 'spoolMaxBytes'>;

/** /metrics or remote write is asked for. */
export const exportWanted = (settings: ExportConfig): boolean =>
  settings.prometheus !== null || settings.remoteWrite !== null;

interface Running {
  exporter: Exporter;
  unsubscribe: Unsubscribe[];
}

/** Starts exporting what `monitor` shows (after monitor.start(): the spool is in its history file). */
export function startFleetExport(monitor: Monitor, config: Config, test: FleetExportTestOptions = {}): FleetExport {
  const listeners = new Set<(status: ExportStatus) => void>();
  let running: Running | null = null;
  let loading: Promise<Running> | null = null;
  let applied: Promise<ExportProblem[]> = Promise.resolve([]);
  let stopped = false;

  const status = (): ExportStatus => running?.exporter.status() ?? EXPORT_OFF;
  const load = (): Promise<Running> =>
    (loading ??= Promise.all([import('../export/exporter'), import('../export/build-version')]).then(
      ([{ Exporter }, { BUILD_VERSION }]) => {
        const spool = monitor.exportSpool();
        const exporter = new Exporter({
          version: BUILD_VERSION,
          spoolStorage: spool,
          // Without a history file the id lasts one run: nothing is kept anywhere.
          instanceId: spool?.instanceId() ?? randomBytes(8).toString('hex'),
          onStatus: () => {
            const current = exporter.status();
            for (const listener of listeners) listener(current);
          },
          ...test,
        });
        const unsubscribe = [
          monitor.on('state', (state) => exporter.observeDiagnosis(state.diagnosis)),
          monitor.on('verdict', (event) => {
            if (event.change === 'confirmed') exporter.observeVerdictChange(event.verdict.kind);
          }),
          monitor.on('look', (look) => exporter.observeLook(look.kind, look.durationMs / 1000)),
        ];
        exporter.observeDiagnosis(monitor.getState().diagnosis);
        running = { exporter, unsubscribe };
        return running;
      },
    ));

  const applyNow = async (settings: Config): Promise<ExportProblem[]> => {
    if (stopped) return [];
    if (!loading && !exportWanted(settings.export)) {
      // Off means off: snapshots an earlier run's remote write left never leave later.
      monitor.exportSpool()?.removeThrough(Number.MAX_SAFE_INTEGER);
      return [];
    }
    const { exporter } = await load();
    if (stopped) return [];
    return exporter.apply({ export: settings.export, trustedCaFile: settings.trustedCaFile });
  };
  // In order, and one apply failing (it should not) must not stop the next.
  const apply = (settings: Config): Promise<ExportProblem[]> =>
    (applied = applied.catch(() => []).then(() => applyNow(settings)));

  return {
    ready: apply(config),
    status,
    onStatus: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    apply,
    stop: async () => {
      stopped = true;
      await applied.catch(() => undefined);
      const current = running ?? (await loading?.catch(() => null)) ?? null;
      if (!current) return;
      for (const unsubscribe of current.unsubscribe) unsubscribe();
      await current.exporter.stop();
    },
    loaded: () => loading !== null,
  };
}
