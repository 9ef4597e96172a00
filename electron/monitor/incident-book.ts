// The incident book: one incident per confirmed situation that is not ok,
// opened when the verdict is confirmed, updated while the same situation gains
// details, touched while full rounds keep seeing it, closed when another
// verdict is confirmed. An incident a previous run left open is continued if
// the first confirmed verdict is the same situation, else closed as it was
// last seen. It owns what goes into the history for incidents; the caller
// decides when (thresholds.ts) and reports failed writes.
import type { OfficialStatus } from '../contracts/bridge';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { HistoryStore } from './history-store';
import type { StoredIncident } from './incident-store';
import type { NetworkIdentity } from './network-ids';
import { verdictSignature } from './thresholds';

/** Runs one history write; null when there is no history or the write failed (the caller has reported it). */
export type HistoryWrite = <T>(write: (store: HistoryStore) => T) => T | null;

export interface Confirmation {
  /** The verdict just confirmed. */
  verdict: Verdict;
  /** When the looks that confirmed it began, epoch ms: the new incident's opening. */
  since: number;
  /** The look that confirmed it. */
  diagnosis: Diagnosis;
  network: NetworkIdentity;
  now: number;
}

export interface ConfirmationOutcome {
  /** The incident open from now on; null for ok (or without history). */
  openId: number | null;
  /** The incident of this run that the confirmation closed, if any. */
  closedId: number | null;
  /** When a previous run's incident goes on: its opening, epoch ms (the situation began then, not now). */
  continuedSince: number | null;
}

/** What an incident keeps as evidence: per-app status and the local picture, without raw probes. */
export function incidentEvidence(diagnosis: Diagnosis) {
  return {
    at: diagnosis.at,
    gateway: diagnosis.local.gateway,
    resolvers: diagnosis.local.resolvers.map(({ name, address, role, status }) => ({ name, address, role, status })),
    captivePortal: diagnosis.local.captivePortal.outcome,
    apps: diagnosis.apps.map(({ id, status, layer, provider, region, latencyMs }) => ({
      id,
      status,
      layer,
      provider,
      region,
      latencyMs,
    })),
  };
}

export class IncidentBook {
  private openId: number | null = null;
  private carried: StoredIncident | null = null;

  constructor(private readonly write: HistoryWrite) {}

  /** The incident open behind the shown verdict, null when there is none (or no history). */
  get currentId(): number | null {
    return this.openId;
  }

  /** An incident the previous run left open; the first confirmation decides its fate. */
  carryOver(incident: StoredIncident | null): void {
    this.carried = incident;
  }

  /** A new verdict is confirmed: continue, close and open incidents accordingly. */
  confirmed({ verdict, since, diagnosis, network, now }: Confirmation): ConfirmationOutcome {
    const carried = this.carried;
    this.carried = null;
    if (carried && verdictSignature(carried.verdict) === verdictSignature(verdict)) {
      this.openId = carried.id;
      this.write((store) => store.incidents.update(carried.id, verdict, incidentEvidence(diagnosis), now));
      return { openId: carried.id, closedId: null, continuedSince: Date.parse(carried.openedAt) };
    }
    if (carried) this.write((store) => store.incidents.close(carried.id, Date.parse(carried.updatedAt)));
    let closedId: number | null = null;
    if (this.openId !== null) {
      closedId = this.openId;
      // The old situation ended when the looks that confirmed the new one began.
      this.write((store) => store.incidents.close(closedId as number, since));
      this.openId = null;
    }
    if (verdict.kind !== 'ok') {
      this.openId = this.write((store) => store.incidents.open(verdict, incidentEvidence(diagnosis), network, since));
    }
    return { openId: this.openId, closedId, continuedSince: null };
  }

  /** The same situation with new details (e.g. one more app joined a provider outage). */
  updated(verdict: Verdict, diagnosis: Diagnosis, now: number): void {
    const id = this.openId;
    if (id !== null) this.write((store) => store.incidents.update(id, verdict, incidentEvidence(diagnosis), now));
  }

  /** A full round saw the same situation again. */
  stillGoing(now: number): void {
    const id = this.openId;
    if (id !== null) this.write((store) => store.incidents.touch(id, now));
  }

  /** What the official status feeds said, kept with the open incident. */
  officialStatus(statuses: OfficialStatus[], now: number): void {
    const id = this.openId;
    if (id !== null && statuses.length > 0)
      this.write((store) => store.incidents.recordOfficialStatus(id, now, statuses));
  }
}
