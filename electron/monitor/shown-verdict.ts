// The shown verdict and what moves it (vocabulary: docs/architecture.md).
// Each judged look is merged into the world as last seen, judged, and handed
// to the thresholds (thresholds.ts); once enough looks agree the shown verdict
// changes. A change is booked as an incident (incident-book.ts), announced as
// a `verdict` event and, where the policy lets it through
// (notification-policy.ts), as a notification. What a look needs next (a
// confirming look, a recovery look, a full round, back-off) is asked of the
// schedule; the history is written through monitor-history.ts.
import type { OfficialStatus } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { providerDisplayName } from '../catalog/index';
import type { Translate } from '../i18n/translate';
import { backoffModeFor } from './backoff';
import { baselineObservation } from './baseline';
import type { Clock } from './clock';
import { IncidentBook } from './incident-book';
import type { StoredIncident } from './incident-store';
import {
  canaryChanges,
  confirmingLookApps,
  isLocalLook,
  localSignature,
  localVerdict,
  mergeEvidence,
  networkIdentity,
  providerApps,
  recoveryLookDue,
  seesSlowness,
} from './looks';
import type { CurrentIncident, Diagnoser, MonitorEvents, MonitorTimings } from './monitor-api';
import type { MonitorHistory } from './monitor-history';
import { planNotifications } from './notification-policy';
import type { LookRequest, Scheduler } from './scheduler';
import { confirmDueAt, INITIAL_THRESHOLD_STATE, observeLook, type ThresholdState } from './thresholds';

export interface ShownVerdictOptions {
  clock: Clock;
  timings: MonitorTimings;
  diagnose: Diagnoser;
  history: MonitorHistory;
  schedule: Pick<Scheduler<RoundEvidence>, 'confirmAt' | 'requestFullRound' | 'cancelConfirm' | 'setBackoff'>;
  /** The settings now (the notification preferences). */
  config: () => Config;
  /** The words in the chosen language now. */
  t: () => Translate;
  emit: <Name extends 'verdict' | 'notification'>(name: Name, payload: MonitorEvents[Name]) => void;
  /** A heartbeat moved something: the state shown must be sent again. */
  changed: () => void;
}

export class ShownVerdict {
  private thresholds: ThresholdState = INITIAL_THRESHOLD_STATE;
  /** The world as last seen: the latest full round with the later looks merged in. */
  private seen: RoundEvidence | null = null;
  /** The evidence that last confirmed (or updated) the shown verdict; kept to re-render it in another language. */
  private confirmedEvidence: RoundEvidence | null = null;
  private shown: Diagnosis | null = null;
  private official: OfficialStatus[] = [];
  private readonly incidents: IncidentBook;
  private notificationMemory = new Map<string, number>();
  /** What the last quiet look without apps saw (localSignature): the same again needs no judging. */
  private quietSignature: string | null = null;
  /** When a heartbeat that sees a slow network may look at the apps again. */
  private slowLookAllowedAt = 0;

  constructor(private readonly options: ShownVerdictOptions) {
    this.incidents = new IncidentBook((write) => options.history.write(write));
  }

  /** The shown verdict, null before the first one is confirmed. */
  get verdict(): Verdict | null {
    return this.thresholds.confirmed;
  }

  /** The latest diagnosis with the shown verdict in front; null before the first look. */
  get diagnosis(): Diagnosis | null {
    return this.shown;
  }

  /** The world as last seen. */
  get evidence(): RoundEvidence | null {
    return this.seen;
  }

  /** What the official status feeds say about the shown verdict. */
  get officialStatus(): OfficialStatus[] {
    return this.official;
  }

  /** A local verdict is shown or pending: the heartbeat checks the captive portal too. */
  localInQuestion(): boolean {
    return this.thresholds.confirmed?.scope === 'local' || this.thresholds.candidate?.scope === 'local';
  }

  /** An incident the previous run left open; the first confirmation decides its fate. */
  carryOver(incident: StoredIncident | null): void {
    this.incidents.carryOver(incident);
  }

