// The one engine behind the Bridge, for the Electron utility process and for
// `serve`/`demo` alike: the Monitor, the config (validated, saved atomically
// or kept in memory), the language, the report, the catalog, the official
// status feeds while the verdict blames a provider or an app, and the
// providers' IP ranges for attribution. Plain Node: no Electron here.
//
// The feeds and the range lists come from servers we do not control: they are
// read beside the monitor, never inside a round, so a broken, huge, slow or
// hostile one can neither change a verdict nor delay one.
import { join } from 'node:path';
import type { AppState, Bridge, CatalogEntry, Report } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { Verdict } from '../contracts/diagnosis';
import { CATALOG_APPS } from '../catalog/index';
import { formatDiagnosisTable } from './diagnosis-table';
import { ConfigError, saveConfigFile, validateConfig } from './config-file';
import { createTranslator, resolveLanguage, type Language } from '../i18n/translate';
import type { FetchLike } from '../feeds/bounded-fetch';
import {
  IP_RANGES_RETRY_AFTER_FAILURE_MS,
  loadIpRanges,
  type IpRangeSource,
  type IpRangesSnapshot,
} from '../feeds/ip-ranges';
import {
  createStatusFeedClient,
  FEED_MIN_INTERVAL_MS,
  officialStatusFor,
  type StatusFeedClientOptions,
} from '../feeds/status/index';
import { Monitor, type MonitorOptions } from '../monitor/monitor';

/** How the engine reads documents from outside: the status feeds and the IP range lists. */
export interface OutsideDocuments {
  /** Test seam (a fixture server on loopback); the platform fetch otherwise. */
  fetch?: FetchLike;
  /** Status feed politeness and bounds (tests shorten them). */
  statusFeeds?: Omit<StatusFeedClientOptions, 'fetch'>;
  /** While the verdict stays upstream, read the feeds again this often (the client still asks each at most once a minute). */
  statusRefreshMs?: number;
  /** The range lists to load (tests name a fixture); the providers' published lists otherwise. */
  ipRangeSources?: readonly IpRangeSource[];
  /** How often to look at the range cache again; a download happens only when the cache is a day old (or an hour after a failure). */
  ipRangesRefreshMs?: number;
}

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
  /** Test seams for the monitor. */
  monitor?: Pick<MonitorOptions, 'timings' | 'runRound' | 'diagnose' | 'clock' | 'readNetwork' | 'roundOptions'>;
}

/** Every Bridge call the engine answers; start at login belongs to the desktop shell. */
export type EngineBridge = Omit<Bridge, 'setStartAtLogin'>;

export interface Engine {
  bridge: EngineBridge;
  monitor: Monitor;
  config(): Config;
  /** Shows verdicts in this language from now on without saving it (serve's ?lang=); null = the config's language again. */
  setLanguage(language: Language | null): void;
  /** The loaded IP ranges with their sources and age; null before they load or without a data dir. */
  ipRanges(): IpRangesSnapshot | null;
  /** Settles when the feed reading in progress (if any) has ended; for tests. */
  statusSettled(): Promise<void>;
  stop(): Promise<void>;
}

export const IP_RANGES_FOLDER = 'ip-ranges';

export function catalogEntries(): CatalogEntry[] {
  return CATALOG_APPS.map((app) => ({
    id: app.id,
    name: app.name,
    provider: app.provider,
    region: app.region,
    urls: [...app.urls],
    category: app.category,
  }));
}

export function buildReport(state: AppState): Report {
  if (!state.diagnosis) return { text: '', json: 'null' };
  return {
    text: formatDiagnosisTable(state.diagnosis, createTranslator(state.language)).join('\n'),
    json: JSON.stringify(state.diagnosis, null, 2),
  };
}

/** A provider or an app is failing: the verdicts a status page can confirm. */
export function isUpstreamVerdict(verdict: Verdict | null): verdict is Verdict {
  return verdict?.kind === 'provider-outage' || verdict?.kind === 'app-outage';
}

