// Which cloud or CDN serves an app, from the strongest evidence available:
// the config, the catalog, the DNS CNAME chain, response headers, reverse DNS,
// the providers' published IP ranges, and finally what we remembered.
import type { ProviderSource } from '../contracts/probe-results';
import type { IpRangeIndex } from './ip-range-index';

export interface ProviderHint {
  provider: string;
  region: string | null;
  /** What gave it away: the matching host name, or the header as `name: value`. */
  evidence: string;
}

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
  /** Starting from the name asked, as DnsResult.cnameChain. */
  cnameChain?: string[];
  /** Lower-cased header names, as HttpResult.headers. */
  headers?: Record<string, string>;
  /** PTR names of the address. */
  reverseNames?: string[];
  address?: string | null;
  ipRanges?: IpRangeIndex | null;
  /** The app's last known provider (monitor history), used when nothing fresher says. */
  memory?: { provider: string; region: string | null } | null;
}

const AWS_REGION =
  /(?<![a-z0-9])((?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2})(?![a-z0-9])/;

function awsRegionIn(name: string): string | null {
  // EC2's oldest naming: `ec2-198-51-100-1.compute-1.amazonaws.com` is us-east-1.
  if (/(?:^|\.)compute-1\.amazonaws\.com$/.test(name)) return 'us-east-1';
  return AWS_REGION.exec(name)?.[1] ?? null;
}

function azureRegionIn(name: string): string | null {
  return /(?:^|\.)([a-z0-9]+)\.cloudapp\.azure\.com$/.exec(name)?.[1] ?? null;
}

interface HostnameRule {
  provider: string;
  suffix: string;
  region?: (name: string) => string | null;
}

const HOSTNAME_RULES: readonly HostnameRule[] = [
  { provider: 'aws', suffix: 'cloudfront.net' },
  { provider: 'aws', suffix: 'awsglobalaccelerator.com' },
  { provider: 'aws', suffix: 'amazonaws.com', region: awsRegionIn },
  { provider: 'aws', suffix: 'elasticbeanstalk.com', region: awsRegionIn },
  { provider: 'azure', suffix: 'azurefd.net' },
  { provider: 'azure', suffix: 'azureedge.net' },
  { provider: 'azure', suffix: 'trafficmanager.net' },
  { provider: 'azure', suffix: 'cloudapp.azure.com', region: azureRegionIn },
  { provider: 'azure', suffix: 'cloudapp.net' },
  { provider: 'azure', suffix: 'azurewebsites.net' },
  { provider: 'gcp', suffix: 'googlehosted.com' },
  { provider: 'gcp', suffix: 'appspot.com' },
  { provider: 'gcp', suffix: 'googleusercontent.com' },
  // Reverse DNS of Google's own front ends.
  { provider: 'google', suffix: '1e100.net' },
  { provider: 'cloudflare', suffix: 'cdn.cloudflare.net' },
  { provider: 'fastly', suffix: 'fastly.net' },
  { provider: 'fastly', suffix: 'fastlylb.net' },
  { provider: 'akamai', suffix: 'akamaiedge.net' },
  { provider: 'akamai', suffix: 'edgekey.net' },
  { provider: 'akamai', suffix: 'edgesuite.net' },
  { provider: 'akamai', suffix: 'akamai.net' },
  { provider: 'akamai', suffix: 'akamaized.net' },
  { provider: 'akamai', suffix: 'akamaihd.net' },
  // Reverse DNS of Akamai edge servers.
  { provider: 'akamai', suffix: 'akamaitechnologies.com' },
];

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The provider one host name belongs to, with the region it names (if any). */
export function providerFromHostname(name: string): ProviderHint | null {
  const host = normalizeName(name);
  for (const rule of HOSTNAME_RULES) {
    if (host === rule.suffix || host.endsWith(`.${rule.suffix}`)) {
      return { provider: rule.provider, region: rule.region?.(host) ?? null, evidence: host };
    }
  }
  return null;
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

interface HeaderRule {
  provider: string;
  matches: (headers: Record<string, string>) => string | null;
}

const present = (name: string) => (headers: Record<string, string>) =>
  headers[name] !== undefined ? `${name}: ${headers[name]}` : null;
const valueMatches = (name: string, pattern: RegExp) => (headers: Record<string, string>) => {
  const value = headers[name];
  return value !== undefined && pattern.test(value) ? `${name}: ${value}` : null;
};

/** Edge (CDN) headers come before origin ones: the edge is what answered us. */
const HEADER_RULES: readonly HeaderRule[] = [
  { provider: 'cloudflare', matches: present('cf-ray') },
  { provider: 'cloudflare', matches: valueMatches('server', /^cloudflare\b/i) },
  {
    provider: 'fastly',
    matches: (headers) =>
      headers['x-served-by'] !== undefined && /\bvarnish\b/i.test(headers.via ?? '')
        ? `x-served-by: ${headers['x-served-by']}`
        : null,
  },
  { provider: 'akamai', matches: valueMatches('server', /^Akamai(GHost|NetStorage)\b/i) },
  { provider: 'aws', matches: present('x-amz-cf-id') },
  { provider: 'aws', matches: present('x-amz-cf-pop') },
  { provider: 'azure', matches: present('x-azure-ref') },
  { provider: 'azure', matches: present('x-msedge-ref') },
  { provider: 'google', matches: valueMatches('server', /^gws\b/i) },
  { provider: 'gcp', matches: valueMatches('server', /^Google Frontend\b/i) },
  { provider: 'gcp', matches: valueMatches('via', /(^|[\s,])\d(\.\d)? google\b/i) },
  { provider: 'aws', matches: valueMatches('server', /^awselb\b/i) },
  { provider: 'aws', matches: valueMatches('server', /^AmazonS3\b/i) },
  { provider: 'aws', matches: present('x-amzn-requestid') },
];

/** Header names the rules read; the HTTP probe must keep them (a test holds it to that). */
export const ATTRIBUTION_HEADER_NAMES = [
  'cf-ray',
  'server',
  'via',
  'x-served-by',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-azure-ref',
  'x-msedge-ref',
  'x-amzn-requestid',
] as const;

export function providerFromHeaders(headers: Record<string, string>): ProviderHint | null {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  for (const rule of HEADER_RULES) {
    const evidence = rule.matches(lowered);
    if (evidence) return { provider: rule.provider, region: null, evidence };
  }
  return null;
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
  const header = providerFromHeaders(input.headers ?? {});
  add('header', header?.provider, header?.region);
  const reverse = providerFromReverseNames(input.reverseNames ?? []);
  add('rdns', reverse?.provider, reverse?.region);
  const range = input.address && input.ipRanges ? input.ipRanges.lookup(input.address) : null;
  add('ip-range', range?.provider, range?.region);
  add('memory', input.memory?.provider, input.memory?.region);

  const [winner, ...weaker] = candidates;
  if (!winner) return { provider: null, region: null, source: null };
  const region =
    winner.region ?? weaker.find((c) => c.provider === winner.provider && c.region !== null)?.region ?? null;
  return { provider: winner.provider, region, source: winner.source };
}
