// The catalog: known apps, provider canaries, providers, and provider attribution.
export {
  STATUS_FEED_KINDS,
  type StatusFeedKind,
  type StatusFeedRef,
  type CatalogApp,
  type CatalogCanary,
  type CatalogProvider,
} from './catalog-schema';
export { CATALOG_APPS, CATALOG_CANARIES, findCatalogApp } from './catalog-data';
export { PROVIDERS, findProvider, providerDisplayName, providerLabel, providerName } from './providers';
export {
  ATTRIBUTION_HEADER_NAMES,
  knownRegions,
  providerFromHeaders,
  providerFromHostname,
  regionIn,
  type ProviderHint,
} from './provider-signatures';
export {
  attributeProvider,
  providerFromCnameChain,
  providerFromReverseNames,
  type Attribution,
  type AttributionInput,
} from './attribution';
export { buildIpRangeIndex, parseCidr, parseIpAddress, type IpRange, type IpRangeIndex } from './ip-range-index';
