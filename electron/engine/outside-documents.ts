// What the engine reads beside the monitor from servers we do not control:
// the official status feeds while the verdict blames a provider or an app,
// and the providers' IP ranges for attribution. Never inside a round, so a
// broken, huge, slow or hostile document can neither change a verdict nor
// delay one.
import type { Verdict } from '../contracts/diagnosis';
import type { FetchLike } from '../feeds/bounded-fetch';
import {
  IP_RANGES_RETRY_AFTER_FAILURE_MS,
  loadIpRanges,
  type IpRangeSource,
  type IpRangesSnapshot,
} from '../feeds/ip-ranges';
import {
  createStatusFeedClient,
  FEED_MIN_INTERVAL_MS,
  officialStatusFor,
  type StatusFeedClientOptions,
} from '../feeds/status/index';
import type { Monitor } from '../monitor/monitor';

/** How the engine reads documents from outside: the status feeds and the IP range lists. */
export interface OutsideDocuments {
  /** Test seam (a fixture server on loopback); the platform fetch otherwise. */
  fetch?: FetchLike;
  /** Status feed politeness and bounds (tests shorten them). */
  statusFeeds?: Omit<StatusFeedClientOptions, 'fetch'>;
  /** While the verdict stays upstream, read the feeds again this often (the client still asks each at most once a minute). */
  statusRefreshMs?: number;
  /** The range lists to load (tests name a fixture); the providers' published lists otherwise. */
  ipRangeSources?: readonly IpRangeSource[];
  /** How often to look at the range cache again; a download happens only when the cache is a day old (or an hour after a failure). */
  ipRangesRefreshMs?: number;
}

/** A provider or an app is failing: the verdicts a status page can confirm. */
export function isUpstreamVerdict(verdict: Verdict | null): verdict is Verdict {
  return verdict?.kind === 'provider-outage' || verdict?.kind === 'app-outage';
}

export interface Background {
  stop(): void;
  settled(): Promise<void>;
}

/**
 * Reads the official feeds while the confirmed verdict is upstream: at once
 * when it is confirmed or its apps change, then every refresh; a reading still
 * in flight when the verdict moves on is dropped. The monitor never waits.
 */
export function startOfficialStatus(monitor: Monitor, outside: OutsideDocuments | null): Background {
  if (!outside) return { stop: () => undefined, settled: () => Promise.resolve() };
  const client = createStatusFeedClient({ ...outside.statusFeeds, ...(outside.fetch ? { fetch: outside.fetch } : {}) });
  const refreshMs = outside.statusRefreshMs ?? FEED_MIN_INTERVAL_MS;
  let stopped = false;
  let watching: Verdict | null = null;
  let controller: AbortController | null = null;
  let reading: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const read = (verdict: Verdict): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const openedAt = monitor.currentIncident()?.openedAt ?? null;
    reading = officialStatusFor(client, verdict, openedAt, own.signal)
      .then((statuses) => {
        if (stopped || own.signal.aborted || watching !== verdict) return;
        monitor.setOfficialStatus(statuses);
      })
      // officialStatusFor does not throw; a bug there must not take the engine down either.
      .catch(() => undefined)
      .finally(() => {
        if (controller === own) controller = null;
        if (!stopped && watching === verdict) timer = setTimeout(() => read(verdict), refreshMs);
      });
  };

  const unsubscribe = monitor.on('verdict', (event) => {
    if (stopped) return;
    if (isUpstreamVerdict(event.verdict)) {
      watching = event.verdict;
      read(event.verdict);
      return;
    }
    watching = null;
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
  });

  return {
    stop: () => {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
    settled: () => reading,
  };
}

/** Loads the cached ranges at once and looks again every refresh; downloads happen inside loadIpRanges, at most daily. */
export function startIpRanges(
  monitor: Monitor,
  cacheDir: string,
  outside: OutsideDocuments,
): Background & { snapshot(): IpRangesSnapshot | null } {
  const refreshMs = outside.ipRangesRefreshMs ?? IP_RANGES_RETRY_AFTER_FAILURE_MS;
  const controller = new AbortController();
  let snapshot: IpRangesSnapshot | null = null;
  let timer: NodeJS.Timeout | null = null;
  let loading: Promise<void> = Promise.resolve();

  const load = (): void => {
    loading = loadIpRanges({
      cacheDir,
      signal: controller.signal,
      ...(outside.fetch ? { fetch: outside.fetch } : {}),
      ...(outside.ipRangeSources ? { sources: outside.ipRangeSources } : {}),
    })
      .then((loaded) => {
        if (controller.signal.aborted) return;
        snapshot = loaded;
        monitor.setIpRanges(loaded.index);
      })
      // An unwritable cache folder: attribute without ranges, try again later.
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) timer = setTimeout(load, refreshMs);
      });
  };
  load();

  return {
    snapshot: () => snapshot,
    stop: () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    },
    settled: () => loading,
  };
}
