// The engine's side of the fleet export (electron/export/): what the Monitor
// shows, its confirmed changes and its looks go to the series; the spool and
// the instance id live in the history file when there is one. Every front
// door gets it through startEngine, so the tray app, `serve` and `watch`
// export alike.
import { randomBytes } from 'node:crypto';
import type { Unsubscribe } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { ExportProblem, ExportStatus } from '../contracts/export-status';
import { BUILD_VERSION } from '../export/build-version';
import { Exporter, type ExporterOptions } from '../export/exporter';
import type { Monitor } from '../monitor/monitor';

export interface FleetExport {
  /** Settles when the config's export has been applied at start: the problems that kept a part from starting. */
  ready: Promise<ExportProblem[]>;
  status(): ExportStatus;
  onStatus(listener: (status: ExportStatus) => void): Unsubscribe;
  /** New settings: restarts what changed. */
  apply(config: Config): Promise<ExportProblem[]>;
  stop(): Promise<void>;
}

export type FleetExportTestOptions = Pick<ExporterOptions, 'timing' | 'spoolMaxBytes'>;

/** Starts exporting what `monitor` shows (after monitor.start(): the spool is in its history file). */
export function startFleetExport(monitor: Monitor, config: Config, test: FleetExportTestOptions = {}): FleetExport {
  const listeners = new Set<(status: ExportStatus) => void>();
  const spool = monitor.exportSpool();
  const exporter = new Exporter({
    version: BUILD_VERSION,
    spoolStorage: spool,
    // Without a history file the id lasts one run: nothing is kept anywhere.
    instanceId: spool?.instanceId() ?? randomBytes(8).toString('hex'),
    onStatus: () => {
      const status = exporter.status();
      for (const listener of listeners) listener(status);
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
  const settingsOf = (settings: Config) => ({ export: settings.export, trustedCaFile: settings.trustedCaFile });
  return {
    ready: exporter.apply(settingsOf(config)),
    status: () => exporter.status(),
    onStatus: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    apply: (settings) => exporter.apply(settingsOf(settings)),
    stop: async () => {
      for (const stop of unsubscribe) stop();
      await exporter.stop();
    },
  };
}
