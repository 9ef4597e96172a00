/* eslint-disable max-lines -- to be split by concern (issue 14) */
// The providers' own word: Atlassian Statuspage (/api/v2/summary.json), AWS
// Health's public current events, Google Cloud's incidents.json and Azure's
// status RSS, read politely (at most once a minute per feed, longer after
// failures) and within hard bounds. A secondary signal only: a broken, huge,
// slow or hostile feed yields "feed unavailable" and never throws.
import { z } from 'zod';
import { findCatalogApp, findProvider, knownRegions, regionIn, type StatusFeedRef } from '../catalog/index';
import type { OfficialStatus } from '../contracts/bridge';
import type { Translate } from '../i18n/translate';
import { decodeText, fetchBounded, type FetchLike, type FetchProblem } from './bounded-fetch';

/** One problem the feed admits to, still open. */
export interface FeedIncident {
  title: string;
  url: string | null;
  /** When the feed first said so (its acknowledgement), ISO. */
  startedAt: string | null;
  updatedAt: string | null;
  /** Regions or locations it names; empty when it does not say (then it counts for every region). */
  regions: string[];
}

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
const MAX_TITLE_CHARS = 300;

function isoOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const millis = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(millis) ? new Date(millis).toISOString() : null;
}

/** Control characters and bidi overrides could garble or spoof what the window shows. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function cleanTitle(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').replace(UNSAFE_CHARACTERS, '').trim();
  return oneLine.length > MAX_TITLE_CHARS ? `${oneLine.slice(0, MAX_TITLE_CHARS - 1)}…` : oneLine;
}

/** Links from a feed end up in the window: only http(s) ones are kept, resolved against `base`. */
function safeLink(text: string | null | undefined, base: string): string | null {
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `https://status.example.com` -> its summary document. */
export function statusFeedDocumentUrl(feed: StatusFeedRef): string {
  if (feed.kind !== 'statuspage') return feed.url;
  const base = feed.url.endsWith('/') ? feed.url : `${feed.url}/`;
  return new URL('api/v2/summary.json', base).toString();
}

const statuspageSummary = z.object({
  page: z.object({ url: z.string().optional(), updated_at: z.string().optional() }).optional(),
  status: z.object({ indicator: z.string(), description: z.string().optional() }),
  incidents: z.array(
    z.object({
      id: z.string().optional(),
      name: z.string(),
      status: z.string(),
      created_at: z.string().nullable().optional(),
      updated_at: z.string().nullable().optional(),
      shortlink: z.string().nullable().optional(),
    }),
  ),
});

const CLOSED_STATUSPAGE_STATES = new Set(['resolved', 'postmortem', 'completed']);

/** Statuspage summary.json: unresolved incidents; a non-`none` indicator without one still counts. */
export function parseStatuspageSummary(text: string, pageUrl: string): FeedIncident[] | null {
  const parsed = statuspageSummary.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const page = safeLink(parsed.data.page?.url, pageUrl) ?? pageUrl;
  const incidents = parsed.data.incidents
    .filter((incident) => !CLOSED_STATUSPAGE_STATES.has(incident.status))
    .map((incident) => ({
      title: cleanTitle(incident.name),
      url:
        safeLink(incident.shortlink, page) ??
        (incident.id ? safeLink(`incidents/${encodeURIComponent(incident.id)}`, page) : null) ??
        page,
      startedAt: isoOrNull(incident.created_at),
      updatedAt: isoOrNull(incident.updated_at),
      regions: [],
    }));
  if (
    incidents.length === 0 &&
    parsed.data.status.indicator !== 'none' &&
    parsed.data.status.indicator !== 'maintenance'
  ) {
    incidents.push({
      title: cleanTitle(parsed.data.status.description ?? parsed.data.status.indicator),
      url: page,
      startedAt: null,
      updatedAt: isoOrNull(parsed.data.page?.updated_at),
      regions: [],
    });
  }
  return incidents;
}

const AWS_DASHBOARD = 'https://health.aws.amazon.com/health/status';

const awsEvents = z.array(
  z.object({
    date: z.union([z.string(), z.number()]).optional(),
    service: z.string().optional(),
    service_name: z.string().optional(),
    region_name: z.string().optional(),
    region_id: z.string().optional(),
    summary: z.string().optional(),
    event_log: z
      .array(z.object({ summary: z.string().optional(), timestamp: z.union([z.string(), z.number()]).optional() }))
      .optional(),
  }),
);

function unixSeconds(value: string | number | undefined): string | null {
  const seconds = typeof value === 'number' ? value : Number(value);
  return value !== undefined && value !== '' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString()
    : null;
}

/**
 * AWS Health public current events: a JSON array (served as UTF-16) of open
 * events; the service key carries the region (`ec2-us-east-1`). An event whose
 * latest word is `[RESOLVED]` no longer counts.
 */
export function parseAwsHealthEvents(text: string): FeedIncident[] | null {
  const parsed = awsEvents.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return parsed.data.flatMap((event) => {
    const log = event.event_log ?? [];
    const latestSummary = log.at(-1)?.summary ?? event.summary ?? '';
    if (/^\s*\[resolved\]/i.test(latestSummary) || /^\s*\[resolved\]/i.test(event.summary ?? '')) return [];
    const region = event.region_id ?? regionIn('aws', event.service ?? '');
    const where =
      event.service_name && event.region_name ? `${event.service_name} (${event.region_name})` : event.service_name;
    const summary = event.summary ?? latestSummary;
    const stamps = log
      .map((entry) => unixSeconds(entry.timestamp))
      .filter((s): s is string => s !== null)
      .sort();
    return [
      {
        title: cleanTitle(where ? `${where}: ${summary}` : summary || 'AWS event'),
        url: AWS_DASHBOARD,
        startedAt: unixSeconds(event.date) ?? stamps[0] ?? null,
        updatedAt: stamps.at(-1) ?? unixSeconds(event.date),
        regions: region ? [region] : [],
      },
    ];
  });
}

const gcpIncidents = z.array(
  z.object({
    external_desc: z.string(),
    begin: z.string().optional(),
    created: z.string().optional(),
    end: z.string().nullable().optional(),
    modified: z.string().optional(),
    uri: z.string().optional(),
    currently_affected_locations: z.array(z.object({ id: z.string() })).optional(),
  }),
);

const GCP_DASHBOARD = 'https://status.cloud.google.com/';

/** Google Cloud incidents.json: every incident ever; the open ones have no `end`. */
export function parseGcpIncidents(text: string): FeedIncident[] | null {
  const parsed = gcpIncidents.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return parsed.data
    .filter((incident) => !incident.end)
    .map((incident) => ({
      title: cleanTitle(incident.external_desc),
      url: safeLink(incident.uri, GCP_DASHBOARD) ?? GCP_DASHBOARD,
      startedAt: isoOrNull(incident.created ?? incident.begin),
      updatedAt: isoOrNull(incident.modified),
      regions: (incident.currently_affected_locations ?? []).map((location) => location.id),
    }));
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1] ?? '';
  return raw.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return XML_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

const AZURE_DASHBOARD = 'https://azure.status.microsoft/en-us/status/';

/** A `<category>` naming one of Azure's regions ("West Europe" is `westeurope`) scopes the item. */
const AZURE_REGION_IDS = knownRegions('azure');

function xmlChildren(block: string, name: string): string[] {
  return [...block.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'gi'))].map((match) =>
    xmlText(match[1] ?? '').trim(),
  );
}

