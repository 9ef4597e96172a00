// The response headers an HTTP probe keeps: those that name a provider or
// explain an error, bounded in length. The rest of a response is not recorded.
import type * as http from 'node:http';
import { ATTRIBUTION_HEADER_NAMES } from '../catalog/index';

/** Response headers kept in the record: they identify a provider or explain an error. */
export const PROVIDER_HEADER_NAMES = [
  'server',
  'via',
  'x-served-by',
  'x-cache',
  'x-cache-hits',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-amzn-errortype',
  'x-amz-request-id',
  'x-amz-id-2',
  'cf-ray',
  'cf-cache-status',
  'x-azure-ref',
  'x-msedge-ref',
  'x-ms-request-id',
  'x-fastly-request-id',
  'x-timer',
  'x-akamai-transformed',
  'akamai-grn',
  'x-cloud-trace-context',
  'location',
  'content-type',
  'retry-after',
  // A proxy's own answers (RFC 9209, Squid) tell its errors from the site's.
  'proxy-status',
  'proxy-authenticate',
  'x-squid-error',
] as const;

/** Any header starting with one of these is kept too (x-goog-generation, x-goog-hash, ...). */
export const PROVIDER_HEADER_PREFIXES = ['x-goog-'] as const;

/** The catalog's provider signatures read headers too: those are always kept. */
const KEPT_HEADERS = new Set<string>([...PROVIDER_HEADER_NAMES, ...ATTRIBUTION_HEADER_NAMES]);
const MAX_HEADER_VALUE_CHARS = 512;

/** Keeps only the provider/error headers, lower-cased, repeated values joined. */
export function pickProviderHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined) continue;
    if (!KEPT_HEADERS.has(lower) && !PROVIDER_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    kept[lower] = text.length > MAX_HEADER_VALUE_CHARS ? text.slice(0, MAX_HEADER_VALUE_CHARS) : text;
  }
  return kept;
}
