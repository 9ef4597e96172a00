// Reads status feeds politely (at most once a minute per feed, longer after
// failures, conditionally once it has a copy) and within hard bounds. A
// secondary signal only: a broken, huge, slow or hostile feed yields "feed
// unavailable" and never throws. What each kind of feed means is its own file.
import type { StatusFeedRef } from '../../catalog/index';
import { decodeText, fetchBounded, type FetchLike, type FetchProblem } from '../bounded-fetch';
import type { FeedIncident } from './feed-kind';
import { FEED_KINDS, statusFeedDocumentUrl } from './registry';

export type FeedProblem = FetchProblem | 'malformed';

export type FeedReading =
  | {
      available: true;
      /** A provider id (aws, cloudflare, ...) or a catalog app id. */
      provider: string;
      /** The document read. */
      source: string;
      acknowledged: boolean;
      title: string | null;
      url: string | null;
      updatedAt: string | null;
      /** The earliest acknowledgement among the matching incidents. */
      acknowledgedAt: string | null;
      incidents: FeedIncident[];
      fetchedAt: string;
    }
  | {
      available: false;
      provider: string;
      source: string;
      problem: FeedProblem;
      detail: string;
      fetchedAt: string;
    };

const MAX_INCIDENTS = 50;

export interface FeedMatch {
  /** Count only incidents naming this region (or naming none, or `global`). */
  region?: string | null;
}

function summarize(
  provider: string,
  source: string,
  incidents: FeedIncident[],
  fetchedAt: string,
  match: FeedMatch,
): FeedReading {
  const region = match.region ?? null;
  const matching = incidents.filter(
    (incident) =>
      region === null ||
      incident.regions.length === 0 ||
      incident.regions.includes(region) ||
      incident.regions.includes('global'),
  );
  // ISO times sort as plain strings (localeCompare would load ICU's collator for it); unknown starts last.
  const startOf = (incident: (typeof matching)[number]): string => incident.startedAt ?? '\uffff';
  const byStart = [...matching].sort((a, b) => (startOf(a) < startOf(b) ? -1 : startOf(a) > startOf(b) ? 1 : 0));
  const first = byStart[0] ?? null;
  const updated = matching
    .map((incident) => incident.updatedAt)
    .filter((at): at is string => at !== null)
    .sort();
  return {
    available: true,
    provider,
    source,
    acknowledged: matching.length > 0,
    title: first?.title ?? null,
    url: first?.url ?? null,
    updatedAt: updated.at(-1) ?? null,
    acknowledgedAt: first?.startedAt ?? null,
    incidents: matching,
    fetchedAt,
  };
}

export interface StatusFeedTarget {
  /** A provider id or a catalog app id: whose word it is. */
  provider: string;
  feed: StatusFeedRef;
}

