// The networks the history file knows, one row per gateway and Wi-Fi name:
// samples, incidents and baselines each point at the network they were seen
// on by its row id.
import type { Database } from './sqlite';

export interface NetworkIdentity {
  /** The default gateway's address, '' when unknown. */
  gateway: string;
  /** The Wi-Fi network name, '' when unknown or wired. */
  ssid: string;
}

export class NetworkIds {
  private readonly known = new Map<string, number>();
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      find: db.prepare<[string, string], { id: number }>('SELECT id FROM networks WHERE gateway = ? AND ssid = ?'),
      insert: db.prepare<[string, string]>('INSERT INTO networks (gateway, ssid) VALUES (?, ?)'),
    };
  }

  /** The network's row id, added the first time it is seen. */
  idOf(network: NetworkIdentity): number {
    const key = `${network.gateway}\n${network.ssid}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const found = this.statements.find.get(network.gateway, network.ssid);
    const id = found ? found.id : Number(this.statements.insert.run(network.gateway, network.ssid).lastInsertRowid);
    this.known.set(key, id);
    return id;
  }
}
