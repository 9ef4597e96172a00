// Which cloud or CDN serves an app, from the strongest evidence available:
// the config, the catalog, the DNS CNAME chain, the app's own host name,
// response headers, reverse DNS, the providers' published IP ranges, and
// finally what we remembered (CNAMEs seen in earlier rounds, then the provider
// learned then). The name rules apply alike to the chain, the host name and the
// remembered names, so an app whose DNS fails is still placed. The name and
// header rules themselves are catalog data (provider-signatures.ts).
import type { ProviderSource } from '../contracts/probe-results';
import type { IpRangeIndex } from './ip-range-index';
import { providerFromHeaders, providerFromHostname, type ProviderHint } from './provider-signatures';

export interface Attribution {
  provider: string | null;
  region: string | null;
  source: ProviderSource | null;
}

export interface AttributionInput {
  configProvider?: string | null;
  configRegion?: string | null;
  catalogProvider?: string | null;
  catalogRegion?: string | null;
  /** The app's own host name (`dynamodb.us-east-1.amazonaws.com` is AWS us-east-1 even when it resolves nowhere). */
  hostname?: string | null;
  /** Starting from the name asked, as DnsResult.cnameChain. */
  cnameChain?: string[];
  /** Lower-cased header names, as HttpResult.headers. */
  headers?: Record<string, string>;
  /** PTR names of the address. */
  reverseNames?: string[];
  address?: string | null;
  ipRanges?: IpRangeIndex | null;
  /** CNAMEs seen for the app in earlier rounds (monitor history), oldest first. */
  rememberedNames?: readonly string[];
  /** The app's last known provider (monitor history), used when nothing fresher says. */
  memory?: { provider: string; region: string | null } | null;
}

/**
 * The provider of a list of names. The last match wins the provider, because
 * the end of a CNAME chain is the host that actually answers; the region comes
 * from the nearest-to-the-end name of that provider that carries one.
 */
function providerFromNames(names: readonly string[]): ProviderHint | null {
  const hints = names.map(providerFromHostname).filter((hint): hint is ProviderHint => hint !== null);
  const last = hints.at(-1);
  if (!last) return null;
  const withRegion = hints.findLast((hint) => hint.provider === last.provider && hint.region !== null);
  return withRegion ? { ...last, region: withRegion.region } : last;
}

export function providerFromCnameChain(chain: readonly string[]): ProviderHint | null {
  return providerFromNames(chain);
}

export function providerFromReverseNames(names: readonly string[]): ProviderHint | null {
  return providerFromNames(names);
}

interface Candidate {
  source: ProviderSource;
  provider: string;
  region: string | null;
}

/**
 * Strongest source first. The winner's region, when it has none, is filled in
 * by the strongest weaker source naming the same provider with a region (a
 * catalog `aws` refined to `us-east-1` by `*.elb.us-east-1.amazonaws.com`).
 */
export function attributeProvider(input: AttributionInput): Attribution {
  const candidates: Candidate[] = [];
  const add = (source: ProviderSource, provider: string | null | undefined, region: string | null | undefined) => {
    if (provider) candidates.push({ source, provider, region: region || null });
  };
  add('config', input.configProvider, input.configRegion);
  add('catalog', input.catalogProvider, input.catalogRegion);
  const cname = providerFromCnameChain(input.cnameChain ?? []);
  add('cname', cname?.provider, cname?.region);
  const own = input.hostname ? providerFromHostname(input.hostname) : null;
  add('hostname', own?.provider, own?.region);
  const header = providerFromHeaders(input.headers ?? {});
  add('header', header?.provider, header?.region);
  const reverse = providerFromReverseNames(input.reverseNames ?? []);
  add('rdns', reverse?.provider, reverse?.region);
  const range = input.address && input.ipRanges ? input.ipRanges.lookup(input.address) : null;
  add('ip-range', range?.provider, range?.region);
  const remembered = providerFromNames(input.rememberedNames ?? []);
  add('memory', remembered?.provider, remembered?.region);
  add('memory', input.memory?.provider, input.memory?.region);

  const [winner, ...weaker] = candidates;
  if (!winner) return { provider: null, region: null, source: null };
  const region =
    winner.region ?? weaker.find((c) => c.provider === winner.provider && c.region !== null)?.region ?? null;
  return { provider: winner.provider, region, source: winner.source };
}
