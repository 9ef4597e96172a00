// What every kind of status feed provides, and what its reader returns: the
// open incidents the provider admits to. One file per kind (statuspage.ts,
// aws-health.ts, gcp-incidents.ts, azure-rss.ts); registry.ts names them all.
import type { StatusFeedRef } from '../../catalog/index';

/** One problem the feed admits to, still open. */
export interface FeedIncident {
  /** null when the feed gives none (the window then shows only who reports a problem). */
  title: string | null;
  url: string | null;
  /** When the feed first said so (its acknowledgement), ISO. */
  startedAt: string | null;
  updatedAt: string | null;
  /** Regions or locations it names; empty when it does not say (then it counts for every region). */
  regions: string[];
}

export interface FeedKind {
  /** The document to download for a catalog feed reference. */
  documentUrl(feed: StatusFeedRef): string;
  /** The HTTP Accept header for that document. */
  accept: string;
  /** The open incidents the document lists; null when it is not the expected document. */
  parse(text: string, feed: StatusFeedRef): FeedIncident[] | null;
}

export const JSON_ACCEPT = 'application/json, */*;q=0.1';
