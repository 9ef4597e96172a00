// The one engine behind every front door: the Monitor, the config (validated,
// saved atomically or kept in memory), the language, the report, the catalog,
// and the documents read beside the monitor (outside-documents.ts). The
// Electron utility process, `serve`, `demo` and `watch` start it through
// startup.ts and watch.ts; none of them touches the Monitor. Plain Node.
import { join } from 'node:path';
import type { AppState, Bridge, EngineProblem, MonitorState, Unsubscribe } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import { EXPORT_OFF, type ExportProblem, type ExportStatus } from '../contracts/export-status';
import { resolveLanguage, type Language } from '../i18n/translate';
import type { IpRangesSnapshot } from '../feeds/ip-ranges';
import { Monitor, type MonitorNotification, type MonitorOptions, type VerdictEvent } from '../monitor/monitor';
import { catalogEntries } from './catalog-listing';
import { ConfigError, saveConfigFile, validateConfig } from './config-file';
import { buildReport } from './diagnosis-table';
import { IP_RANGES_FOLDER } from './data-dir';
import { startFleetExport, type FleetExport, type FleetExportTestOptions } from './fleet-export';
import { startIpRanges, startOfficialStatus, type OutsideDocuments } from './outside-documents';
import { NO_PROBLEMS, observeState, recordProblem } from './problems';

export type { MonitorNotification, VerdictEvent };
export type { OutsideDocuments };

export interface EngineOptions {
  config: Config;
  /** Where saveConfig writes (atomically); null = keep changes for this run only (the demo). */
  configPath: string | null;
  /** History database and IP range cache folder; null = neither. */
  dataDir: string | null;
  /** The OS locale, for language "auto". */
  systemLocale: string;
  /** null = read nothing from outside (no status feeds, no IP ranges): the demo and the tests on loopback. */
  outside: OutsideDocuments | null;
  /**
   * The front door stops the engine when the export cannot start (watch, serve):
   * then nothing is read from outside for an engine that is about to stop.
   */
  stopsOnExportProblem?: boolean;
  /** Test seams for the monitor. */
  monitor?: Pick<MonitorOptions, 'timings' | 'runRound' | 'diagnose' | 'clock' | 'readNetwork' | 'roundOptions'>;
  /** Test seams for the fleet export (a faster push rhythm, a smaller spool). */
  export?: FleetExportTestOptions;
}

/** Every Bridge call the engine answers; start at login belongs to the desktop shell. */
export type EngineBridge = Omit<Bridge, 'setStartAtLogin'>;

/** Why the monitor should look again now: the OS saw the machine wake or the network move. */
export type NetworkChangeReason = Parameters<Monitor['networkChanged']>[0];

/** The engine as a front door holds it. */
export interface Engine {
  bridge: EngineBridge;
  config(): Config;
  /** The language verdicts are shown in now. */
  language(): Language;
  /** Shows verdicts in this language from now on without saving it (serve's ?lang=); null = the config's language again. */
  setLanguage(language: Language | null): void;
  /** A confirmed verdict change: what `watch` prints. */
  onVerdict(listener: (event: VerdictEvent) => void): Unsubscribe;
  /** The notifications the monitor's policy decided to show. */
  onNotification(listener: (notification: MonitorNotification) => void): Unsubscribe;
  /** Something the engine could not do (a round failed, the history failed), each time it happens; the state lists the current ones. */
  onProblem(listener: (problem: EngineProblem) => void): Unsubscribe;
  networkChanged(reason: NetworkChangeReason): void;
  /** Settles when the config's fleet export has started: what could not (a port in use, an unreadable token file). */
  exportReady(): Promise<ExportProblem[]>;
  /** Each change of the export's status (a delivery, a problem, the spool's size). */
  onExportStatus(listener: (status: ExportStatus) => void): Unsubscribe;
  /** Stops the export, the monitor, the background reading, and closes the history. */
  stop(): Promise<void>;
}

/** The engine with its parts in reach, for the engine's own tests. */
export interface RunningEngine extends Engine {
  monitor: Monitor;
  /** The loaded IP ranges with their sources and age; null before they load or without a data dir. */
  ipRanges(): IpRangesSnapshot | null;
  /** Settles when the feed reading in progress (if any) has ended. */
  statusSettled(): Promise<void>;
}

