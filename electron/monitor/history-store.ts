// The monitor's memory on disk: incidents, per-app samples (downsampled with
// age), the network each sample was taken on, each app's last good CNAME
// chain and provider, and every CNAME seen for it (the last few, with when). SQLite in WAL mode: a process killed mid-write loses at
// most the transaction in progress, never a committed one, never the file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { History, HistoryQuery, Incident, LatencySample, OfficialStatus } from '../contracts/bridge';
import type { AppStatus, Verdict } from '../contracts/diagnosis';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import type { NetworkBaseline } from '../contracts/baseline';
import type { LookObservation } from './baseline';
import { BaselineStore } from './baseline-store';
import { ExportSpoolStore } from './export-spool-store';
import { migrate } from './migrations';
import { Database } from './sqlite';

export const HISTORY_FILE_NAME = 'history.sqlite';
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Samples younger than this are all kept; older ones are thinned to one per bucket per app. */
export const FULL_RESOLUTION_MS = 60 * 60 * 1000;
export const DOWNSAMPLE_BUCKET_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const QUERY_LIMIT = 50_000;
/** CNAMEs kept per app, the most recently seen. */
export const NAMES_PER_APP = 16;

export interface NetworkIdentity {
  /** The default gateway's address, '' when unknown. */
  gateway: string;
  /** The Wi-Fi network name, '' when unknown or wired. */
  ssid: string;
}

export interface AppSample {
  appId: string;
  status: AppStatus;
  latencyMs: number | null;
  layer: string | null;
}

export interface ProviderMemoryRecord extends ProviderMemoryEntry {
  appId: string;
}

export interface NameMemoryRecord extends RememberedName {
  appId: string;
}

export interface StoredIncident extends Incident {
  kind: string;
}

/** One official status reading as recorded with an incident. */
export interface StoredOfficialStatus extends OfficialStatus {
  /** When it was recorded, ISO. */
  at: string;
}

interface OfficialStatusRow {
  at: number;
  provider: string;
  source: string;
  available: number;
  acknowledged: number;
  title: string | null;
  url: string | null;
  updated_at: string | null;
  lead_minutes: number | null;
}

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

