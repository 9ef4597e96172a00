// Provider learning: what a look taught about which provider (and region)
// serves each app, remembered so later rounds can attribute an app whose DNS
// or headers no longer say (e.g. while it is down). Pure: the Monitor stores
// what is learned and feeds the memory back to the rounds.
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import type { ProviderMemoryEntry } from '../probe/target';
import type { ProviderMemoryRecord } from './history-store';

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
