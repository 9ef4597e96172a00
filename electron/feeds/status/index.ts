// The providers' own word on an outage: status feeds of four kinds, read by
// one polite, bounded client, turned into the Bridge's OfficialStatus records.
export {
  createStatusFeedClient,
  FEED_MAX_BACKOFF_MS,
  FEED_MIN_INTERVAL_MS,
  type FeedMatch,
  type FeedProblem,
  type FeedReading,
  type StatusFeedClient,
  type StatusFeedClientOptions,
  type StatusFeedTarget,
} from './client';
export type { FeedIncident } from './feed-kind';
export { minutesBeforeStatusPage, officialStatusFor, statusFeedTargetsFor, toOfficialStatus } from './official-status';
export { FEED_KINDS, statusFeedDocumentUrl } from './registry';
