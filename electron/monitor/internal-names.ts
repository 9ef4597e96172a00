// Names only the system resolver knows (an intranet, split-horizon DNS, a
// VPN's internal zone), learned per network: a name counts as internal once
// INTERNAL_AFTER_LOOKS looks showed the public resolvers saying NXDOMAIN while
// the system resolver answered, with no look in between where a public
// resolver answered it. Rounds then judge it by the system resolver alone,
// also in a look where that resolver fails it (dns-judgement.ts rows 0b-0c).
import type { InternalNameSightings } from '../diagnose/round-view';

/** Looks that must show a name internal before rounds treat it so. */
export const INTERNAL_AFTER_LOOKS = 2;
/** Names kept per network, the most recently seen. */
export const INTERNAL_NAMES_PER_NETWORK = 32;

export interface InternalNameRecord {
  name: string;
  /** Looks that showed it internal. */
  looks: number;
  seenAt: number;
}

/** One network's names, by hostname. */
export type InternalNameMemory = ReadonlyMap<string, InternalNameRecord>;

export interface InternalNameLesson {
  memory: InternalNameMemory;
  /** Records added or counted again, to write. */
  seen: InternalNameRecord[];
  /** Names a public resolver answered: forgotten. */
  forgotten: string[];
}

/** What one look teaches about one network's internal names. */
export function learnInternalNames(
  memory: InternalNameMemory,
  sightings: InternalNameSightings,
  now: number,
): InternalNameLesson {
  const next = new Map(memory);
  const forgotten = sightings.public.filter((name) => next.delete(name));
  const seen = sightings.internal.map((name) => ({ name, looks: (next.get(name)?.looks ?? 0) + 1, seenAt: now }));
  for (const record of seen) next.set(record.name, record);
  const kept = [...next.values()].sort((a, b) => b.seenAt - a.seenAt || a.name.localeCompare(b.name));
  for (const dropped of kept.slice(INTERNAL_NAMES_PER_NETWORK)) next.delete(dropped.name);
  return { memory: next, seen: seen.filter((record) => next.has(record.name)), forgotten };
}

/** The names rounds on this network treat as internal: shown often enough, and seen within the history's days. */
export function internalNamesIn(memory: InternalNameMemory | undefined, notBefore: number): Set<string> {
  const names = new Set<string>();
  for (const record of memory?.values() ?? []) {
    if (record.looks >= INTERNAL_AFTER_LOOKS && record.seenAt >= notBefore) names.add(record.name);
  }
  return names;
}
