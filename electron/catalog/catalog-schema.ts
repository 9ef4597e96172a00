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

const regionId = z.string().regex(/^[a-z0-9-]+$/);
const region = regionId.nullable();

/** A regular expression's source, matched without regard to case. */
const pattern = z.string().refine((source) => {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** Why a rule is there, for whoever edits the data. */
const note = z.string().min(1).optional();

/** A name the provider owns: every host under `suffix` (and `suffix` itself) is theirs. */
export const domainRuleSchema = z.strictObject({
  suffix: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a lower-case domain without a final dot'),
  /** Every host under it is in this region. */
  region: regionId.optional(),
  /** Where the host name says its region: anywhere, by the provider's regionPattern; or the label before the suffix. */
  regionFrom: z.enum(['name', 'label']).optional(),
  note,
});
export type DomainRule = z.output<typeof domainRuleSchema>;

/** Which answered first: a CDN fronts a cloud's edge, which fronts a cloud's origin servers. */
export const HEADER_TIERS = ['cdn', 'cloud', 'origin'] as const;

/** Response headers that give the provider away; every test must hold. */
export const headerRuleSchema = z.strictObject({
  tier: z.enum(HEADER_TIERS),
  when: z
    .array(
      z.strictObject({
        /** Lower case, as HttpResult.headers keeps them. */
        header: z.string().regex(/^[a-z0-9-]+$/),
        /** Absent: the header being there is enough. */
        matches: pattern.optional(),
      }),
    )
    .min(1),
  note,
});
export type HeaderRule = z.output<typeof headerRuleSchema>;

export const providerSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(1),
    /** The name in sentences ("AWS us-east-1 is failing"); `name` when absent. */
    shortName: z.string().min(1).optional(),
    statusFeed: statusFeedRefSchema.optional(),
    /** How the provider spells a region inside other text (host names, feed keys). */
    regionPattern: pattern.optional(),
    /** The provider's region ids, where the pattern cannot tell them (Azure's are plain words). */
    regions: z.array(regionId).optional(),
    domains: z.array(domainRuleSchema).optional(),
    headers: z.array(headerRuleSchema).optional(),
  })
  .refine((provider) => provider.regionPattern || !provider.domains?.some((rule) => rule.regionFrom === 'name'), {
    message: 'regionFrom "name" needs the provider\'s regionPattern',
  });
export type CatalogProvider = z.output<typeof providerSchema>;

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
