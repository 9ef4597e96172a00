// Google Cloud's incidents.json: every incident ever, newest first; the open
// ones have no `end`, and name the locations they currently affect.
import { z } from 'zod';
import { JSON_ACCEPT, type FeedIncident, type FeedKind } from './feed-kind';
import { cleanTitle, isoOrNull, parseJson, safeLink } from './feed-text';

const GCP_DASHBOARD = 'https://status.cloud.google.com/';

const gcpIncidents = z.array(
  z.object({
    external_desc: z.string(),
    begin: z.string().optional(),
    created: z.string().optional(),
    end: z.string().nullable().optional(),
    modified: z.string().optional(),
    uri: z.string().optional(),
    currently_affected_locations: z.array(z.object({ id: z.string() })).optional(),
  }),
);

export function parseGcpIncidents(text: string): FeedIncident[] | null {
  const parsed = gcpIncidents.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return parsed.data
    .filter((incident) => !incident.end)
    .map((incident) => ({
      title: cleanTitle(incident.external_desc),
      url: safeLink(incident.uri, GCP_DASHBOARD) ?? GCP_DASHBOARD,
      startedAt: isoOrNull(incident.created ?? incident.begin),
      updatedAt: isoOrNull(incident.modified),
      regions: (incident.currently_affected_locations ?? []).map((location) => location.id),
    }));
}

export const gcpIncidentsFeed: FeedKind = {
  documentUrl: (feed) => feed.url,
  accept: JSON_ACCEPT,
  parse: (text) => parseGcpIncidents(text),
};