/** Starts the monitor (throws MonitorError 'history-unavailable' when the history cannot open). */
export function startEngine(options: EngineOptions): RunningEngine {
  let config = options.config;
  let languageOverride: Language | null = null;
  const languageOf = (settings: Config): Language =>
    languageOverride ?? resolveLanguage(settings.language, options.systemLocale);
  const monitor = new Monitor({ config, dataDir: options.dataDir, language: languageOf(config), ...options.monitor });
  const states = stateWithProblems(monitor);
  monitor.start();
  const fleet = startFleetExport(monitor, config, options.export);
  states.showExport(fleet);
  // The outside documents wait for the export's start, so an engine refused for
  // its export (a port in use) has read nothing from the internet.
  let stopped = false;
  let officialStatus: ReturnType<typeof startOfficialStatus> | null = null;
  let ipRanges: ReturnType<typeof startIpRanges> | null = null;
  const outsideStarted = fleet.ready
    .catch((): ExportProblem[] => [])
    .then((problems) => {
      if (stopped || (options.stopsOnExportProblem && problems.length > 0)) return;
      officialStatus = startOfficialStatus(monitor, options.outside);
      if (options.dataDir !== null && options.outside) {
        ipRanges = startIpRanges(monitor, join(options.dataDir, IP_RANGES_FOLDER), options.outside);
      }
    });

  const bridge: EngineBridge = {
    getState: async () => states.current(),
    onState: (listener) => states.on('state', listener),
    checkNow: () => monitor.checkNow(),
    pause: async (minutes) => monitor.pause(Date.now() + minutes * 60_000),
    resume: async () => monitor.resume(),
    getHistory: async (query) => monitor.getHistory(query),
    getConfig: async () => config,
    saveConfig: async (input) => {
      let next: Config;
      try {
        next = validateConfig(input);
      } catch (error) {
        if (error instanceof ConfigError) return { ok: false, problem: error.message };
        throw error;
      }
      if (options.configPath !== null) await saveConfigFile(options.configPath, next);
      // A language chosen in Settings wins over the one this run was asked to show.
      if (next.language !== config.language) languageOverride = null;
      config = next;
      monitor.setConfig(next);
      monitor.setLanguage(languageOf(next));
      // Settings shows at once whether the new export started (its status is in the state).
      await fleet.apply(next);
      return { ok: true, config: next };
    },
    getCatalog: async () => catalogEntries(),
    getReport: async () => buildReport(monitor.getState()),
  };

  return {
    bridge,
    monitor,
    config: () => config,
    language: () => languageOf(config),
    setLanguage: (language) => {
      languageOverride = language;
      monitor.setLanguage(languageOf(config));
    },
    onVerdict: (listener) => monitor.on('verdict', listener),
    onNotification: (listener) => monitor.on('notification', listener),
    onProblem: (listener) => states.on('problem', listener),
    networkChanged: (reason) => monitor.networkChanged(reason),
    exportReady: () => fleet.ready,
    onExportStatus: (listener) => fleet.onStatus(listener),
    ipRanges: () => ipRanges?.snapshot() ?? null,
    statusSettled: async () => {
      await outsideStarted;
      await officialStatus?.settled();
    },
    stop: async () => {
      stopped = true;
      await fleet.stop();
      await outsideStarted;
      officialStatus?.stop();
      ipRanges?.stop();
      await Promise.all([monitor.stop(), officialStatus?.settled(), ipRanges?.settled()]);
    },
  };
}

interface StateEvents {
  state: AppState;
  problem: EngineProblem;
}

/** The monitor's state with the problems it reported; a new problem is a new state at once. */
function stateWithProblems(monitor: Monitor) {
  const listeners: { [Name in keyof StateEvents]: Set<(payload: StateEvents[Name]) => void> } = {
    state: new Set(),
    problem: new Set(),
  };
  let book = NO_PROBLEMS;
  let exportStatus = (): ExportStatus => EXPORT_OFF;
  const withProblems = (state: MonitorState): AppState => ({
    ...state,
    problems: book.problems,
    export: exportStatus(),
  });
  const publish = (state: AppState) => {
    for (const listener of listeners.state) listener(state);
  };
  // Subscribed before the monitor starts, so no state goes by without its problems.
  monitor.on('state', (state) => {
    book = observeState(book, state.diagnosis);
    publish(withProblems(state));
  });
  monitor.on('problem', (reported) => {
    const shown = monitor.getState();
    book = recordProblem(book, reported, shown.diagnosis, new Date());
    const problem = book.problems.find((known) => known.kind === reported.kind);
    if (problem) for (const listener of listeners.problem) listener(problem);
    publish(withProblems(shown));
  });
  return {
    current: () => withProblems(monitor.getState()),
    /** The export's status joins every state, and a change of it is a new state. */
    showExport(fleet: FleetExport): void {
      exportStatus = () => fleet.status();
      fleet.onStatus(() => publish(withProblems(monitor.getState())));
    },
    on<Name extends keyof StateEvents>(name: Name, listener: (payload: StateEvents[Name]) => void): Unsubscribe {
      const set = listeners[name] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
