// Atlassian Statuspage, which most companies' status pages run on: the page's
// /api/v2/summary.json lists the unresolved incidents and an overall indicator.
import { z } from 'zod';
import type { StatusFeedRef } from '../../catalog/index';
import { JSON_ACCEPT, type FeedIncident, type FeedKind } from './feed-kind';
import { cleanTitle, isoOrNull, parseJson, safeLink } from './feed-text';

const statuspageSummary = z.object({
  page: z.object({ url: z.string().optional(), updated_at: z.string().optional() }).optional(),
  status: z.object({ indicator: z.string(), description: z.string().optional() }),
  incidents: z.array(
    z.object({
      id: z.string().optional(),
      name: z.string(),
      status: z.string(),
      created_at: z.string().nullable().optional(),
      updated_at: z.string().nullable().optional(),
      shortlink: z.string().nullable().optional(),
    }),
  ),
});

const CLOSED_STATUSPAGE_STATES = new Set(['resolved', 'postmortem', 'completed']);

/** Statuspage summary.json: unresolved incidents; a non-`none` indicator without one still counts. */
export function parseStatuspageSummary(text: string, pageUrl: string): FeedIncident[] | null {
  const parsed = statuspageSummary.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const page = safeLink(parsed.data.page?.url, pageUrl) ?? pageUrl;
  const incidents = parsed.data.incidents
    .filter((incident) => !CLOSED_STATUSPAGE_STATES.has(incident.status))
    .map((incident) => ({
      title: cleanTitle(incident.name),
      url:
        safeLink(incident.shortlink, page) ??
        (incident.id ? safeLink(`incidents/${encodeURIComponent(incident.id)}`, page) : null) ??
        page,
      startedAt: isoOrNull(incident.created_at),
      updatedAt: isoOrNull(incident.updated_at),
      regions: [],
    }));
  if (
    incidents.length === 0 &&
    parsed.data.status.indicator !== 'none' &&
    parsed.data.status.indicator !== 'maintenance'
  ) {
    incidents.push({
      title: cleanTitle(parsed.data.status.description ?? parsed.data.status.indicator),
      url: page,
      startedAt: null,
      updatedAt: isoOrNull(parsed.data.page?.updated_at),
      regions: [],
    });
  }
  return incidents;
}

export const statuspageFeed: FeedKind = {
  /** The catalog names the page (`https://status.example.com`); the API lives under it. */
  documentUrl(feed: StatusFeedRef) {
    const base = feed.url.endsWith('/') ? feed.url : `${feed.url}/`;
    return new URL('api/v2/summary.json', base).toString();
  },
  accept: JSON_ACCEPT,
  parse: (text, feed) => parseStatuspageSummary(text, feed.url),
};
