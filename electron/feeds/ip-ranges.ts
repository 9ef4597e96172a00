// The providers' published IP ranges (AWS, Google Cloud, Cloudflare, Fastly),
// downloaded on the user's machine, cached on disk with their age, and turned
// into an IpRangeIndex for attribution when names and headers say nothing.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { buildIpRangeIndex, parseCidr, type IpRange, type IpRangeIndex } from '../catalog/ip-range-index';
import type { Translate } from '../i18n/translate';
import { decodeText, fetchBounded, type FetchLike, type FetchProblem } from './bounded-fetch';

export type IpRangeFormat = 'aws' | 'gcp' | 'cloudflare' | 'fastly';

export interface IpRangeSource {
  id: string;
  provider: string;
  format: IpRangeFormat;
  url: string;
}

export const IP_RANGE_SOURCES: readonly IpRangeSource[] = [
  { id: 'aws', provider: 'aws', format: 'aws', url: 'https://ip-ranges.amazonaws.com/ip-ranges.json' },
  { id: 'gcp', provider: 'gcp', format: 'gcp', url: 'https://www.gstatic.com/ipranges/cloud.json' },
  { id: 'cloudflare-v4', provider: 'cloudflare', format: 'cloudflare', url: 'https://www.cloudflare.com/ips-v4' },
  { id: 'cloudflare-v6', provider: 'cloudflare', format: 'cloudflare', url: 'https://www.cloudflare.com/ips-v6' },
  { id: 'fastly', provider: 'fastly', format: 'fastly', url: 'https://api.fastly.com/public-ip-list' },
];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const cidrText = z.string().refine((value) => parseCidr(value) !== null);

const awsDocument = z.object({
  prefixes: z.array(z.object({ ip_prefix: cidrText, region: z.string(), service: z.string() })),
  ipv6_prefixes: z.array(z.object({ ipv6_prefix: cidrText, region: z.string(), service: z.string() })).default([]),
});

/** AWS ip-ranges.json: `prefixes[].ip_prefix` and `ipv6_prefixes[].ipv6_prefix`, each with region and service. */
export function parseAwsIpRanges(text: string): IpRange[] | null {
  const parsed = awsDocument.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const region = (value: string): string | null => (value === 'GLOBAL' ? null : value);
  return [
    ...parsed.data.prefixes.map((p) => ({
      cidr: p.ip_prefix,
      provider: 'aws',
      region: region(p.region),
      service: p.service,
    })),
    ...parsed.data.ipv6_prefixes.map((p) => ({
      cidr: p.ipv6_prefix,
      provider: 'aws',
      region: region(p.region),
      service: p.service,
    })),
  ];
}

const gcpDocument = z.object({
  prefixes: z.array(
    z.object({
      ipv4Prefix: cidrText.optional(),
      ipv6Prefix: cidrText.optional(),
      scope: z.string().optional(),
      service: z.string().optional(),
    }),
  ),
});

/** Google cloud.json: `prefixes[]` with `ipv4Prefix` or `ipv6Prefix`, a `scope` (the region, or `global`) and `service`. */
export function parseGoogleCloudIpRanges(text: string): IpRange[] | null {
  const parsed = gcpDocument.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return parsed.data.prefixes.flatMap((p) => {
    const cidr = p.ipv4Prefix ?? p.ipv6Prefix;
    if (!cidr) return [];
    const region = p.scope && p.scope !== 'global' ? p.scope : null;
    return [{ cidr, provider: 'gcp', region, service: p.service ?? null }];
  });
}

/** Cloudflare's ips-v4 / ips-v6: plain text, one CIDR per line. */
export function parseCloudflareIpList(text: string): IpRange[] | null {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length === 0 || !lines.every((line) => parseCidr(line) !== null)) return null;
  return lines.map((cidr) => ({ cidr, provider: 'cloudflare', region: null, service: null }));
}

const fastlyDocument = z.object({ addresses: z.array(cidrText), ipv6_addresses: z.array(cidrText).default([]) });

/** Fastly's public-ip-list: `{"addresses": [...], "ipv6_addresses": [...]}`. */
export function parseFastlyIpList(text: string): IpRange[] | null {
  const parsed = fastlyDocument.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return [...parsed.data.addresses, ...parsed.data.ipv6_addresses].map((cidr) => ({
    cidr,
    provider: 'fastly',
    region: null,
    service: null,
  }));
}

const PARSERS: Record<IpRangeFormat, (text: string) => IpRange[] | null> = {
  aws: parseAwsIpRanges,
  gcp: parseGoogleCloudIpRanges,
  cloudflare: parseCloudflareIpList,
  fastly: parseFastlyIpList,
};

