// The official status pages the demo shows, answered in memory in each feed's
// published shape (AWS Health's current events, Statuspage's summary) and
// following the scenario: AWS reports the us-east-1 event during the AWS-like
// outage, Zoom's page an incident while Zoom is down, Reddit's page one during
// the Fastly-like outage. The providers' IP range lists are one list in
// memory too, in Cloudflare's published format, placing the demo's loopback
// address: Zoom, which no name or header places, is attributed by it, as the
// app attributes by the real lists. Nothing leaves the machine: every other
// URL is 404.
import type { DemoScenario } from '../../contracts/serve-protocol';
import type { OutsideDocuments } from '../../engine/engine';
import { WORLD_HOST } from '../../testkit/loopback-world';
import { statuspageSummary, usEast1AwsEvent } from '../../testkit/status-feed-documents';

type Fetch = NonNullable<OutsideDocuments['fetch']>;
type IpRangeSource = NonNullable<OutsideDocuments['ipRangeSources']>[number];

function awsEvents(now: number): string {
  const timestamp = Math.floor(now / 1000) - 10 * 60;
  const message = 'We are investigating increased error rates for multiple services in the US-EAST-1 Region.';
  return JSON.stringify([usEast1AwsEvent([{ message, timestamp }])]);
}

function statuspage(page: string, now: number, incident: string | null): string {
  const at = new Date(now - 8 * 60_000).toISOString();
  const incidents = incident
    ? [
        {
          id: `${page}-demo`,
          name: incident,
          status: 'investigating',
          created_at: at,
          updated_at: at,
          impact: 'major',
          shortlink: `https://${page}/incidents/demo`,
          started_at: at,
          incident_updates: [],
        },
      ]
    : [];
  return statuspageSummary(
    { id: page, name: page, url: `https://${page}`, updated_at: at },
    incidents,
    incident ? 'major' : 'none',
  );
}

/** The demo's range list: its own URL, never fetched from the network (demoOutside answers it from memory). */
export const DEMO_IP_RANGES: IpRangeSource = {
  id: 'demo-cloudflare',
  provider: 'cloudflare',
  format: 'cloudflare',
  url: 'https://ip-ranges.demo.invalid/ips-v4',
};

/** The document a status URL serves in this scenario; null for any other URL. */
export function demoFeedDocument(url: string, scenario: DemoScenario, now: number): string | null {
  if (url === DEMO_IP_RANGES.url) return `${WORLD_HOST}/32\n`;
  const { hostname } = new URL(url);
  switch (hostname) {
    case 'health.aws.amazon.com':
      return scenario === 'aws-like-outage' ? awsEvents(now) : '[]';
    case 'status.zoom.us':
      return statuspage(hostname, now, scenario === 'one-app-down' ? 'Meetings fail to start' : null);
    case 'www.redditstatus.com':
      return statuspage(hostname, now, scenario === 'fastly-like-outage' ? 'Elevated error rates' : null);
    default:
      return null;
  }
}

/** The demo's outside world: status pages and the IP range list from memory. */
export function demoOutside(scenario: () => DemoScenario): OutsideDocuments {
  const fetch: Fetch = async (url) => {
    const document = demoFeedDocument(url, scenario(), Date.now());
    return document === null
      ? new Response('not found', { status: 404 })
      : new Response(document, {
          status: 200,
          headers: { 'content-type': url === DEMO_IP_RANGES.url ? 'text/plain' : 'application/json' },
        });
  };
  return { fetch, statusRefreshMs: 5_000, statusFeeds: { minIntervalMs: 2_000 }, ipRangeSources: [DEMO_IP_RANGES] };
}