export interface StatusFeedClientOptions {
  fetch?: FetchLike;
  now?: () => number;
  /** Never ask one feed more often than this. */
  minIntervalMs?: number;
  /** The longest wait after repeated failures (also caps a server's Retry-After). */
  maxBackoffMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface StatusFeedClient {
  read(target: StatusFeedTarget, match?: FeedMatch, signal?: AbortSignal): Promise<FeedReading>;
}

export const FEED_MIN_INTERVAL_MS = 60_000;
export const FEED_MAX_BACKOFF_MS = 30 * 60_000;
const FEED_TIMEOUT_MS = 10_000;
/** Google's incidents.json holds every incident ever and grows; a few MB today. */
const FEED_MAX_BYTES = 8 * 1024 * 1024;

interface Validators {
  etag: string | null;
  lastModified: string | null;
}

type Outcome =
  | { ok: true; incidents: FeedIncident[]; fetchedAt: string; validators: Validators }
  | { ok: false; problem: FeedProblem; detail: string; fetchedAt: string; retryAfterMs: number | null };

interface FeedState {
  nextAllowedAt: number;
  failures: number;
  last: Outcome | null;
  /** The last good reading, whose validators make the next request conditional. */
  lastGood: Outcome | null;
  inFlight: Promise<Outcome> | null;
}

export function createStatusFeedClient(options: StatusFeedClientOptions = {}): StatusFeedClient {
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? FEED_MIN_INTERVAL_MS;
  const maxBackoff = Math.max(minInterval, options.maxBackoffMs ?? FEED_MAX_BACKOFF_MS);
  const states = new Map<string, FeedState>();

  const download = async (
    target: StatusFeedTarget,
    url: string,
    previous: Outcome | null,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> => {
    // A conditional request: big feeds (Google's holds every incident ever) answer 304 when nothing changed.
    const conditional: Record<string, string> = {};
    if (previous?.ok && previous.validators.etag) conditional['if-none-match'] = previous.validators.etag;
    if (previous?.ok && previous.validators.lastModified)
      conditional['if-modified-since'] = previous.validators.lastModified;
    const result = await fetchBounded(url, {
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? FEED_TIMEOUT_MS,
      maxBytes: options.maxBytes ?? FEED_MAX_BYTES,
      signal,
      headers: { accept: FEED_KINDS[target.feed.kind].accept, ...conditional },
    });
    const fetchedAt = new Date(now()).toISOString();
    if (!result.ok)
      return {
        ok: false,
        problem: result.problem,
        detail: result.detail,
        fetchedAt,
        retryAfterMs: result.retryAfterMs,
      };
    if (result.status === 304) {
      if (previous?.ok) return { ...previous, fetchedAt };
      return {
        ok: false,
        problem: 'malformed',
        detail: 'HTTP 304 to an unconditional request',
        fetchedAt,
        retryAfterMs: null,
      };
    }
    let incidents: FeedIncident[] | null;
    try {
      incidents = FEED_KINDS[target.feed.kind].parse(decodeText(result.bytes), target.feed);
    } catch {
      // A document shaped to trip the parser is just another malformed one.
      incidents = null;
    }
    if (!incidents)
      return { ok: false, problem: 'malformed', detail: 'not the expected document', fetchedAt, retryAfterMs: null };
    const validators = { etag: result.headers.get('etag'), lastModified: result.headers.get('last-modified') };
    return { ok: true, incidents: incidents.slice(0, MAX_INCIDENTS), fetchedAt, validators };
  };

  const reading = (target: StatusFeedTarget, url: string, outcome: Outcome, match: FeedMatch): FeedReading =>
    outcome.ok
      ? summarize(target.provider, url, outcome.incidents, outcome.fetchedAt, match)
      : {
          available: false,
          provider: target.provider,
          source: url,
          problem: outcome.problem,
          detail: outcome.detail,
          fetchedAt: outcome.fetchedAt,
        };

  return {
    async read(target, match = {}, signal) {
      const url = statusFeedDocumentUrl(target.feed);
      let state = states.get(url);
      if (!state) {
        state = { nextAllowedAt: 0, failures: 0, last: null, lastGood: null, inFlight: null };
        states.set(url, state);
      }
      if (state.inFlight) return reading(target, url, await state.inFlight, match);
      if (state.last && now() < state.nextAllowedAt) return reading(target, url, state.last, match);

      const current = state;
      const previousGood = current.lastGood;
      current.inFlight = download(target, url, previousGood, signal);
      try {
        const outcome = await current.inFlight;
        if (outcome.ok || outcome.problem !== 'aborted') {
          current.failures = outcome.ok ? 0 : current.failures + 1;
          const asked = outcome.ok ? 0 : (outcome.retryAfterMs ?? 0);
          current.nextAllowedAt = now() + Math.min(maxBackoff, Math.max(minInterval * 2 ** current.failures, asked));
          current.last = outcome;
          if (outcome.ok) current.lastGood = outcome;
        }
        return reading(target, url, outcome, match);
      } finally {
        current.inFlight = null;
      }
    },
  };
}
