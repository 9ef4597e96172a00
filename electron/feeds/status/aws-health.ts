// AWS Health's public current events: a JSON array (served as UTF-16) of open
// events, each with the service key that carries its region (`ec2-us-east-1`).
import { z } from 'zod';
import { regionIn } from '../../catalog/index';
import { JSON_ACCEPT, type FeedIncident, type FeedKind } from './feed-kind';
import { cleanTitle, parseJson } from './feed-text';

const AWS_DASHBOARD = 'https://health.aws.amazon.com/health/status';

const awsEvents = z.array(
  z.object({
    date: z.union([z.string(), z.number()]).optional(),
    service: z.string().optional(),
    service_name: z.string().optional(),
    region_name: z.string().optional(),
    region_id: z.string().optional(),
    summary: z.string().optional(),
    event_log: z
      .array(z.object({ summary: z.string().optional(), timestamp: z.union([z.string(), z.number()]).optional() }))
      .optional(),
  }),
);

function unixSeconds(value: string | number | undefined): string | null {
  const seconds = typeof value === 'number' ? value : Number(value);
  return value !== undefined && value !== '' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString()
    : null;
}

/** The open events; one whose latest word is `[RESOLVED]` no longer counts. */
export function parseAwsHealthEvents(text: string): FeedIncident[] | null {
  const parsed = awsEvents.safeParse(parseJson(text));
  if (!parsed.success) return null;
  return parsed.data.flatMap((event) => {
    const log = event.event_log ?? [];
    const latestSummary = log.at(-1)?.summary ?? event.summary ?? '';
    if (/^\s*\[resolved\]/i.test(latestSummary) || /^\s*\[resolved\]/i.test(event.summary ?? '')) return [];
    const region = event.region_id ?? regionIn('aws', event.service ?? '');
    const where =
      event.service_name && event.region_name ? `${event.service_name} (${event.region_name})` : event.service_name;
    const summary = event.summary ?? latestSummary;
    const stamps = log
      .map((entry) => unixSeconds(entry.timestamp))
      .filter((s): s is string => s !== null)
      .sort();
    return [
      {
        title: cleanTitle(where ? `${where}: ${summary}` : summary),
        url: AWS_DASHBOARD,
        startedAt: unixSeconds(event.date) ?? stamps[0] ?? null,
        updatedAt: stamps.at(-1) ?? unixSeconds(event.date),
        regions: region ? [region] : [],
      },
    ];
  });
}

export const awsHealthFeed: FeedKind = {
  documentUrl: (feed) => feed.url,
  accept: JSON_ACCEPT,
  parse: (text) => parseAwsHealthEvents(text),
};
