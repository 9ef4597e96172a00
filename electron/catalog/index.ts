// The catalog: known apps, provider canaries, providers, and provider attribution.
export {
  STATUS_FEED_KINDS,
  type StatusFeedKind,
  type StatusFeedRef,
  type CatalogApp,
  type CatalogCanary,
  type CatalogProvider,
} from './catalog-schema';
export { CATALOG_APPS, CATALOG_CANARIES, PROVIDERS, findCatalogApp, findProvider, providerName } from './catalog-data';
export {
  attributeProvider,
  providerFromCnameChain,
  providerFromHeaders,
  providerFromHostname,
  providerFromReverseNames,
  ATTRIBUTION_HEADER_NAMES,
  type Attribution,
  type AttributionInput,
  type ProviderHint,
} from './attribution';
export { buildIpRangeIndex, parseCidr, parseIpAddress, type IpRange, type IpRangeIndex } from './ip-range-index';
