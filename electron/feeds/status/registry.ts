// Every kind of status feed the catalog may name, and the reader for each.
// Adding a kind is adding its file and one line here (the type checks that
// every kind in catalog-schema.ts has one).
import type { StatusFeedKind, StatusFeedRef } from '../../catalog/index';
import { awsHealthFeed } from './aws-health';
import { azureRssFeed } from './azure-rss';
import type { FeedKind } from './feed-kind';
import { gcpIncidentsFeed } from './gcp-incidents';
import { statuspageFeed } from './statuspage';

export const FEED_KINDS: Readonly<Record<StatusFeedKind, FeedKind>> = {
  statuspage: statuspageFeed,
  'aws-health': awsHealthFeed,
  'gcp-incidents': gcpIncidentsFeed,
  'azure-rss': azureRssFeed,
};

/** The document a feed reference points at (`https://status.example.com` -> its summary.json). */
export function statusFeedDocumentUrl(feed: StatusFeedRef): string {
  return FEED_KINDS[feed.kind].documentUrl(feed);
}
