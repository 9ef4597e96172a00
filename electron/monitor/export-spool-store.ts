// The fleet export's share of the history file: remote-write snapshots taken
// but not yet delivered (kept across restarts and network cuts, oldest
// first), and the random id that tells this install apart in a fleet. Only
// bytes and counts here; what the bytes are is the export's business
// (electron/export/spool.ts).
import { randomBytes } from 'node:crypto';
import type { Database } from './sqlite';
import type { SpooledSnapshot, SpoolTotals } from '../contracts/export-spool';

export class ExportSpoolStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      append: db.prepare<[number, number, Uint8Array]>(
        'INSERT INTO export_spool (at, samples, payload) VALUES (?, ?, ?)',
      ),
      oldest: db.prepare<[number], { id: number; at: number; samples: number; payload: Uint8Array }>(
        'SELECT id, at, samples, payload FROM export_spool ORDER BY id LIMIT ?',
      ),
      removeThrough: db.prepare<[number]>('DELETE FROM export_spool WHERE id <= ?'),
      totals: db.prepare<[], { rows: number; samples: number | null; bytes: number | null }>(
        'SELECT COUNT(*) AS rows, SUM(samples) AS samples, SUM(LENGTH(payload)) AS bytes FROM export_spool',
      ),
      dropOldest: db.prepare<[number], { samples: number }>(
        'DELETE FROM export_spool WHERE id IN (SELECT id FROM export_spool ORDER BY id LIMIT ?) RETURNING samples',
      ),
      identity: db.prepare<[string], { value: string }>('SELECT value FROM export_identity WHERE name = ?'),
      setIdentity: db.prepare<[string, string]>('INSERT OR IGNORE INTO export_identity (name, value) VALUES (?, ?)'),
    };
  }

  append(at: number, samples: number, payload: Uint8Array): void {
    this.statements.append.run(at, samples, payload);
  }

  /** The oldest `limit` snapshots, oldest first. */
  oldest(limit: number): SpooledSnapshot[] {
    return this.statements.oldest.all(limit).map((row) => ({ ...row, payload: new Uint8Array(row.payload) }));
  }

  /** Delivered: every snapshot up to this id goes. */
  removeThrough(id: number): void {
    this.statements.removeThrough.run(id);
  }

  /** Drops the oldest `count` snapshots; returns how many samples they held. */
  dropOldest(count: number): number {
    return this.statements.dropOldest.all(count).reduce((sum, row) => sum + row.samples, 0);
  }

  totals(): SpoolTotals {
    const row = this.statements.totals.get();
    return { rows: row?.rows ?? 0, samples: row?.samples ?? 0, bytes: row?.bytes ?? 0 };
  }

  /** This install's instance id: made once at random, then kept. */
  instanceId(): string {
    // 64 random bits: no two machines of a fleet meet, and nothing about this one shows.
    this.statements.setIdentity.run('instance', randomBytes(8).toString('hex'));
    return this.statements.identity.get('instance')?.value ?? '';
  }
}
