// The catalog's facts (resources/catalog/*.json), validated once at load.
import { z } from 'zod';
import appsJson from '../../resources/catalog/apps.json';
import canariesJson from '../../resources/catalog/canaries.json';
import providersJson from '../../resources/catalog/providers.json';
import {
  appSchema,
  canarySchema,
  providerSchema,
  type CatalogApp,
  type CatalogCanary,
  type CatalogProvider,
} from './catalog-schema';

export const CATALOG_APPS: readonly CatalogApp[] = Object.freeze(z.array(appSchema).parse(appsJson));
export const CATALOG_CANARIES: readonly CatalogCanary[] = Object.freeze(z.array(canarySchema).parse(canariesJson));
export const PROVIDERS: readonly CatalogProvider[] = Object.freeze(z.array(providerSchema).parse(providersJson));

const appsById = new Map(CATALOG_APPS.map((app) => [app.id, app]));
const providersById = new Map(PROVIDERS.map((provider) => [provider.id, provider]));

export function findCatalogApp(id: string): CatalogApp | undefined {
  return appsById.get(id);
}

export function findProvider(id: string): CatalogProvider | undefined {
  return providersById.get(id);
}

/** The provider's display name (a brand, not translated); an unknown id is shown as given. */
export function providerName(id: string): string {
  return providersById.get(id)?.name ?? id;
}