interface IncidentRow {
  id: number;
  opened_at: number;
  updated_at: number;
  closed_at: number | null;
  kind: string;
  verdict: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class HistoryStore {
  readonly path: string;
  private readonly db: Database;
  private historyDays: number;
  private readonly maxBytes: number;
  private readonly networkIds = new Map<string, number>();
  private readonly statements;
  private spool: ExportSpoolStore | null = null;
  private baselineStore: BaselineStore | null = null;

  private constructor(path: string, db: Database, options: HistoryStoreOptions) {
    this.path = path;
    this.db = db;
    this.historyDays = options.historyDays;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.statements = {
      findNetwork: db.prepare<[string, string], { id: number }>(
        'SELECT id FROM networks WHERE gateway = ? AND ssid = ?',
      ),
      insertNetwork: db.prepare<[string, string]>('INSERT INTO networks (gateway, ssid) VALUES (?, ?)'),
      openIncident: db.prepare(
        `INSERT INTO incidents (opened_at, updated_at, kind, scope, provider, region, apps, verdict, evidence, network_id)
         VALUES (@openedAt, @openedAt, @kind, @scope, @provider, @region, @apps, @verdict, @evidence, @networkId)`,
      ),
      updateIncident: db.prepare(
        `UPDATE incidents SET updated_at = @updatedAt, kind = @kind, scope = @scope, provider = @provider, region = @region,
         apps = @apps, verdict = @verdict, evidence = COALESCE(@evidence, evidence) WHERE id = @id`,
      ),
      touchIncident: db.prepare<[number, number]>('UPDATE incidents SET updated_at = ? WHERE id = ?'),
      closeIncident: db.prepare<[number, number, number]>(
        'UPDATE incidents SET closed_at = ?, updated_at = MAX(updated_at, ?) WHERE id = ?',
      ),
      lastOpenIncident: db.prepare<[], IncidentRow>(
        'SELECT id, opened_at, updated_at, closed_at, kind, verdict FROM incidents WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1',
      ),
      incidentsSince: db.prepare<[number, number, number], IncidentRow>(
        `SELECT id, opened_at, updated_at, closed_at, kind, verdict FROM incidents
         WHERE closed_at IS NULL OR closed_at >= ? OR opened_at >= ? ORDER BY opened_at DESC LIMIT ?`,
      ),
      insertSample: db.prepare(
        'INSERT INTO samples (at, app_id, status, latency_ms, layer, network_id) VALUES (@at, @appId, @status, @latencyMs, @layer, @networkId)',
      ),
      samplesSince: db.prepare<
        [number, number],
        { at: number; app_id: string; status: LatencySample['status']; latency_ms: number | null }
      >('SELECT at, app_id, status, latency_ms FROM samples WHERE at >= ? ORDER BY at LIMIT ?'),
      rememberProvider: db.prepare(
        `INSERT INTO provider_memory (app_id, provider, region, cname_chain, updated_at) VALUES (@appId, @provider, @region, @cnameChain, @at)
         ON CONFLICT (app_id) DO UPDATE SET provider = excluded.provider, region = excluded.region,
         cname_chain = excluded.cname_chain, updated_at = excluded.updated_at`,
      ),
      providerMemory: db.prepare<[], { app_id: string; provider: string; region: string | null; cname_chain: string }>(
        'SELECT app_id, provider, region, cname_chain FROM provider_memory',
      ),
      rememberName: db.prepare(
        `INSERT INTO cname_memory (app_id, name, seen_at) VALUES (@appId, @name, @seenAt)
         ON CONFLICT (app_id, name) DO UPDATE SET seen_at = MAX(seen_at, excluded.seen_at)`,
      ),
      keepNewestNames: db.prepare<[string, string, number]>(
        `DELETE FROM cname_memory WHERE app_id = ? AND name NOT IN (
           SELECT name FROM cname_memory WHERE app_id = ? ORDER BY seen_at DESC, name LIMIT ?)`,
      ),
      nameMemory: db.prepare<[], { app_id: string; name: string; seen_at: number }>(
        'SELECT app_id, name, seen_at FROM cname_memory ORDER BY app_id, seen_at, name',
      ),
      insertOfficialStatus: db.prepare(
        `INSERT INTO official_status (incident_id, at, provider, source, available, acknowledged, title, url, updated_at, lead_minutes)
         VALUES (@incidentId, @at, @provider, @source, @available, @acknowledged, @title, @url, @updatedAt, @leadMinutes)`,
      ),
      officialStatusOf: db.prepare<[number], OfficialStatusRow>(
        `SELECT at, provider, source, available, acknowledged, title, url, updated_at, lead_minutes
         FROM official_status WHERE incident_id = ? ORDER BY at, id`,
      ),
      readMark: db.prepare<[string], { value: number }>('SELECT value FROM marks WHERE name = ?'),
      writeMark: db.prepare<[string, number]>(
        'INSERT INTO marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
    };
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

  private networkId(network: NetworkIdentity): number {
    const key = `${network.gateway}\n${network.ssid}`;
    const cached = this.networkIds.get(key);
    if (cached !== undefined) return cached;
    const found = this.statements.findNetwork.get(network.gateway, network.ssid);
    const id = found
      ? found.id
      : Number(this.statements.insertNetwork.run(network.gateway, network.ssid).lastInsertRowid);
    this.networkIds.set(key, id);
    return id;
  }

  openIncident(verdict: Verdict, evidence: unknown, network: NetworkIdentity, openedAt: number): number {
    return this.db.transaction(() => {
      const result = this.statements.openIncident.run({
        openedAt,
        ...verdictColumns(verdict),
        evidence: JSON.stringify(evidence),
        networkId: this.networkId(network),
      });
      return Number(result.lastInsertRowid);
    })();
  }

  /** New details for an open incident (apps joined, wording); evidence null keeps the stored one. */
  updateIncident(id: number, verdict: Verdict, evidence: unknown | null, updatedAt: number): void {
    this.statements.updateIncident.run({
      id,
      updatedAt,
      ...verdictColumns(verdict),
      evidence: evidence === null ? null : JSON.stringify(evidence),
    });
  }

  touchIncident(id: number, updatedAt: number): void {
    this.statements.touchIncident.run(updatedAt, id);
  }

  closeIncident(id: number, closedAt: number): void {
    this.statements.closeIncident.run(closedAt, closedAt, id);
  }

  /** An incident a previous run left open (it stopped or was killed mid-incident). */
  lastOpenIncident(): StoredIncident | null {
    const row = this.statements.lastOpenIncident.get();
    return row ? incidentFromRow(row) : null;
  }

  recordSamples(at: number, samples: AppSample[], network: NetworkIdentity): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      const networkId = this.networkId(network);
      for (const sample of samples) this.statements.insertSample.run({ at, networkId, ...sample });
    })();
  }

