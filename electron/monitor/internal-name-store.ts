// The internal names' share of the history file (migration 6): per network,
// each name the system resolver alone answered, how many looks showed it and
// when last (internal-names.ts learns them). At most INTERNAL_NAMES_PER_NETWORK
// per network; the history's retention forgets the ones not seen since.
import { INTERNAL_NAMES_PER_NETWORK, type InternalNameMemory, type InternalNameRecord } from './internal-names';
import type { NetworkIdentity, NetworkIds } from './network-ids';
import type { Database } from './sqlite';

/** The key a network's names are kept under in memory. */
export function networkKey(network: NetworkIdentity): string {
  return `${network.gateway}\n${network.ssid}`;
}

export class InternalNameStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly networks: NetworkIds,
  ) {
    this.statements = {
      save: db.prepare<[number, string, number, number]>(
        `INSERT INTO internal_names (network_id, name, looks, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (network_id, name) DO UPDATE SET looks = excluded.looks, seen_at = excluded.seen_at`,
      ),
      forget: db.prepare<[number, string]>('DELETE FROM internal_names WHERE network_id = ? AND name = ?'),
      keepNewest: db.prepare<[number, number]>(
        `DELETE FROM internal_names WHERE network_id = ?1 AND name NOT IN (
           SELECT name FROM internal_names WHERE network_id = ?1 ORDER BY seen_at DESC, name LIMIT ?2)`,
      ),
      all: db.prepare<[], { gateway: string; ssid: string; name: string; looks: number; seen_at: number }>(
        `SELECT n.gateway, n.ssid, i.name, i.looks, i.seen_at FROM internal_names i
         JOIN networks n ON n.id = i.network_id ORDER BY i.seen_at, i.name`,
      ),
      expire: db.prepare<[number]>('DELETE FROM internal_names WHERE seen_at < ?'),
    };
  }

  /** What one look taught about a network's names, in one transaction. */
  update(network: NetworkIdentity, seen: readonly InternalNameRecord[], forgotten: readonly string[]): void {
    if (seen.length === 0 && forgotten.length === 0) return;
    const networkId = this.networks.idOf(network);
    this.db.transaction(() => {
      for (const name of forgotten) this.statements.forget.run(networkId, name);
      for (const record of seen) this.statements.save.run(networkId, record.name, record.looks, record.seenAt);
      this.statements.keepNewest.run(networkId, INTERNAL_NAMES_PER_NETWORK);
    })();
  }

  /** Every network's names, by networkKey(). */
  all(): Map<string, InternalNameMemory> {
    const memory = new Map<string, Map<string, InternalNameRecord>>();
    for (const row of this.statements.all.all()) {
      const key = networkKey(row);
      const names = memory.get(key) ?? new Map<string, InternalNameRecord>();
      names.set(row.name, { name: row.name, looks: row.looks, seenAt: row.seen_at });
      memory.set(key, names);
    }
    return memory;
  }

  /** Forgets the names last seen before `before`. */
  expire(before: number): void {
    this.statements.expire.run(before);
  }
}