function xmlChild(block: string, name: string): string | null {
  return xmlChildren(block, name)[0] ?? null;
}

/**
 * Azure status RSS 2.0: one `<item>` per active incident; a channel without
 * items is Azure's normal all-clear. Items titled `[RESOLVED] ...` are closed.
 */
export function parseAzureStatusRss(text: string): FeedIncident[] | null {
  if (!/<rss[\s>]/i.test(text) || !/<channel[\s>]/i.test(text) || !/<\/channel>/i.test(text)) return null;
  const items = text.match(/<item[\s>][\s\S]*?<\/item>/gi) ?? [];
  return items.flatMap((item) => {
    const title = xmlChild(item, 'title') ?? '';
    if (/^\s*[[(]\s*resolved\s*[\])]/i.test(title)) return [];
    const published = isoOrNull(xmlChild(item, 'pubDate'));
    const regions = xmlChildren(item, 'category')
      .map((category) => category.toLowerCase().replace(/\s+/g, ''))
      .filter((id) => AZURE_REGION_IDS.has(id));
    return [
      {
        title: cleanTitle(title || 'Azure incident'),
        url: safeLink(xmlChild(item, 'link'), AZURE_DASHBOARD),
        startedAt: published,
        updatedAt: published,
        regions,
      },
    ];
  });
}

