// Display names of providers for verdict sentences. The catalog keeps the
// richer list; these few brands are repeated here so diagnose/ stays pure.
const PROVIDER_NAMES: Record<string, string> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  azure: 'Azure',
  cloudflare: 'Cloudflare',
  fastly: 'Fastly',
  akamai: 'Akamai',
  oracle: 'Oracle Cloud',
  digitalocean: 'DigitalOcean',
  meta: 'Meta',
  google: 'Google',
  microsoft: 'Microsoft',
  alibaba: 'Alibaba Cloud',
};

/** Brand names are not translated; an unknown id is shown as it is. */
export function providerDisplayName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}

/** "AWS us-east-1", or "AWS" without a region. */
export function providerLabel(provider: string, region: string | null): string {
  const name = providerDisplayName(provider);
  return region ? `${name} ${region}` : name;
}
