// Flap damping for the verdict, Gatus-style but fast: a verdict changes only
// after `failureThreshold` looks agree that something is wrong, and returns to
// ok only after `successThreshold` ok looks in a row, and in both cases only
// once the agreeing looks span `minSpanMs` (from the start of the first to the
// start of the last): a blip shorter than that cannot be seen by two looks so
// far apart, so it never changes the verdict. Pure: no clock, no I/O.
import type { Verdict } from '../contracts/diagnosis';

export interface ThresholdSettings {
  /** Consecutive failing looks needed to leave ok (or switch to another failure). */
  failureThreshold: number;
  /** Consecutive ok looks needed to return to ok. */
  successThreshold: number;
  /** The agreeing looks must have started at least this far apart (ms). */
  minSpanMs: number;
}

/** A fault (or a recovery) must be seen for 3 s: shorter blips never change the verdict. */
export const DEFAULT_THRESHOLDS: ThresholdSettings = { failureThreshold: 2, successThreshold: 2, minSpanMs: 3_000 };

export interface Look {
  verdict: Verdict;
  /** Epoch ms when the look started (its probes went out). */
  at: number;
}

export interface ThresholdState {
  /** The verdict shown to the person; null before the first one is confirmed. */
  confirmed: Verdict | null;
  /** When the confirmed verdict began (the first look of the streak that confirmed it). */
  confirmedSince: number | null;
  /** The verdict the current streak points to, null when the looks agree with the confirmed one. */
  candidate: Verdict | null;
  candidateSince: number | null;
  streak: number;
}

/**
 * - `confirmed`: the confirmed verdict changed (a new incident or a recovery).
 * - `updated`: same verdict, new details (e.g. one more app joined a provider outage).
 * - `pending`: the look disagrees with the confirmed verdict; a re-check should follow.
 * - `steady`: the look agrees with the confirmed verdict.
 */
export type ThresholdChange = 'confirmed' | 'updated' | 'pending' | 'steady';

export interface ThresholdStep {
  state: ThresholdState;
  change: ThresholdChange;
}

export const INITIAL_THRESHOLD_STATE: ThresholdState = {
  confirmed: null,
  confirmedSince: null,
  candidate: null,
  candidateSince: null,
  streak: 0,
};

/**
 * What makes two verdicts "the same situation". Apps are part of it only for
 * app outages (another app failing is another incident); a provider outage
 * that gains an app is the same incident, updated.
 */
export function verdictSignature(verdict: Verdict): string {
  const apps = verdict.kind === 'app-outage' || verdict.kind === 'degraded' ? [...verdict.apps].sort().join(',') : '';
  return [verdict.kind, verdict.scope, verdict.provider ?? '', verdict.region ?? '', apps].join('|');
}

function sameApps(a: Verdict, b: Verdict): boolean {
  if (a.apps.length !== b.apps.length) return false;
  const set = new Set(a.apps);
  return b.apps.every((app) => set.has(app));
}

export function observeLook(
  state: ThresholdState,
  look: Look,
  settings: ThresholdSettings = DEFAULT_THRESHOLDS,
): ThresholdStep {
  const { verdict } = look;
  const isOk = verdict.kind === 'ok';
  const confirmed = state.confirmed;

  // Nothing to flap from at start: ok is shown at once, a failure still needs confirming.
  if (confirmed === null && isOk) {
    return { state: { ...INITIAL_THRESHOLD_STATE, confirmed: verdict, confirmedSince: look.at }, change: 'confirmed' };
  }

  if (confirmed !== null && verdictSignature(confirmed) === verdictSignature(verdict)) {
    const next: ThresholdState = { ...state, confirmed: verdict, candidate: null, candidateSince: null, streak: 0 };
    return { state: next, change: sameApps(confirmed, verdict) ? 'steady' : 'updated' };
  }

  // Leaving ok, any failing look counts (the latest one names the failure);
  // between two failures, or back to ok, the looks must agree with each other.
  const leavingOk = confirmed === null || confirmed.kind === 'ok';
  const continues =
    state.candidate !== null &&
    (leavingOk
      ? !isOk && state.candidate.kind !== 'ok'
      : verdictSignature(state.candidate) === verdictSignature(verdict));
  const streak = continues ? state.streak + 1 : 1;
  const candidateSince = continues && state.candidateSince !== null ? state.candidateSince : look.at;
  const needed = isOk ? settings.successThreshold : settings.failureThreshold;

  if (streak >= needed && look.at - candidateSince >= settings.minSpanMs) {
    return {
      state: { confirmed: verdict, confirmedSince: candidateSince, candidate: null, candidateSince: null, streak: 0 },
      change: 'confirmed',
    };
  }
  return { state: { ...state, candidate: verdict, candidateSince, streak }, change: 'pending' };
}

/** When the look that may confirm the candidate can start: not before the span is covered. */
export function confirmDueAt(state: ThresholdState, settings: ThresholdSettings = DEFAULT_THRESHOLDS): number | null {
  return state.candidateSince === null ? null : state.candidateSince + settings.minSpanMs;
}
