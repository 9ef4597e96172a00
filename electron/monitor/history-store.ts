// The monitor's memory on disk, one SQLite file in WAL mode: a process killed
// mid-write loses at most the transaction in progress, never a committed one,
// never the file. This opens (and migrates, migrations.ts) the file, answers
// the window's history, and runs retention and the size cap; each share of
// the file is its own store:
//   incident-store.ts        incidents and the official status readings recorded with them
//   sample-store.ts          per-app samples, thinned with age
//   provider-memory-store.ts each app's provider and CNAME chain, and the CNAMEs seen
//   baseline-store.ts        what is usual on each network
//   internal-name-store.ts   the names only each network's own resolver knows
//   export-spool-store.ts    the fleet export's spool and instance id
//   network-ids.ts           the networks the others point at
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { History, HistoryQuery } from '../contracts/bridge';
import { BaselineStore } from './baseline-store';
import { ExportSpoolStore } from './export-spool-store';
import { IncidentStore } from './incident-store';
import { InternalNameStore } from './internal-name-store';
import { migrate } from './migrations';
import { NetworkIds } from './network-ids';
import { ProviderMemoryStore } from './provider-memory-store';
import { SampleStore } from './sample-store';
import { Database } from './sqlite';

export const HISTORY_FILE_NAME = 'history.sqlite';
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const QUERY_LIMIT = 50_000;

export interface HistoryStoreOptions {
  dataDir: string;
  /** Days kept (config.historyDays). */
  historyDays: number;
  /** Size cap on the live data; the oldest samples go first. */
  maxBytes?: number;
  fileName?: string;
}

export interface MaintenanceReport {
  expiredSamples: number;
  expiredIncidents: number;
  thinnedSamples: number;
  cappedSamples: number;
}

export class HistoryStore {
  readonly path: string;
  readonly incidents: IncidentStore;
  readonly samples: SampleStore;
  readonly memory: ProviderMemoryStore;
  readonly baselines: BaselineStore;
  readonly internalNames: InternalNameStore;
  private readonly db: Database;
  private historyDays: number;
  private readonly maxBytes: number;
  private spool: ExportSpoolStore | null = null;

  private constructor(path: string, db: Database, options: HistoryStoreOptions) {
    this.path = path;
    this.db = db;
    this.historyDays = options.historyDays;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const networks = new NetworkIds(db);
    this.incidents = new IncidentStore(db, networks);
    this.samples = new SampleStore(db, networks);
    this.memory = new ProviderMemoryStore(db);
    this.baselines = new BaselineStore(db, networks);
    this.internalNames = new InternalNameStore(db, networks);
  }

  /** Opens (creating and migrating as needed) the history file in dataDir. */
  static open(options: HistoryStoreOptions): HistoryStore {
    mkdirSync(options.dataDir, { recursive: true });
    const path = join(options.dataDir, options.fileName ?? HISTORY_FILE_NAME);
    const db = new Database(path);
    try {
      db.pragma('busy_timeout = 5000');
      // Only possible before the first table exists; lets the size cap give space back.
      if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL survives a killed process (the OS holds the WAL); only a power cut may lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new HistoryStore(path, db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  setHistoryDays(days: number): void {
    this.historyDays = days;
  }

  /** The oldest time the history keeps at `now`. */
  keptSince(now: number): number {
    return now - this.historyDays * DAY_MS;
  }

  /** The window's history: the incidents and samples since the query's time. */
  query(query: HistoryQuery): History {
    const since = Date.parse(query.since);
    const from = Number.isFinite(since) ? since : 0;
    return {
      incidents: this.incidents.since(from, QUERY_LIMIT),
      samples: this.samples.since(from, QUERY_LIMIT, query.appIds),
    };
  }

  /** Retention, downsampling and the size cap; cheap enough to run every few minutes. */
  maintain(now: number): MaintenanceReport {
    const report: MaintenanceReport = { expiredSamples: 0, expiredIncidents: 0, thinnedSamples: 0, cappedSamples: 0 };
    const expiry = this.keptSince(now);
    this.db.transaction(() => {
      report.expiredSamples = this.samples.expire(expiry);
      report.expiredIncidents = this.incidents.expire(expiry);
      this.memory.expireNames(expiry);
      this.baselines.expire(expiry);
      this.internalNames.expire(expiry);
      report.thinnedSamples = this.samples.thin(now);
    })();
    report.cappedSamples = this.enforceSizeCap();
    return report;
  }

  usedBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  private enforceSizeCap(): number {
    let deleted = 0;
    while (this.usedBytes() > this.maxBytes) {
      const count = this.samples.count();
      if (count === 0) break;
      // A tenth of the samples at a time, oldest first: few passes, no long lock.
      deleted += this.samples.deleteOldest(Math.max(1, Math.ceil(count / 10)));
    }
    if (deleted > 0) this.db.pragma('incremental_vacuum');
    return deleted;
  }

  /** The fleet export's spool and instance id, kept in this same file. */
  exportSpool(): ExportSpoolStore {
    return (this.spool ??= new ExportSpoolStore(this.db));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }
}
