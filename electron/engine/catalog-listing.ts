// The catalog as the front doors show it: the Settings list over the Bridge,
// and what `outage-watch catalog` prints (the whole catalog, with the status
// feed each provider is read from).
import type { CatalogEntry } from '../contracts/bridge';
import { CATALOG_APPS, CATALOG_CANARIES, PROVIDERS } from '../catalog/index';
import { statusFeedDocumentUrl } from '../feeds/status/index';

export type CatalogProvider = (typeof PROVIDERS)[number];

/** The apps Settings can add, as the Bridge's getCatalog returns them. */
export function catalogEntries(): CatalogEntry[] {
  return CATALOG_APPS.map((app) => ({
    id: app.id,
    name: app.name,
    provider: app.provider,
    region: app.region,
    urls: [...app.urls],
    category: app.category,
  }));
}

/** The catalog as data: what `catalog --json` prints. */
export function catalogDocument() {
  return { schema: 1 as const, apps: CATALOG_APPS, canaries: CATALOG_CANARIES, providers: PROVIDERS };
}

/** The document the engine reads for a provider's official status; null when it has none. */
export function statusFeedUrlOf(provider: CatalogProvider): string | null {
  return provider.statusFeed ? statusFeedDocumentUrl(provider.statusFeed) : null;
}