const cacheEntrySchema = z.object({
  url: z.string(),
  /** When the ranges were last downloaded; null when they never were. */
  fetchedAt: z.string().nullable(),
  attemptedAt: z.string(),
  ranges: z.array(
    z.object({ cidr: z.string(), provider: z.string(), region: z.string().nullable(), service: z.string().nullable() }),
  ),
});
type CacheEntry = z.output<typeof cacheEntrySchema>;

export interface IpRangesOptions {
  cacheDir: string;
  sources?: readonly IpRangeSource[];
  fetch?: FetchLike;
  now?: () => number;
  /** Ranges younger than this are used without asking again. */
  maxAgeMs?: number;
  /** After a failed download, wait this long before trying again. */
  retryAfterFailureMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface IpRangeSourceState {
  id: string;
  provider: string;
  url: string;
  fetchedAt: string | null;
  ranges: number;
  /** Came from the disk cache without a download this time. */
  fromCache: boolean;
  /** Why the last download failed (older ranges, if any, are still used). */
  problem: FetchProblem | 'malformed' | null;
}

export interface IpRangesSnapshot {
  index: IpRangeIndex;
  sources: IpRangeSourceState[];
  /** The oldest download among the sources that have ranges: the age to show. */
  oldestFetchedAt: string | null;
}

export const IP_RANGES_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const IP_RANGES_RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 20_000;
/** AWS's list is the largest, about 2 MB today. */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

async function readCache(path: string, url: string): Promise<CacheEntry | null> {
  try {
    const parsed = cacheEntrySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success && parsed.data.url === url ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeCache(path: string, entry: CacheEntry): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(entry));
  await rename(temporary, path);
}

async function loadSource(
  source: IpRangeSource,
  options: IpRangesOptions,
  now: number,
): Promise<{ state: IpRangeSourceState; ranges: IpRange[] }> {
  const path = join(options.cacheDir, `ip-ranges-${source.id}.json`);
  const cached = await readCache(path, source.url);
  const maxAge = options.maxAgeMs ?? IP_RANGES_MAX_AGE_MS;
  const retryAfter = options.retryAfterFailureMs ?? IP_RANGES_RETRY_AFTER_FAILURE_MS;
  const base = { id: source.id, provider: source.provider, url: source.url };
  const fromCache = (problem: IpRangeSourceState['problem']) => ({
    state: {
      ...base,
      fetchedAt: cached?.fetchedAt ?? null,
      ranges: cached?.ranges.length ?? 0,
      fromCache: true,
      problem,
    },
    ranges: cached?.ranges ?? [],
  });
  const fresh = cached?.fetchedAt != null && now - Date.parse(cached.fetchedAt) < maxAge;
  const recentlyFailed =
    cached != null && cached.fetchedAt !== cached.attemptedAt && now - Date.parse(cached.attemptedAt) < retryAfter;
  if (fresh || recentlyFailed) return fromCache(null);

  const download = await fetchBounded(source.url, {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    signal: options.signal,
  });
  const attemptedAt = new Date(now).toISOString();
  const ranges = download.ok ? PARSERS[source.format](decodeText(download.bytes)) : null;
  if (!ranges || ranges.length === 0) {
    const problem = download.ok ? 'malformed' : download.problem;
    if (problem !== 'aborted') {
      await writeCache(path, {
        url: source.url,
        fetchedAt: cached?.fetchedAt ?? null,
        attemptedAt,
        ranges: cached?.ranges ?? [],
      }).catch(() => undefined);
    }
    return fromCache(problem);
  }
  await writeCache(path, { url: source.url, fetchedAt: attemptedAt, attemptedAt, ranges }).catch(() => undefined);
  return { state: { ...base, fetchedAt: attemptedAt, ranges: ranges.length, fromCache: false, problem: null }, ranges };
}

/** Every source at once; never throws for a source that fails (its cached ranges, if any, still count). */
export async function loadIpRanges(options: IpRangesOptions): Promise<IpRangesSnapshot> {
  const now = (options.now ?? Date.now)();
  await mkdir(options.cacheDir, { recursive: true });
  const loaded = await Promise.all(
    (options.sources ?? IP_RANGE_SOURCES).map((source) => loadSource(source, options, now)),
  );
  const times = loaded.flatMap(({ state }) => (state.fetchedAt && state.ranges > 0 ? [state.fetchedAt] : [])).sort();
  return {
    index: buildIpRangeIndex(loaded.flatMap(({ ranges }) => ranges)),
    sources: loaded.map(({ state }) => state),
    oldestFetchedAt: times[0] ?? null,
  };
}

/** "Provider IP ranges updated 5 hours ago", or that they were never downloaded. */
export function describeIpRangesAge(oldestFetchedAt: string | null, now: number, t: Translate): string {
  if (!oldestFetchedAt) return t('catalog:ipRanges.missing');
  const hours = Math.max(0, Math.floor((now - Date.parse(oldestFetchedAt)) / (60 * 60 * 1000)));
  return t('catalog:ipRanges.age', { count: hours, hours });
}
