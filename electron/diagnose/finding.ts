// A finding is a verdict plus what ranking needs to know about it.
import type { Verdict, VerdictKind } from '../contracts/diagnosis';

export interface Finding {
  verdict: Verdict;
  /** dns-local only: the system resolver fails most names, not just a few. */
  resolverWide?: boolean;
  /** About particular names only (a filter's block): goes behind an upstream finding covering more apps. */
  nameSpecific?: boolean;
  /** firewall only: the URL scheme whose connections are blocked. */
  blockedScheme?: 'https' | 'http';
}

/** Decision order of the kinds (docs/contracts.md section 5): earlier wins. */
export const KIND_ORDER: readonly VerdictKind[] = [
  'offline',
  'lan',
  'captive-portal',
  'vpn',
  'proxy',
  'isp',
  'dns-local',
  'blocked',
  'firewall',
  'provider-outage',
  'app-outage',
  'degraded',
  'ok',
  'unknown',
];

/** Confidence within [0.05, 0.95], two decimals: never 0 (we said something) nor 1 (we are probing from outside). */
export function clampConfidence(value: number): number {
  return Math.round(Math.min(0.95, Math.max(0.05, value)) * 100) / 100;
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