  rememberProviders(records: ProviderMemoryRecord[], at: number): void {
    if (records.length === 0) return;
    this.db.transaction(() => {
      for (const record of records) {
        this.statements.rememberProvider.run({
          appId: record.appId,
          provider: record.provider,
          region: record.region,
          cnameChain: JSON.stringify(record.cnameChain),
          at,
        });
      }
    })();
  }

  /** CNAMEs seen for apps; each app keeps its NAMES_PER_APP most recently seen. */
  rememberNames(records: NameMemoryRecord[]): void {
    if (records.length === 0) return;
    this.db.transaction(() => {
      for (const record of records) this.statements.rememberName.run(record);
      for (const appId of new Set(records.map((r) => r.appId))) {
        this.statements.keepNewestNames.run(appId, appId, NAMES_PER_APP);
      }
    })();
  }

  /** Every app's remembered CNAMEs, oldest first. */
  nameMemory(): Map<string, RememberedName[]> {
    const memory = new Map<string, RememberedName[]>();
    for (const row of this.statements.nameMemory.all()) {
      memory.set(row.app_id, [...(memory.get(row.app_id) ?? []), { name: row.name, seenAt: row.seen_at }]);
    }
    return memory;
  }

  /** What the official feeds said, at `at`, about an incident (every feed of one reading). */
  recordOfficialStatus(incidentId: number, at: number, statuses: OfficialStatus[]): void {
    if (statuses.length === 0) return;
    this.db.transaction(() => {
      for (const status of statuses) {
        this.statements.insertOfficialStatus.run({
          incidentId,
          at,
          provider: status.provider,
          source: status.source,
          available: status.available === false ? 0 : 1,
          acknowledged: status.acknowledged ? 1 : 0,
          title: status.title,
          url: status.url,
          updatedAt: status.updatedAt,
          leadMinutes: status.leadMinutes,
        });
      }
    })();
  }

  /** Every official status reading recorded with an incident, oldest first. */
  officialStatusOf(incidentId: number): StoredOfficialStatus[] {
    return this.statements.officialStatusOf.all(incidentId).map((row) => ({
      at: iso(row.at),
      provider: row.provider,
      source: row.source,
      available: row.available === 1,
      acknowledged: row.acknowledged === 1,
      title: row.title,
      url: row.url,
      updatedAt: row.updated_at,
      leadMinutes: row.lead_minutes,
    }));
  }

  providerMemory(): Map<string, ProviderMemoryEntry> {
    const memory = new Map<string, ProviderMemoryEntry>();
    for (const row of this.statements.providerMemory.all()) {
      memory.set(row.app_id, {
        provider: row.provider,
        region: row.region,
        cnameChain: JSON.parse(row.cname_chain) as string[],
      });
    }
    return memory;
  }

