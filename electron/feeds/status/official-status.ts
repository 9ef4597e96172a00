// What the official feeds say about a verdict, as the Bridge's OfficialStatus
// records: which feeds to read (the provider's, then each affected app's own)
// and how far ahead of the status page we were.
import { findCatalogApp, findProvider } from '../../catalog/index';
import type { OfficialStatus } from '../../contracts/bridge';
import type { FeedReading, StatusFeedClient, StatusFeedTarget } from './client';
import { statusFeedDocumentUrl } from './registry';

/** The feeds to read for a verdict: its provider's, then each affected app's own. */
export function statusFeedTargetsFor(verdict: {
  provider: string | null;
  apps: readonly string[];
}): StatusFeedTarget[] {
  const targets: StatusFeedTarget[] = [];
  const providerFeed = verdict.provider ? findProvider(verdict.provider)?.statusFeed : undefined;
  if (verdict.provider && providerFeed) targets.push({ provider: verdict.provider, feed: providerFeed });
  for (const id of verdict.apps) {
    const feed = findCatalogApp(id)?.statusFeed;
    if (feed && !targets.some((t) => statusFeedDocumentUrl(t.feed) === statusFeedDocumentUrl(feed)))
      targets.push({ provider: id, feed });
  }
  return targets;
}

/**
 * Whole minutes from our incident opening to the feed's first acknowledgement:
 * positive when we saw it first ("seen N minutes before the status page"),
 * zero or negative when the feed was first, null when either time is unknown.
 */
export function minutesBeforeStatusPage(incidentOpenedAt: string | null, acknowledgedAt: string | null): number | null {
  if (!incidentOpenedAt || !acknowledgedAt) return null;
  const opened = Date.parse(incidentOpenedAt);
  const acknowledged = Date.parse(acknowledgedAt);
  if (!Number.isFinite(opened) || !Number.isFinite(acknowledged)) return null;
  const minutes = (acknowledged - opened) / 60_000;
  return minutes >= 0 ? Math.floor(minutes) : Math.ceil(minutes);
}

/** The bridge's record of a reading, with the lead over our incident when there is one. */
export function toOfficialStatus(reading: FeedReading, incidentOpenedAt: string | null): OfficialStatus {
  if (!reading.available) {
    return {
      provider: reading.provider,
      source: reading.source,
      acknowledged: false,
      title: null,
      url: null,
      updatedAt: null,
      leadMinutes: null,
      available: false,
    };
  }
  return {
    provider: reading.provider,
    source: reading.source,
    acknowledged: reading.acknowledged,
    title: reading.title,
    url: reading.url,
    updatedAt: reading.updatedAt,
    leadMinutes: reading.acknowledged ? minutesBeforeStatusPage(incidentOpenedAt, reading.acknowledgedAt) : null,
    available: true,
  };
}

/**
 * What the official feeds say about a verdict, ready for AppState.officialStatus:
 * the provider's feed (matched to the verdict's region) and the affected apps'
 * own feeds. Never throws; an unreadable feed comes back with available: false.
 */
export async function officialStatusFor(
  client: StatusFeedClient,
  verdict: { provider: string | null; region: string | null; apps: readonly string[] },
  incidentOpenedAt: string | null,
  signal?: AbortSignal,
): Promise<OfficialStatus[]> {
  const targets = statusFeedTargetsFor(verdict);
  const readings = await Promise.all(
    targets.map((target) =>
      client.read(target, target.provider === verdict.provider ? { region: verdict.region } : {}, signal),
    ),
  );
  return readings.map((reading) => toOfficialStatus(reading, incidentOpenedAt));
}