/** Starts the monitor (throws MonitorError 'history-unavailable' when the history cannot open). */
export function startEngine(options: EngineOptions): Engine {
  let config = options.config;
  let languageOverride: Language | null = null;
  const languageOf = (settings: Config): Language =>
    languageOverride ?? resolveLanguage(settings.language, options.systemLocale);
  const monitor = new Monitor({ config, dataDir: options.dataDir, language: languageOf(config), ...options.monitor });
  const officialStatus = startOfficialStatus(monitor, options.outside);
  const ipRanges =
    options.dataDir !== null && options.outside
      ? startIpRanges(monitor, join(options.dataDir, IP_RANGES_FOLDER), options.outside)
      : null;
  try {
    monitor.start();
  } catch (error) {
    officialStatus.stop();
    ipRanges?.stop();
    throw error;
  }

  const bridge: EngineBridge = {
    getState: async () => monitor.getState(),
    onState: (listener) => monitor.on('state', listener),
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
      return { ok: true, config: next };
    },
    getCatalog: async () => catalogEntries(),
    getReport: async () => buildReport(monitor.getState()),
  };

  return {
    bridge,
    monitor,
    config: () => config,
    setLanguage: (language) => {
      languageOverride = language;
      monitor.setLanguage(languageOf(config));
    },
    ipRanges: () => ipRanges?.snapshot() ?? null,
    statusSettled: () => officialStatus.settled(),
    stop: async () => {
      officialStatus.stop();
      ipRanges?.stop();
      await Promise.all([monitor.stop(), officialStatus.settled(), ipRanges?.settled()]);
    },
  };
}

interface Background {
  stop(): void;
  settled(): Promise<void>;
}

/**
 * Reads the official feeds while the confirmed verdict is upstream: at once
 * when it is confirmed or its apps change, then every refresh; a reading still
 * in flight when the verdict moves on is dropped. The monitor never waits.
 */
function startOfficialStatus(monitor: Monitor, outside: OutsideDocuments | null): Background {
  if (!outside) return { stop: () => undefined, settled: () => Promise.resolve() };
  const client = createStatusFeedClient({ ...outside.statusFeeds, ...(outside.fetch ? { fetch: outside.fetch } : {}) });
  const refreshMs = outside.statusRefreshMs ?? FEED_MIN_INTERVAL_MS;
  let stopped = false;
  let watching: Verdict | null = null;
  let controller: AbortController | null = null;
  let reading: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const read = (verdict: Verdict): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const openedAt = monitor.currentIncident()?.openedAt ?? null;
    reading = officialStatusFor(client, verdict, openedAt, own.signal)
      .then((statuses) => {
        if (stopped || own.signal.aborted || watching !== verdict) return;
        monitor.setOfficialStatus(statuses);
      })
      // officialStatusFor does not throw; a bug there must not take the engine down either.
      .catch(() => undefined)
      .finally(() => {
        if (controller === own) controller = null;
        if (!stopped && watching === verdict) timer = setTimeout(() => read(verdict), refreshMs);
      });
  };

  const unsubscribe = monitor.on('verdict', (event) => {
    if (stopped) return;
    if (isUpstreamVerdict(event.verdict)) {
      watching = event.verdict;
      read(event.verdict);
      return;
    }
    watching = null;
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
  });

  return {
    stop: () => {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
    settled: () => reading,
  };
}

/** Loads the cached ranges at once and looks again every refresh; downloads happen inside loadIpRanges, at most daily. */
function startIpRanges(
  monitor: Monitor,
  cacheDir: string,
  outside: OutsideDocuments,
): Background & { snapshot(): IpRangesSnapshot | null } {
  const refreshMs = outside.ipRangesRefreshMs ?? IP_RANGES_RETRY_AFTER_FAILURE_MS;
  const controller = new AbortController();
  let snapshot: IpRangesSnapshot | null = null;
  let timer: NodeJS.Timeout | null = null;
  let loading: Promise<void> = Promise.resolve();

  const load = (): void => {
    loading = loadIpRanges({
      cacheDir,
      signal: controller.signal,
      ...(outside.fetch ? { fetch: outside.fetch } : {}),
      ...(outside.ipRangeSources ? { sources: outside.ipRangeSources } : {}),
    })
      .then((loaded) => {
        if (controller.signal.aborted) return;
        snapshot = loaded;
        monitor.setIpRanges(loaded.index);
      })
      // An unwritable cache folder: attribute without ranges, try again later.
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) timer = setTimeout(load, refreshMs);
      });
  };
  load();

  return {
    snapshot: () => snapshot,
    stop: () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    },
    settled: () => loading,
  };
}
