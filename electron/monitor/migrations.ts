// The history database's schema, one numbered step at a time. The file's
// `user_version` pragma says which steps ran; each step runs in a transaction
// with the version bump, so a crash leaves the file at one version or the next.
import type { Database } from './sqlite';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'incidents, per-app samples, network identities, provider memory, maintenance marks',
    sql: `
      CREATE TABLE networks (
        id INTEGER PRIMARY KEY,
        gateway TEXT NOT NULL,
        ssid TEXT NOT NULL,
        UNIQUE (gateway, ssid)
      );
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        kind TEXT NOT NULL,
        scope TEXT NOT NULL,
        provider TEXT,
        region TEXT,
        apps TEXT NOT NULL,
        verdict TEXT NOT NULL,
        evidence TEXT NOT NULL,
        network_id INTEGER REFERENCES networks (id)
      );
      CREATE INDEX incidents_by_opened ON incidents (opened_at);
      CREATE INDEX incidents_open ON incidents (closed_at) WHERE closed_at IS NULL;
      CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        app_id TEXT NOT NULL,
        status TEXT NOT NULL,
        latency_ms REAL,
        layer TEXT,
        network_id INTEGER REFERENCES networks (id)
      );
      CREATE INDEX samples_by_at ON samples (at);
      CREATE INDEX samples_by_app ON samples (app_id, at);
      CREATE TABLE provider_memory (
        app_id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        region TEXT,
        cname_chain TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE marks (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'official status readings per incident',
    sql: `
      CREATE TABLE official_status (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        provider TEXT NOT NULL,
        source TEXT NOT NULL,
        available INTEGER NOT NULL,
        acknowledged INTEGER NOT NULL,
        title TEXT,
        url TEXT,
        updated_at TEXT,
        lead_minutes INTEGER
      );
      CREATE INDEX official_status_by_incident ON official_status (incident_id, at);
    `,
  },
  {
    version: 3,
    description: "the fleet export: remote-write snapshots not yet sent, and this install's pseudonymous instance id",
    sql: `
      CREATE TABLE export_spool (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        payload BLOB NOT NULL
      );
      CREATE TABLE export_identity (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'every CNAME seen per app, with when it was last seen',
    sql: `
      CREATE TABLE cname_memory (
        app_id TEXT NOT NULL,
        name TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (app_id, name)
      );
    `,
  },
  {
    version: 5,
    description:
      "what is usual on each network: targets' latencies per layer, and recurring facts (VPN, proxy, blocks)",
    sql: `
      CREATE TABLE baseline_figures (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks (id),
        target_id TEXT NOT NULL,
        layer TEXT NOT NULL,
        at INTEGER NOT NULL,
        value_ms REAL NOT NULL
      );
      CREATE INDEX baseline_figures_by_key ON baseline_figures (network_id, target_id, layer, at);
      CREATE TABLE baseline_traits (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks (id),
        trait TEXT NOT NULL,
        at INTEGER NOT NULL,
        present INTEGER NOT NULL
      );
      CREATE INDEX baseline_traits_by_key ON baseline_traits (network_id, trait, at);
      CREATE TABLE baseline_networks (
        network_id INTEGER PRIMARY KEY REFERENCES networks (id),
        looks INTEGER NOT NULL,
        since INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    description: 'names only the system resolver knows, per network: how many looks showed it, and when last',
    sql: `
      CREATE TABLE internal_names (
        network_id INTEGER NOT NULL REFERENCES networks (id),
        name TEXT NOT NULL,
        looks INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (network_id, name)
      );
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly kind: 'too-new' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs every step above the file's version; returns the versions before and after. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new MigrationError(
      'too-new',
      `the history database is at schema version ${from}, newer than this app knows (${latest})`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new MigrationError('failed', `history migration ${migration.version} failed: ${(error as Error).message}`);
    }
  }
  return { from, to: Math.max(from, latest) };
}