  query(query: HistoryQuery): History {
    const since = Date.parse(query.since);
    const from = Number.isFinite(since) ? since : 0;
    const wanted = query.appIds ? new Set(query.appIds) : null;
    const incidents = this.statements.incidentsSince
      .all(from, from, QUERY_LIMIT)
      .map(incidentFromRow)
      .map(({ kind: _kind, ...incident }) => incident);
    const samples: LatencySample[] = [];
    for (const row of this.statements.samplesSince.all(from, QUERY_LIMIT)) {
      if (wanted && !wanted.has(row.app_id)) continue;
      samples.push({ at: iso(row.at), appId: row.app_id, status: row.status, latencyMs: row.latency_ms });
    }
    return { incidents, samples };
  }

  /** Retention, downsampling and the size cap; cheap enough to run every few minutes. */
  maintain(now: number): MaintenanceReport {
    const report: MaintenanceReport = { expiredSamples: 0, expiredIncidents: 0, thinnedSamples: 0, cappedSamples: 0 };
    const expiry = now - this.historyDays * DAY_MS;
    this.db.transaction(() => {
      report.expiredSamples = this.db.prepare('DELETE FROM samples WHERE at < ?').run(expiry).changes;
      report.expiredIncidents = this.db
        .prepare('DELETE FROM incidents WHERE closed_at IS NOT NULL AND closed_at < ?')
        .run(expiry).changes;
      this.db.prepare('DELETE FROM cname_memory WHERE seen_at < ?').run(expiry);
      this.baselines().expire(expiry);
      report.thinnedSamples = this.thinSamples(now);
    })();
    report.cappedSamples = this.enforceSizeCap();
    return report;
  }

  /** Keeps one sample per app per bucket once samples are past full resolution: the worst status, then the latest. */
  private thinSamples(now: number): number {
    const until = Math.floor((now - FULL_RESOLUTION_MS) / DOWNSAMPLE_BUCKET_MS) * DOWNSAMPLE_BUCKET_MS;
    const from = this.statements.readMark.get('thinned-until')?.value ?? 0;
    if (until <= from) return 0;
    const deleted = this.db
      .prepare(
        `DELETE FROM samples WHERE id IN (
           SELECT id FROM (
             SELECT id, ROW_NUMBER() OVER (
               PARTITION BY app_id, at / ${DOWNSAMPLE_BUCKET_MS}
               ORDER BY CASE status WHEN 'down' THEN 0 WHEN 'degraded' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END, at DESC, id DESC
             ) AS rank
             FROM samples WHERE at >= ? AND at < ?
           ) WHERE rank > 1
         )`,
      )
      .run(from, until).changes;
    this.statements.writeMark.run('thinned-until', until);
    return deleted;
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
      const count = (this.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n;
      if (count === 0) break;
      // A tenth of the samples at a time, oldest first: few passes, no long lock.
      const batch = Math.max(1, Math.ceil(count / 10));
      deleted += this.db
        .prepare('DELETE FROM samples WHERE id IN (SELECT id FROM samples ORDER BY at LIMIT ?)')
        .run(batch).changes;
    }
    if (deleted > 0) this.db.pragma('incremental_vacuum');
    return deleted;
  }

  /** The fleet export's spool and instance id, kept in this same file. */
  private baselines(): BaselineStore {
    return (this.baselineStore ??= new BaselineStore(this.db));
  }

  /** What one full look showed about its network's normal. */
  recordBaseline(at: number, look: LookObservation, network: NetworkIdentity): void {
    this.baselines().record(this.networkId(network), at, look);
  }

  /** The network's normal as the history knows it; null before its first look there. */
  baselineOf(network: NetworkIdentity): NetworkBaseline | null {
    return this.baselines().load(this.networkId(network), network.ssid || network.gateway);
  }

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

function verdictColumns(verdict: Verdict) {
  return {
    kind: verdict.kind,
    scope: verdict.scope,
    provider: verdict.provider,
    region: verdict.region,
    apps: JSON.stringify(verdict.apps),
    verdict: JSON.stringify(verdict),
  };
}

function incidentFromRow(row: IncidentRow): StoredIncident {
  return {
    id: row.id,
    openedAt: iso(row.opened_at),
    updatedAt: iso(row.updated_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    verdict: JSON.parse(row.verdict) as Verdict,
    kind: row.kind,
  };
}
