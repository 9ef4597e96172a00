// The per-network baselines' share of the history file (migration 5): the
// last USUAL_SAMPLES_KEPT figures per network, target and layer, the last
// USUAL_SAMPLES_KEPT looks per network and trait, and how many looks each
// network has had. Older rows go as new ones come, and with the history's
// retention (history-store.ts maintain()).
import { USUAL_SAMPLES_KEPT, type NetworkBaseline } from '../contracts/baseline';
import { summarizeBaseline, type LookObservation } from './baseline';
import type { NetworkIdentity, NetworkIds } from './network-ids';
import type { Database } from './sqlite';

export class BaselineStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly networks: NetworkIds,
  ) {
    this.statements = {
      addFigure: db.prepare<[number, string, string, number, number]>(
        'INSERT INTO baseline_figures (network_id, target_id, layer, at, value_ms) VALUES (?, ?, ?, ?, ?)',
      ),
      trimFigures: db.prepare<[number, string, string, number, string, string]>(
        `DELETE FROM baseline_figures WHERE network_id = ? AND target_id = ? AND layer = ? AND id NOT IN (
           SELECT id FROM baseline_figures WHERE network_id = ? AND target_id = ? AND layer = ? ORDER BY at DESC, id DESC LIMIT ${USUAL_SAMPLES_KEPT}
         )`,
      ),
      addTrait: db.prepare<[number, string, number, number]>(
        'INSERT INTO baseline_traits (network_id, trait, at, present) VALUES (?, ?, ?, ?)',
      ),
      trimTraits: db.prepare<[number, string, number, string]>(
        `DELETE FROM baseline_traits WHERE network_id = ? AND trait = ? AND id NOT IN (
           SELECT id FROM baseline_traits WHERE network_id = ? AND trait = ? ORDER BY at DESC, id DESC LIMIT ${USUAL_SAMPLES_KEPT}
         )`,
      ),
      countLook: db.prepare<[number, number]>(
        `INSERT INTO baseline_networks (network_id, looks, since) VALUES (?, 1, ?)
         ON CONFLICT (network_id) DO UPDATE SET looks = looks + 1`,
      ),
      network: db.prepare<[number], { looks: number; since: number }>(
        'SELECT looks, since FROM baseline_networks WHERE network_id = ?',
      ),
      figures: db.prepare<[number], { target_id: string; layer: string; value_ms: number }>(
        'SELECT target_id, layer, value_ms FROM baseline_figures WHERE network_id = ? ORDER BY at, id',
      ),
      traits: db.prepare<[number], { trait: string; present: number }>(
        'SELECT trait, present FROM baseline_traits WHERE network_id = ? ORDER BY at, id',
      ),
      expireFigures: db.prepare<[number]>('DELETE FROM baseline_figures WHERE at < ?'),
      expireTraits: db.prepare<[number]>('DELETE FROM baseline_traits WHERE at < ?'),
      // A network with nothing left inside historyDays is forgotten too: its look count and first-seen time.
      expireNetworks: db.prepare<[]>(
        `DELETE FROM baseline_networks
         WHERE network_id NOT IN (SELECT network_id FROM baseline_figures)
           AND network_id NOT IN (SELECT network_id FROM baseline_traits)`,
      ),
    };
  }

  /** What one full look showed about its network's normal, kept in one transaction. */
  record(at: number, look: LookObservation, network: NetworkIdentity): void {
    const s = this.statements;
    const networkId = this.networks.idOf(network);
    this.db.transaction(() => {
      s.countLook.run(networkId, at);
      const keys = new Set<string>();
      for (const figure of look.figures) {
        s.addFigure.run(networkId, figure.targetId, figure.layer, at, figure.valueMs);
        keys.add(`${figure.targetId}\n${figure.layer}`);
      }
      for (const key of keys) {
        const [targetId = '', layer = ''] = key.split('\n');
        s.trimFigures.run(networkId, targetId, layer, networkId, targetId, layer);
      }
      for (const trait of look.traits) {
        s.addTrait.run(networkId, trait.trait, at, trait.present ? 1 : 0);
        s.trimTraits.run(networkId, trait.trait, networkId, trait.trait);
      }
    })();
  }

  /** The network's normal as the history knows it; null before its first look there. */
  of(network: NetworkIdentity): NetworkBaseline | null {
    const networkId = this.networks.idOf(network);
    const counted = this.statements.network.get(networkId);
    if (!counted) return null;
    return summarizeBaseline({
      label: network.ssid || network.gateway,
      looks: counted.looks,
      since: counted.since,
      figures: this.statements.figures
        .all(networkId)
        .map((row) => ({ targetId: row.target_id, layer: row.layer, valueMs: row.value_ms })),
      traits: this.statements.traits.all(networkId).map((row) => ({ trait: row.trait, present: row.present === 1 })),
    });
  }

  /** Rows older than the history keeps, and the networks they leave empty. */
  expire(before: number): void {
    this.statements.expireFigures.run(before);
    this.statements.expireTraits.run(before);
    this.statements.expireNetworks.run();
  }
}
