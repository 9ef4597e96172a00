// The history file as the Monitor uses it: opened at start (a file that cannot
// be used stops the start), every write guarded (a failed one is a `problem`,
// never a crash), and what the looks taught about providers, kept in memory
// for the next rounds and written to the file.
import type { History, HistoryQuery } from '../contracts/bridge';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import type { ExportSpoolStore } from './export-spool-store';
import { HistoryStore } from './history-store';
import type { StoredIncident } from './incident-store';
import { lookSamples, networkIdentity } from './looks';
import { MonitorError, type MonitorProblem } from './monitor-api';
import { learnNames, learnProviders } from './provider-learning';

export interface MonitorHistoryOptions {
  /** Where the history file lives; null = keep no history (memory still learns). */
  dataDir: string | null;
  /** Size cap of the file's live data. */
  maxBytes: number | undefined;
  /** Hears every write that failed. */
  problem: (problem: MonitorProblem) => void;
}

export class MonitorHistory {
  private store: HistoryStore | null = null;
  private providers = new Map<string, ProviderMemoryEntry>();
  private names = new Map<string, RememberedName[]>();

  constructor(private readonly options: MonitorHistoryOptions) {}

  /** Which provider and region serve each app, for the next rounds. */
  get providerMemory(): Map<string, ProviderMemoryEntry> {
    return this.providers;
  }

  /** The CNAMEs each app's name went through, for the next rounds. */
  get nameMemory(): Map<string, RememberedName[]> {
    return this.names;
  }

  get isOpen(): boolean {
    return this.store !== null;
  }

  /**
   * Opens the file (throws MonitorError 'history-unavailable') and loads what it
   * remembers; returns the incident a previous run left open. Without a data
   * dir, or when already open, there is nothing to load: null.
   */
  open(historyDays: number): StoredIncident | null {
    const { dataDir, maxBytes } = this.options;
    if (dataDir === null || this.store) return null;
    try {
      const store = HistoryStore.open({ dataDir, historyDays, ...(maxBytes !== undefined ? { maxBytes } : {}) });
      this.store = store;
      this.providers = store.memory.providers();
      this.names = store.memory.names();
      return store.incidents.lastOpen();
    } catch (error) {
      throw new MonitorError('history-unavailable', `history in ${dataDir}: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }

  setHistoryDays(days: number): void {
    this.store?.setHistoryDays(days);
  }

  /** Runs one history access; null without a history or when it failed (reported as a problem). */
  write<T>(access: (store: HistoryStore) => T): T | null {
    if (!this.store) return null;
    try {
      return access(this.store);
    } catch (error) {
      this.options.problem({ kind: 'history-failed', message: (error as Error).message });
      return null;
    }
  }

  /** What the history keeps of a full round or confirming look: samples, and what it taught about providers. */
  recordLook(fresh: RoundEvidence, latest: Diagnosis, now: number): void {
    const samples = lookSamples(fresh, latest);
    const { memory, learned } = learnProviders(fresh, latest, this.providers);
    this.providers = memory;
    const names = learnNames(fresh, latest, this.names, now);
    this.names = names.memory;
    this.write((store) => {
      store.samples.record(now, samples, networkIdentity(fresh));
      store.memory.rememberProviders(learned, now);
      store.memory.rememberNames(names.learned);
    });
  }

  query(query: HistoryQuery): History {
    return this.store ? this.store.query(query) : { incidents: [], samples: [] };
  }

  /** The fleet export's spool and instance id in the history file; null without a data dir or before start. */
  exportSpool(): ExportSpoolStore | null {
    return this.write((store) => store.exportSpool());
  }
}
