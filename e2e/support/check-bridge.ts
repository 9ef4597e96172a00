// A Bridge for the window's browser tests: every check is a real round
// (runCheck: real DNS, TCP, TLS and HTTP against the loopback world) and a real
// diagnosis; history, incidents and the saved config are kept in memory.
import type { AppState, Bridge, CatalogEntry, History, Incident, LatencySample } from '../../electron/contracts/bridge';
import { checkConfig, type Config, type ConfigInput } from '../../electron/contracts/config';
import { CATALOG_APPS } from '../../electron/catalog/index';
import { runCheck } from '../../electron/check';
import { formatDiagnosisTable } from '../../electron/cli/check';
import { createTranslator, type Language } from '../../electron/i18n/translate';
import { validateConfig } from '../../electron/config-file';

export interface CheckBridge extends Bridge {
  /** Runs one real round now and publishes the new state. */
  check(): Promise<AppState>;
  /** Every config saved through the bridge, in order. */
  readonly savedConfigs: Config[];
  /** Seeds past incidents (the history view's timeline). */
  addIncident(incident: Omit<Incident, 'id'>): void;
  addSamples(samples: LatencySample[]): void;
}

export function createCheckBridge(input: ConfigInput, language: Language): CheckBridge {
  const first = checkConfig(input);
  if (!first.ok) throw new Error(first.problem);
  let config = first.config;
  const listeners = new Set<(state: AppState) => void>();
  const incidents: Incident[] = [];
  const samples: LatencySample[] = [];
  const savedConfigs: Config[] = [];
  let running: Promise<AppState> | null = null;
  let state: AppState = {
    phase: 'starting',
    pausedUntil: null,
    diagnosis: null,
    controls: [],
    canaries: [],
    progress: { pending: [], done: 0, total: 0 },
    officialStatus: [],
    language,
    startAtLogin: null,
  };
  const publish = (next: AppState) => {
    state = next;
    for (const listener of listeners) listener(state);
    return state;
  };

  const check = () => {
    running ??= (async () => {
      const ids = config.apps.map((entry) => (typeof entry === 'string' ? entry : entry.id));
      publish({ ...state, phase: 'checking', progress: { pending: ids, done: 0, total: ids.length } });
      const { evidence, diagnosis } = await runCheck(config, { language: state.language });
      for (const app of diagnosis.apps) samples.push({ at: diagnosis.at, appId: app.id, status: app.status, latencyMs: app.latencyMs });
      const open = incidents.find((incident) => incident.closedAt === null);
      if (diagnosis.verdict.kind === 'ok' && open) open.closedAt = diagnosis.at;
      if (diagnosis.verdict.kind !== 'ok' && (!open || open.verdict.kind !== diagnosis.verdict.kind)) {
        if (open) open.closedAt = diagnosis.at;
        incidents.push({ id: incidents.length + 1, openedAt: diagnosis.at, updatedAt: diagnosis.at, closedAt: null, verdict: diagnosis.verdict });
      }
      return publish({
        ...state,
        phase: 'idle',
        diagnosis,
        controls: evidence.controls,
        canaries: evidence.canaries,
        progress: { pending: [], done: ids.length, total: ids.length },
      });
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const catalog: CatalogEntry[] = CATALOG_APPS.map((app) => ({
    id: app.id,
    name: app.name,
    provider: app.provider,
    region: app.region,
    urls: [...app.urls],
    category: app.category,
  }));

  return {
    savedConfigs,
    check,
    addIncident(incident) {
      incidents.push({ id: incidents.length + 1, ...incident });
    },
    addSamples(more) {
      samples.push(...more);
    },
    getState: async () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    checkNow: async () => {
      await check();
    },
    pause: async (minutes) => {
      publish({ ...state, phase: 'paused', pausedUntil: new Date(Date.now() + minutes * 60_000).toISOString() });
    },
    resume: async () => {
      publish({ ...state, phase: 'idle', pausedUntil: null });
    },
    getHistory: async (query): Promise<History> => ({
      incidents: incidents.filter((incident) => (incident.closedAt ?? incident.updatedAt) >= query.since || incident.closedAt === null),
      samples: samples.filter((sample) => sample.at >= query.since && (!query.appIds || query.appIds.includes(sample.appId))),
    }),
    getConfig: async () => config,
    saveConfig: async (candidate) => {
      try {
        config = validateConfig(candidate);
      } catch (error) {
        return { ok: false, problem: (error as Error).message };
      }
      savedConfigs.push(config);
      if (config.language !== 'auto' && config.language !== state.language) publish({ ...state, language: config.language });
      return { ok: true, config };
    },
    getCatalog: async () => catalog,
    getReport: async () => {
      const diagnosis = state.diagnosis;
      if (!diagnosis) throw new Error('no diagnosis yet');
      return { text: formatDiagnosisTable(diagnosis, createTranslator(state.language)).join('\n'), json: JSON.stringify(diagnosis, null, 2) };
    },
    setStartAtLogin: async () => false,
  };
}
