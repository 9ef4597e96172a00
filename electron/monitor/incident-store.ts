// The incidents' share of the history file: one row per incident (the
// verdict, where and when), and the official status readings recorded with
// it, which go when retention removes their incident. The incident book
// (incident-book.ts) decides when to write; this only writes and reads.
import type { Incident, OfficialStatus } from '../contracts/bridge';
import type { Verdict } from '../contracts/diagnosis';
import type { NetworkIdentity, NetworkIds } from './network-ids';
import type { Database } from './sqlite';

export interface StoredIncident extends Incident {
  kind: string;
}

/** One official status reading as recorded with an incident. */
export interface StoredOfficialStatus extends OfficialStatus {
  /** When it was recorded, ISO. */
  at: string;
}

interface IncidentRow {
  id: number;
  opened_at: number;
  updated_at: number;
  closed_at: number | null;
  kind: string;
  verdict: string;
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

const iso = (ms: number) => new Date(ms).toISOString();

export class IncidentStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly networks: NetworkIds,
  ) {
    this.statements = {
      open: db.prepare(
        `INSERT INTO incidents (opened_at, updated_at, kind, scope, provider, region, apps, verdict, evidence, network_id)
         VALUES (@openedAt, @openedAt, @kind, @scope, @provider, @region, @apps, @verdict, @evidence, @networkId)`,
      ),
      update: db.prepare(
        `UPDATE incidents SET updated_at = @updatedAt, kind = @kind, scope = @scope, provider = @provider, region = @region,
         apps = @apps, verdict = @verdict, evidence = COALESCE(@evidence, evidence) WHERE id = @id`,
      ),
      touch: db.prepare<[number, number]>('UPDATE incidents SET updated_at = ? WHERE id = ?'),
      close: db.prepare<[number, number, number]>(
        'UPDATE incidents SET closed_at = ?, updated_at = MAX(updated_at, ?) WHERE id = ?',
      ),
      lastOpen: db.prepare<[], IncidentRow>(
        'SELECT id, opened_at, updated_at, closed_at, kind, verdict FROM incidents WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1',
      ),
      since: db.prepare<[number, number, number], IncidentRow>(
        `SELECT id, opened_at, updated_at, closed_at, kind, verdict FROM incidents
         WHERE closed_at IS NULL OR closed_at >= ? OR opened_at >= ? ORDER BY opened_at DESC LIMIT ?`,
      ),
      expire: db.prepare<[number]>('DELETE FROM incidents WHERE closed_at IS NOT NULL AND closed_at < ?'),
      insertOfficialStatus: db.prepare(
        `INSERT INTO official_status (incident_id, at, provider, source, available, acknowledged, title, url, updated_at, lead_minutes)
         VALUES (@incidentId, @at, @provider, @source, @available, @acknowledged, @title, @url, @updatedAt, @leadMinutes)`,
      ),
      officialStatusOf: db.prepare<[number], OfficialStatusRow>(
        `SELECT at, provider, source, available, acknowledged, title, url, updated_at, lead_minutes
         FROM official_status WHERE incident_id = ? ORDER BY at, id`,
      ),
    };
  }

  open(verdict: Verdict, evidence: unknown, network: NetworkIdentity, openedAt: number): number {
    return this.db.transaction(() => {
      const result = this.statements.open.run({
        openedAt,
        ...verdictColumns(verdict),
        evidence: JSON.stringify(evidence),
        networkId: this.networks.idOf(network),
      });
      return Number(result.lastInsertRowid);
    })();
  }

  /** New details for an open incident (apps joined, wording); evidence null keeps the stored one. */
  update(id: number, verdict: Verdict, evidence: unknown | null, updatedAt: number): void {
    this.statements.update.run({
      id,
      updatedAt,
      ...verdictColumns(verdict),
      evidence: evidence === null ? null : JSON.stringify(evidence),
    });
  }

  touch(id: number, updatedAt: number): void {
    this.statements.touch.run(updatedAt, id);
  }

  close(id: number, closedAt: number): void {
    this.statements.close.run(closedAt, closedAt, id);
  }

  /** An incident a previous run left open (it stopped or was killed mid-incident). */
  lastOpen(): StoredIncident | null {
    const row = this.statements.lastOpen.get();
    return row ? incidentFromRow(row) : null;
  }

  /** The incidents open at `from` (epoch ms) or later, newest first, at most `limit`. */
  since(from: number, limit: number): Incident[] {
    return this.statements.since
      .all(from, from, limit)
      .map(incidentFromRow)
      .map(({ kind: _kind, ...incident }) => incident);
  }

  /** Removes the incidents closed before `before` (their readings go with them); how many went. */
  expire(before: number): number {
    return this.statements.expire.run(before).changes;
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
