// Provider learning: what a look taught about which provider (and region)
// serves each app, and every CNAME its name went through, remembered so later
// rounds can attribute an app whose DNS or headers no longer say (e.g. while
// it is down). Pure: the Monitor stores what is learned and feeds the memory
// back to the rounds.
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import { NAMES_PER_APP, type NameMemoryRecord, type ProviderMemoryRecord } from './provider-memory-store';

export interface ProviderLearning {
  /** The memory after the look: a new map when something was learned, else the one given. */
  memory: Map<string, ProviderMemoryEntry>;
  /** What is new or changed, to be stored. */
  learned: ProviderMemoryRecord[];
}

/** Attribution from these sources is known without the wire, so it is not worth remembering. */
const NOT_LEARNED = new Set<TargetProbe['providerSource']>(['memory', 'config', 'catalog']);

function answeredCnameChain(probe: TargetProbe): string[] {
  return probe.dns.find((result) => result.outcome === 'answer')?.cnameChain ?? [];
}

/**
 * Learns from the apps a look probed, and only from apps it judged up (a failing
 * app's answers may be wrong). The memory given is not changed.
 */
export function learnProviders(
  probed: RoundEvidence,
  judged: Pick<Diagnosis, 'apps'>,
  memory: Map<string, ProviderMemoryEntry>,
): ProviderLearning {
  const statusById = new Map(judged.apps.map((app) => [app.id, app.status]));
  const learned: ProviderMemoryRecord[] = [];
  for (const probe of probed.apps) {
    if (!probe.provider || statusById.get(probe.id) !== 'up' || NOT_LEARNED.has(probe.providerSource)) continue;
    const entry: ProviderMemoryEntry = {
      provider: probe.provider,
      region: probe.region,
      cnameChain: answeredCnameChain(probe),
    };
    const known = memory.get(probe.id);
    if (known && JSON.stringify(known) === JSON.stringify(entry)) continue;
    learned.push({ appId: probe.id, ...entry });
  }
  if (learned.length === 0) return { memory, learned };
  const updated = new Map(memory);
  for (const { appId, ...entry } of learned) updated.set(appId, entry);
  return { memory: updated, learned };
}

/** A name seen again within this long is not written again: the memory needs the day, not the second. */
export const NAME_REFRESH_MS = 60 * 60 * 1000;

export interface NameLearning {
  /** The memory after the look: a new map when something was learned, else the one given. */
  memory: Map<string, RememberedName[]>;
  learned: NameMemoryRecord[];
}

/**
 * Every CNAME that answered for an app the look judged up or degraded (a
 * failing app's answers may come from a filter or a broken zone), with `now`
 * as when it was seen. The memory given is not changed.
 */
export function learnNames(
  probed: RoundEvidence,
  judged: Pick<Diagnosis, 'apps'>,
  memory: Map<string, RememberedName[]>,
  now: number,
): NameLearning {
  const statusById = new Map(judged.apps.map((app) => [app.id, app.status]));
  const learned: NameMemoryRecord[] = [];
  for (const probe of probed.apps) {
    const status = statusById.get(probe.id);
    if (status !== 'up' && status !== 'degraded') continue;
    const known = new Map((memory.get(probe.id) ?? []).map((entry) => [entry.name, entry.seenAt]));
    const names = new Set(probe.dns.filter((result) => result.outcome === 'answer').flatMap((r) => r.cnameChain));
    for (const name of names) {
      const seenAt = known.get(name);
      if (seenAt === undefined || now - seenAt >= NAME_REFRESH_MS) learned.push({ appId: probe.id, name, seenAt: now });
    }
  }
  if (learned.length === 0) return { memory, learned };
  const updated = new Map(memory);
  for (const { appId, name, seenAt } of learned) {
    const others = (updated.get(appId) ?? []).filter((entry) => entry.name !== name);
    updated.set(appId, [...others, { name, seenAt }].slice(-NAMES_PER_APP));
  }
  return { memory: updated, learned };
}
