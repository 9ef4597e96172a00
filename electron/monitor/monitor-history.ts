// The history file as the Monitor uses it: opened at start (a file that cannot
// be used stops the start), every write guarded (a failed one is a `problem`,
// never a crash), and what the looks taught about providers, kept in memory
// for the next rounds and written to the file.
import type { History, HistoryQuery } from '../contracts/bridge';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { internalNameSightings } from '../diagnose/round-view';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import type { ExportSpoolStore } from './export-spool-store';
import { HistoryStore } from './history-store';
import { networkKey } from './internal-name-store';
import { internalNamesIn, learnInternalNames, type InternalNameMemory } from './internal-names';
import type { StoredIncident } from './incident-store';
import { lookSamples, networkIdentity } from './looks';
import type { NetworkIdentity } from './network-ids';
import { MonitorError, type MonitorProblem } from './monitor-api';
import { learnNames, learnProviders } from './provider-learning';

const DAY_MS = 24 * 60 * 60 * 1000;

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
  /** Each network's internal names, by networkKey(). */
  private internal = new Map<string, InternalNameMemory>();
  private historyDays = Infinity;

  constructor(private readonly options: MonitorHistoryOptions) {}

  /** Which provider and region serve each app, for the next rounds. */
  get providerMemory(): Map<string, ProviderMemoryEntry> {
    return this.providers;
  }

  /** The CNAMEs each app's name went through, for the next rounds. */
  get nameMemory(): Map<string, RememberedName[]> {
    return this.names;
  }

  /** The names rounds on this network judge by the system resolver alone (internal-names.ts). */
  internalNames(network: NetworkIdentity, now: number): Set<string> {
    const notBefore = this.store?.keptSince(now) ?? now - this.historyDays * DAY_MS;
    return internalNamesIn(this.internal.get(networkKey(network)), notBefore);
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
    this.historyDays = historyDays;
    if (dataDir === null || this.store) return null;
    try {
      const store = HistoryStore.open({ dataDir, historyDays, ...(maxBytes !== undefined ? { maxBytes } : {}) });
      this.store = store;
      this.providers = store.memory.providers();
      this.names = store.memory.names();
      this.internal = store.internalNames.all();
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
    this.historyDays = days;
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
    const network = networkIdentity(fresh);
    const key = networkKey(network);
    const internal = learnInternalNames(this.internal.get(key) ?? new Map(), internalNameSightings(fresh), now);
    this.internal.set(key, internal.memory);
    this.write((store) => {
      store.samples.record(now, samples, network);
      store.memory.rememberProviders(learned, now);
      store.memory.rememberNames(names.learned);
      store.internalNames.update(network, internal.seen, internal.forgotten);
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
