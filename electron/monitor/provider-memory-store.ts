// Provider memory's share of the history file: each app's last good CNAME
// chain and the provider and region it showed, and every CNAME seen for the
// app (the NAMES_PER_APP most recent, with when), handed back to later rounds
// so an app whose DNS fails is still placed (provider-learning.ts learns them).
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import type { Database } from './sqlite';

/** CNAMEs kept per app, the most recently seen. */
export const NAMES_PER_APP = 16;

export interface ProviderMemoryRecord extends ProviderMemoryEntry {
  appId: string;
}

export interface NameMemoryRecord extends RememberedName {
  appId: string;
}

export class ProviderMemoryStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      rememberProvider: db.prepare(
        `INSERT INTO provider_memory (app_id, provider, region, cname_chain, updated_at) VALUES (@appId, @provider, @region, @cnameChain, @at)
         ON CONFLICT (app_id) DO UPDATE SET provider = excluded.provider, region = excluded.region,
         cname_chain = excluded.cname_chain, updated_at = excluded.updated_at`,
      ),
      providers: db.prepare<[], { app_id: string; provider: string; region: string | null; cname_chain: string }>(
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
      names: db.prepare<[], { app_id: string; name: string; seen_at: number }>(
        'SELECT app_id, name, seen_at FROM cname_memory ORDER BY app_id, seen_at, name',
      ),
      expireNames: db.prepare<[number]>('DELETE FROM cname_memory WHERE seen_at < ?'),
    };
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

  /** Every app's provider, region and last good CNAME chain. */
  providers(): Map<string, ProviderMemoryEntry> {
    const memory = new Map<string, ProviderMemoryEntry>();
    for (const row of this.statements.providers.all()) {
      memory.set(row.app_id, {
        provider: row.provider,
        region: row.region,
        cnameChain: JSON.parse(row.cname_chain) as string[],
      });
    }
    return memory;
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
  names(): Map<string, RememberedName[]> {
    const memory = new Map<string, RememberedName[]>();
    for (const row of this.statements.names.all()) {
      memory.set(row.app_id, [...(memory.get(row.app_id) ?? []), { name: row.name, seenAt: row.seen_at }]);
    }
    return memory;
  }

  /** Forgets the CNAMEs last seen before `before`. */
  expireNames(before: number): void {
    this.statements.expireNames.run(before);
  }
}