  /** The shown verdict's incident, null while the verdict is ok or not yet confirmed. */
  currentIncident(): CurrentIncident | null {
    const confirmed = this.thresholds.confirmed;
    const since = this.thresholds.confirmedSince;
    if (!confirmed || confirmed.kind === 'ok' || since === null) return null;
    return { id: this.incidents.currentId, openedAt: new Date(since).toISOString() };
  }

  /** New official status readings, recorded with the open incident; false when they are the same as before. */
  setOfficialStatus(statuses: OfficialStatus[], now: number): boolean {
    if (JSON.stringify(statuses) === JSON.stringify(this.official)) return false;
    this.official = statuses;
    this.incidents.officialStatus(statuses, now);
    return true;
  }

  /** Renders the verdict and the diagnosis again in the words now chosen (diagnose is pure). */
  rerender(): void {
    const t = this.options.t();
    if (this.confirmedEvidence && this.thresholds.confirmed) {
      this.thresholds = { ...this.thresholds, confirmed: this.options.diagnose(this.confirmedEvidence, t).verdict };
    }
    this.shown = this.seen ? this.shownDiagnosis(this.options.diagnose(this.seen, t)) : null;
  }

  /** The latest diagnosis with the confirmed verdict in front (the looks may not have confirmed a change yet). */
  private shownDiagnosis(latest: Diagnosis): Diagnosis {
    const confirmed = this.thresholds.confirmed;
    return confirmed ? { ...latest, verdict: confirmed } : latest;
  }

  /** The verdict a look gives: a look without apps on its own evidence (null: no local problem seen), else on the world as last seen. */
  private lookVerdict(look: LookRequest, fresh: RoundEvidence, latest: () => Diagnosis): Verdict | null {
    if (!isLocalLook(look)) return latest().verdict;
    const signature = localSignature(fresh);
    if (signature === this.quietSignature) return null;
    const appIds = (this.seen?.apps ?? []).map((app) => app.id);
    const own = this.options.diagnose(fresh, this.options.t());
    const verdict = localVerdict(own, appIds);
    this.quietSignature = verdict === null ? signature : null;
    // Slowness is judged with the apps: look at them (at most every slowSuspicionMs) unless it is already shown.
    const now = this.options.clock.now();
    if (seesSlowness(fresh) && this.thresholds.confirmed?.kind !== 'degraded' && now >= this.slowLookAllowedAt) {
      this.slowLookAllowedAt = now + this.options.timings.slowSuspicionMs;
      this.options.schedule.confirmAt(appIds, now);
    }
    return verdict;
  }

