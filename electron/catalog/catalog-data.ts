// The catalog's facts (resources/catalog/*.json), validated once at load.
import { z } from 'zod';
import appsJson from '../../resources/catalog/apps.json';
import canariesJson from '../../resources/catalog/canaries.json';
import { appSchema, canarySchema, type CatalogApp, type CatalogCanary } from './catalog-schema';

export const CATALOG_APPS: readonly CatalogApp[] = Object.freeze(z.array(appSchema).parse(appsJson));
export const CATALOG_CANARIES: readonly CatalogCanary[] = Object.freeze(z.array(canarySchema).parse(canariesJson));

const appsById = new Map(CATALOG_APPS.map((app) => [app.id, app]));

export function findCatalogApp(id: string): CatalogApp | undefined {
  return appsById.get(id);
}
