// The providers (clouds, CDNs, the big platforms) from resources/catalog/providers.json,
// validated once at load: their names, status feeds, regions and signatures. Pure data
// and lookups, so diagnose/ may read it too.
import { z } from 'zod';
import providersJson from '../../resources/catalog/providers.json';
import { providerSchema, type CatalogProvider } from './catalog-schema';

export const PROVIDERS: readonly CatalogProvider[] = Object.freeze(z.array(providerSchema).parse(providersJson));

const providersById = new Map(PROVIDERS.map((provider) => [provider.id, provider]));

export function findProvider(id: string): CatalogProvider | undefined {
  return providersById.get(id);
}

/** The provider's full name (a brand, not translated); an unknown id is shown as given. */
export function providerName(id: string): string {
  return providersById.get(id)?.name ?? id;
}

/** The name in sentences: "AWS", "Azure", "Google Cloud"; an unknown id is shown as given. */
export function providerDisplayName(id: string): string {
  const provider = providersById.get(id);
  return provider?.shortName ?? provider?.name ?? id;
}

/** "AWS us-east-1", or "AWS" without a region. */
export function providerLabel(id: string, region: string | null): string {
  const name = providerDisplayName(id);
  return region ? `${name} ${region}` : name;
}