  /** One look's evidence, judged: the world as seen, the history, the thresholds, and what that asks for next. */
  judge(look: LookRequest, fresh: RoundEvidence, startedAt: number): void {
    const { clock, diagnose, history, schedule, timings } = this.options;
    const t = this.options.t();
    const previous = this.seen;
    const evidence = mergeEvidence(previous, fresh, look.kind);
    this.seen = evidence;
    const now = clock.now();
    const network = networkIdentity(evidence);
    let merged: Diagnosis | null = null;
    const latest = (): Diagnosis =>
      (merged ??= diagnose(
        evidence,
        t,
        history.write((store) => store.baselines.of(network)),
      ));
    if (!isLocalLook(look)) history.recordLook(fresh, latest(), now);
    // Only full looks teach what is usual: each sees every app and every fact the same way. They are
    // judged without the baseline for it, so a block that became context is still seen as a block.
    if (look.kind === 'full') {
      const plain = diagnose(fresh, t);
      history.write((store) => store.baselines.record(now, baselineObservation(fresh, plain), network));
    }

    const verdict = this.lookVerdict(look, fresh, latest);
    if (verdict === null) {
      // A quiet look without apps: nothing it saw changes the world as judged, so nothing is judged again.
      if (this.localInQuestion()) {
        // The local problem is gone: look at everything again, at once.
        this.shown = this.shownDiagnosis(latest());
        schedule.requestFullRound();
      }
      // A canary that fails (or works again) is a suspicion about its provider: look at its apps now.
      for (const provider of look.kind === 'heartbeat' ? canaryChanges(previous, fresh) : []) {
        schedule.confirmAt(providerApps(this.shown, provider), now);
      }
      return;
    }

    const before = this.thresholds;
    const step = observeLook(before, { verdict, at: startedAt }, timings.thresholds);
    this.thresholds = step.state;
    if (step.change === 'confirmed' || step.change === 'updated') {
      this.confirmedEvidence = isLocalLook(look) ? fresh : evidence;
    }
    const shown = latest();
    this.shown = this.shownDiagnosis(shown);

    // A change pending is confirmed after the minimum span; a young upstream incident is looked at again to see it end.
    const pending = step.change === 'pending';
    if (!pending) schedule.cancelConfirm();
    const nextAt = pending
      ? confirmDueAt(this.thresholds, timings.thresholds)
      : recoveryLookDue(this.thresholds, now, timings);
    if (pending || nextAt !== null) schedule.confirmAt(confirmingLookApps(this.thresholds, shown), nextAt ?? now);
    if (step.change === 'confirmed') this.onConfirmed(before, shown, now);
    else if (step.change === 'updated') this.onUpdated(before.confirmed, shown, now);
    else if (step.change === 'steady' && look.kind === 'full') this.incidents.stillGoing(now);
    // A heartbeat runs unseen unless it moved something.
    if (look.kind === 'heartbeat' && step.change !== 'steady') this.options.changed();
  }

  private onConfirmed(before: ThresholdState, latest: Diagnosis, now: number): void {
    const previous = before.confirmed;
    const next = this.thresholds.confirmed as Verdict;
    const previousSince = before.confirmedSince;
    const { openId, closedId, continuedSince } = this.incidents.confirmed({
      verdict: next,
      since: this.thresholds.confirmedSince ?? now,
      diagnosis: latest,
      network: networkIdentity(this.seen as RoundEvidence),
      now,
    });
    if (continuedSince !== null) this.thresholds = { ...this.thresholds, confirmedSince: continuedSince };

    // What the status pages said was about the previous situation.
    this.official = [];

    // Leaving back-off needs no extra round: the full round that saw the network return was one of the looks.
    this.options.schedule.setBackoff(backoffModeFor(next));

    this.options.emit('verdict', {
      at: new Date(now).toISOString(),
      verdict: next,
      previous,
      change: 'confirmed',
      incidentId: openId,
      diagnosis: this.shown as Diagnosis,
    });
    this.notify(previous, previousSince, next, next.kind === 'ok' ? closedId : openId, now);
  }

  private onUpdated(previous: Verdict | null, latest: Diagnosis, now: number): void {
    const next = this.thresholds.confirmed as Verdict;
    this.incidents.updated(next, latest, now);
    this.options.emit('verdict', {
      at: new Date(now).toISOString(),
      verdict: next,
      previous,
      change: 'updated',
      incidentId: this.incidents.currentId,
      diagnosis: this.shown as Diagnosis,
    });
  }

  private notify(
    previous: Verdict | null,
    previousSince: number | null,
    next: Verdict,
    incidentId: number | null,
    now: number,
  ): void {
    const names = new Map((this.seen?.apps ?? []).map((app) => [app.id, app.name]));
    const decision = planNotifications(
      { previous, previousSince, next, incidentId, vpn: this.shown?.local.vpn ?? null },
      {
        preferences: this.options.config().notifications,
        now: new Date(now),
        lastShown: this.notificationMemory,
        names: { app: (id) => names.get(id) ?? id, provider: providerDisplayName },
        t: this.options.t(),
      },
    );
    this.notificationMemory = decision.lastShown;
    for (const notification of decision.notifications) this.options.emit('notification', notification);
  }
}
