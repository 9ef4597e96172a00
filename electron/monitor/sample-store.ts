// The per-app samples' share of the history file: every app's status and
// latency at each look, with the network it was seen on. Young samples are all
// kept; older ones are thinned to one per app per bucket, the worst status
// first, so the history shows what went wrong.
import type { LatencySample } from '../contracts/bridge';
import type { AppStatus } from '../contracts/diagnosis';
import type { NetworkIdentity, NetworkIds } from './network-ids';
import type { Database } from './sqlite';

/** Samples younger than this are all kept; older ones are thinned to one per bucket per app. */
export const FULL_RESOLUTION_MS = 60 * 60 * 1000;
export const DOWNSAMPLE_BUCKET_MS = 5 * 60 * 1000;

export interface AppSample {
  appId: string;
  status: AppStatus;
  latencyMs: number | null;
  layer: string | null;
}

export class SampleStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly networks: NetworkIds,
  ) {
    this.statements = {
      insert: db.prepare(
        'INSERT INTO samples (at, app_id, status, latency_ms, layer, network_id) VALUES (@at, @appId, @status, @latencyMs, @layer, @networkId)',
      ),
      since: db.prepare<
        [number, number],
        { at: number; app_id: string; status: LatencySample['status']; latency_ms: number | null }
      >('SELECT at, app_id, status, latency_ms FROM samples WHERE at >= ? ORDER BY at LIMIT ?'),
      expire: db.prepare<[number]>('DELETE FROM samples WHERE at < ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM samples'),
      deleteOldest: db.prepare<[number]>(
        'DELETE FROM samples WHERE id IN (SELECT id FROM samples ORDER BY at LIMIT ?)',
      ),
      readMark: db.prepare<[string], { value: number }>('SELECT value FROM marks WHERE name = ?'),
      writeMark: db.prepare<[string, number]>(
        'INSERT INTO marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  record(at: number, samples: AppSample[], network: NetworkIdentity): void {
    if (samples.length === 0) return;
    this.db.transaction(() => {
      const networkId = this.networks.idOf(network);
      for (const sample of samples) this.statements.insert.run({ at, networkId, ...sample });
    })();
  }

  /** Samples from `from` (epoch ms) on, oldest first, at most `limit`; only these apps when given. */
  since(from: number, limit: number, appIds?: string[]): LatencySample[] {
    const wanted = appIds ? new Set(appIds) : null;
    const samples: LatencySample[] = [];
    for (const row of this.statements.since.all(from, limit)) {
      if (wanted && !wanted.has(row.app_id)) continue;
      samples.push({
        at: new Date(row.at).toISOString(),
        appId: row.app_id,
        status: row.status,
        latencyMs: row.latency_ms,
      });
    }
    return samples;
  }

  /** Removes the samples older than `before`; how many went. */
  expire(before: number): number {
    return this.statements.expire.run(before).changes;
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /** Removes the `count` oldest samples; how many went. */
  deleteOldest(count: number): number {
    return this.statements.deleteOldest.run(count).changes;
  }

  /** Keeps one sample per app per bucket once samples are past full resolution: the worst status, then the latest. */
  thin(now: number): number {
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
}
