// What is usual on one network, learned by the monitor from the looks it took
// there (monitor/baseline-store.ts) and handed to diagnose(), which judges
// "slower than usual here" and "as usual on this network" from it. Plain data.

/** A latency as it usually is: the median and 90th percentile of the last samples. */
export interface UsualFigure {
  medianMs: number;
  p90Ms: number;
  samples: number;
}

/** One target's usual latency at each layer (apps and controls alike, by id). */
export interface TargetBaseline {
  /** The whole connection, as AppReport.latencyMs reports it. */
  latency: UsualFigure | null;
  /** The system resolver's answer for the target's name. */
  dns: UsualFigure | null;
  tcp: UsualFigure | null;
  tls: UsualFigure | null;
  http: UsualFigure | null;
}

/**
 * A recurring fact of a network and how often the looks there showed it
 * (a share that follows the recent looks), each read by diagnose():
 * `vpn` and `proxy` (usual, new, or usual and missing today),
 * `captive-portal`, `ipv6-broken` and `blocked` (their finding said usual or
 * new here), `firewall` (a port or protocol blocked) and `firewall:dns`
 * (usual blocks become context), and `resolver-answers:ADDRESS:PORT` per
 * resolver (one failing today that usually answers, or seldom does).
 */
export interface NetworkTrait {
  trait: string;
  /** 0..1 */
  share: number;
  looks: number;
}

export interface NetworkBaseline {
  /** How people know the network: its Wi-Fi name, else its router's address; '' when neither is known. */
  label: string;
  /** Looks taken on this network. */
  looks: number;
  /** When the first was, ISO. */
  since: string;
  targets: Record<string, TargetBaseline>;
  traits: NetworkTrait[];
}

/** A figure is usual once this many samples back it. */
export const USUAL_MIN_SAMPLES = 5;
/** Samples kept per target and layer, the most recent. */
export const USUAL_SAMPLES_KEPT = 50;
/** A trait is usual when at least this share of the looks (and USUAL_MIN_SAMPLES of them) showed it. */
export const USUAL_TRAIT_SHARE = 0.8;

export function traitShare(baseline: NetworkBaseline | null, trait: string): NetworkTrait | null {
  return baseline?.traits.find((entry) => entry.trait === trait) ?? null;
}

/** The network nearly always shows it. */
export function isUsualTrait(baseline: NetworkBaseline | null, trait: string): boolean {
  const entry = traitShare(baseline, trait);
  return entry !== null && entry.looks >= USUAL_MIN_SAMPLES && entry.share >= USUAL_TRAIT_SHARE;
}

/** A figure with enough samples to judge against; null otherwise. */
export function usableFigure(figure: UsualFigure | null | undefined): UsualFigure | null {
  return figure && figure.samples >= USUAL_MIN_SAMPLES ? figure : null;
}

export function resolverTrait(address: string, port: number): string {
  return `resolver-answers:${address}:${port}`;
}
