// The shape of resources/catalog/*.json. The data is facts written by hand, so
// it is validated once at load and by the catalog test.
import { z } from 'zod';

export const STATUS_FEED_KINDS = ['statuspage', 'aws-health', 'gcp-incidents', 'azure-rss'] as const;
export type StatusFeedKind = (typeof STATUS_FEED_KINDS)[number];

const slug = z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case letters, digits and hyphens');
const httpsUrl = z.url({ protocol: /^https$/, hostname: z.regexes.domain });

export const statusFeedRefSchema = z.strictObject({
  kind: z.enum(STATUS_FEED_KINDS),
  /** For `statuspage`, the page's base URL (the API lives under /api/v2/); otherwise the feed itself. */
  url: httpsUrl,
});
export type StatusFeedRef = z.output<typeof statusFeedRefSchema>;

export const providerSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  statusFeed: statusFeedRefSchema.optional(),
});
export type CatalogProvider = z.output<typeof providerSchema>;

const region = z
  .string()
  .regex(/^[a-z0-9-]+$/)
  .nullable();

export const appSchema = z.strictObject({
  id: slug.max(40),
  /** The brand name, never translated. */
  name: z.string().min(1).max(60),
  /** The first one is the probe URL: lightweight, public, https, no login. */
  urls: z.array(httpsUrl).min(1),
  provider: slug.nullable(),
  region,
  /** A key of the `catalog:category.*` locale namespace. */
  category: slug,
  statusFeed: statusFeedRefSchema.nullable(),
});
export type CatalogApp = z.output<typeof appSchema>;

export const canarySchema = z.strictObject({
  id: slug.max(40),
  name: z.string().min(1),
  url: httpsUrl,
  provider: slug,
  region,
  /** The provider's service the endpoint belongs to, e.g. `dynamodb`. */
  service: slug,
});
export type CatalogCanary = z.output<typeof canarySchema>;