function parseFeed(feed: StatusFeedRef, text: string): FeedIncident[] | null {
  switch (feed.kind) {
    case 'statuspage':
      return parseStatuspageSummary(text, feed.url);
    case 'aws-health':
      return parseAwsHealthEvents(text);
    case 'gcp-incidents':
      return parseGcpIncidents(text);
    case 'azure-rss':
      return parseAzureStatusRss(text);
  }
}

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
  const byStart = [...matching].sort((a, b) => (a.startedAt ?? '\uffff').localeCompare(b.startedAt ?? '\uffff'));
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
      headers: {
        accept:
          target.feed.kind === 'azure-rss'
            ? 'application/rss+xml, text/xml;q=0.9, */*;q=0.1'
            : 'application/json, */*;q=0.1',
        ...conditional,
      },
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
      incidents = parseFeed(target.feed, decodeText(result.bytes));
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

/** The feeds to read for a verdict: its provider's, then each affected app's own. */
export function statusFeedTargetsFor(verdict: {
  provider: string | null;
  apps: readonly string[];
}): StatusFeedTarget[] {
  const targets: StatusFeedTarget[] = [];
  const providerFeed = verdict.provider ? findProvider(verdict.provider)?.statusFeed : undefined;
  if (verdict.provider && providerFeed) targets.push({ provider: verdict.provider, feed: providerFeed });
  for (const id of verdict.apps) {
    const feed = findCatalogApp(id)?.statusFeed;
    if (feed && !targets.some((t) => statusFeedDocumentUrl(t.feed) === statusFeedDocumentUrl(feed)))
      targets.push({ provider: id, feed });
  }
  return targets;
}

/**
 * Whole minutes from our incident opening to the feed's first acknowledgement:
 * positive when we saw it first ("seen N minutes before the status page"),
 * zero or negative when the feed was first, null when either time is unknown.
 */
export function minutesBeforeStatusPage(incidentOpenedAt: string | null, acknowledgedAt: string | null): number | null {
  if (!incidentOpenedAt || !acknowledgedAt) return null;
  const opened = Date.parse(incidentOpenedAt);
  const acknowledged = Date.parse(acknowledgedAt);
  if (!Number.isFinite(opened) || !Number.isFinite(acknowledged)) return null;
  const minutes = (acknowledged - opened) / 60_000;
  return minutes >= 0 ? Math.floor(minutes) : Math.ceil(minutes);
}

/** The bridge's record of a reading, with the lead over our incident when there is one. */
export function toOfficialStatus(reading: FeedReading, incidentOpenedAt: string | null): OfficialStatus {
  if (!reading.available) {
    return {
      provider: reading.provider,
      source: reading.source,
      acknowledged: false,
      title: null,
      url: null,
      updatedAt: null,
      leadMinutes: null,
      available: false,
    };
  }
  return {
    provider: reading.provider,
    source: reading.source,
    acknowledged: reading.acknowledged,
    title: reading.title,
    url: reading.url,
    updatedAt: reading.updatedAt,
    leadMinutes: reading.acknowledged ? minutesBeforeStatusPage(incidentOpenedAt, reading.acknowledgedAt) : null,
    available: true,
  };
}

/** One sentence on what the feed says, plus "seen N minutes before the status page" when we were first. */
export function describeFeedReading(
  reading: FeedReading,
  providerLabel: string,
  t: Translate,
  incidentOpenedAt: string | null = null,
): string[] {
  if (!reading.available) {
    return [
      t('catalog:officialStatus.unavailable', {
        provider: providerLabel,
        reason: t(`catalog:officialStatus.reason.${reading.problem}`),
      }),
    ];
  }
  if (!reading.acknowledged) return [t('catalog:officialStatus.notAcknowledged', { provider: providerLabel })];
  const lines = [
    reading.title
      ? t('catalog:officialStatus.acknowledged', { provider: providerLabel, title: reading.title })
      : t('catalog:officialStatus.acknowledgedNoTitle', { provider: providerLabel }),
  ];
  const lead = minutesBeforeStatusPage(incidentOpenedAt, reading.acknowledgedAt);
  if (lead !== null && lead > 0) lines.push(t('catalog:officialStatus.seenBefore', { count: lead, minutes: lead }));
  return lines;
}

/**
 * What the official feeds say about a verdict, ready for AppState.officialStatus:
 * the provider's feed (matched to the verdict's region) and the affected apps'
 * own feeds. Never throws; an unreadable feed comes back with available: false.
 */
export async function officialStatusFor(
  client: StatusFeedClient,
  verdict: { provider: string | null; region: string | null; apps: readonly string[] },
  incidentOpenedAt: string | null,
  signal?: AbortSignal,
): Promise<OfficialStatus[]> {
  const targets = statusFeedTargetsFor(verdict);
  const readings = await Promise.all(
    targets.map((target) =>
      client.read(target, target.provider === verdict.provider ? { region: verdict.region } : {}, signal),
    ),
  );
  return readings.map((reading) => toOfficialStatus(reading, incidentOpenedAt));
}
