// What gives a provider away, compiled from the catalog's data: the domains it
// owns (host names, CNAME targets, reverse DNS names), the response headers
// its edges and servers send, and how it spells a region. Pure, so the probe's
// attribution, diagnose/ and the status feeds all read the same rules.
import type { CatalogProvider, DomainRule } from './catalog-schema';
import { HEADER_TIERS } from './catalog-schema';
import { PROVIDERS, findProvider } from './providers';

export interface ProviderHint {
  provider: string;
  region: string | null;
  /** What gave it away: the matching host name, or the headers as `name: value`. */
  evidence: string;
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** A provider's region pattern, bounded so it matches whole dash-separated words only. */
const regionPatterns = new Map(
  PROVIDERS.flatMap((provider) =>
    provider.regionPattern
      ? [[provider.id, new RegExp(`(?<![a-z0-9])(${provider.regionPattern})(?![a-z0-9])`, 'i')] as const]
      : [],
  ),
);

/** The first region of `provider` named anywhere in `text` (`ec2-us-east-1`, `x.eu-west-1.amazonaws.com`). */
export function regionIn(provider: string, text: string): string | null {
  return regionPatterns.get(provider)?.exec(text)?.[1]?.toLowerCase() ?? null;
}

/** The provider's own region ids, for text that names a region by its plain words ("West Europe"). */
export function knownRegions(provider: string): ReadonlySet<string> {
  return new Set(findProvider(provider)?.regions ?? []);
}

interface OwnedDomain extends DomainRule {
  provider: string;
}

/** Longest suffix first, so `compute-1.amazonaws.com` is tried before `amazonaws.com`. */
const OWNED_DOMAINS: readonly OwnedDomain[] = PROVIDERS.flatMap((provider) =>
  (provider.domains ?? []).map((rule) => ({ ...rule, provider: provider.id })),
).sort((a, b) => b.suffix.length - a.suffix.length);

function regionOf(rule: OwnedDomain, host: string): string | null {
  if (rule.region) return rule.region;
  if (rule.regionFrom === 'name') return regionIn(rule.provider, host);
  if (rule.regionFrom === 'label') {
    const label =
      host
        .slice(0, -rule.suffix.length - 1)
        .split('.')
        .at(-1) ?? '';
    return /^[a-z0-9]+$/.test(label) ? label : null;
  }
  return null;
}

/** The provider one host name belongs to, with the region it names (if any). */
export function providerFromHostname(name: string): ProviderHint | null {
  const host = normalizeName(name);
  const rule = OWNED_DOMAINS.find((domain) => host === domain.suffix || host.endsWith(`.${domain.suffix}`));
  return rule ? { provider: rule.provider, region: regionOf(rule, host), evidence: host } : null;
}

interface CompiledHeaderRule {
  provider: string;
  tests: { header: string; matches: RegExp | null }[];
}

/** Edge before origin (the edge is what answered us); within a tier, the catalog's order. */
const HEADER_RULES: readonly CompiledHeaderRule[] = HEADER_TIERS.flatMap((tier) =>
  PROVIDERS.flatMap((provider: CatalogProvider) =>
    (provider.headers ?? [])
      .filter((rule) => rule.tier === tier)
      .map((rule) => ({
        provider: provider.id,
        tests: rule.when.map((test) => ({
          header: test.header,
          matches: test.matches === undefined ? null : new RegExp(test.matches, 'i'),
        })),
      })),
  ),
);

/** Header names the rules read; the HTTP probe must keep them (a test holds it to that). */
export const ATTRIBUTION_HEADER_NAMES: readonly string[] = [
  ...new Set(HEADER_RULES.flatMap((rule) => rule.tests.map((test) => test.header))),
];

/** The provider whose edge or servers sent these headers; the evidence quotes every header the rule read. */
export function providerFromHeaders(headers: Record<string, string>): ProviderHint | null {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  for (const rule of HEADER_RULES) {
    const holds = rule.tests.every(({ header, matches }) => {
      const value = lowered[header];
      return value !== undefined && (matches === null || matches.test(value));
    });
    if (holds) {
      const evidence = rule.tests.map(({ header }) => `${header}: ${lowered[header]}`).join(', ');
      return { provider: rule.provider, region: null, evidence };
    }
  }
  return null;
}
