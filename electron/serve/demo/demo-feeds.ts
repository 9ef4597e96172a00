// The official status pages the demo shows, answered in memory in each feed's
// published shape (AWS Health's current events, Statuspage's summary) and
// following the scenario: AWS reports the us-east-1 event during the AWS-like
// outage, Zoom's page an incident while Zoom is down, Reddit's page one during
// the Fastly-like outage. Nothing leaves the machine: every other URL is 404.
import type { DemoScenario } from '../../contracts/serve-protocol';
import type { OutsideDocuments } from '../../engine/engine';
import { statuspageSummary, usEast1AwsEvent } from '../../testkit/status-feed-documents';

type Fetch = NonNullable<OutsideDocuments['fetch']>;

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

/** The document a status URL serves in this scenario; null for any other URL. */
export function demoFeedDocument(url: string, scenario: DemoScenario, now: number): string | null {
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

/** The demo's outside world: status pages from memory, no IP range downloads (every demo app is on loopback). */
export function demoOutside(scenario: () => DemoScenario): OutsideDocuments {
  const fetch: Fetch = async (url) => {
    const document = demoFeedDocument(url, scenario(), Date.now());
    return document === null
      ? new Response('not found', { status: 404 })
      : new Response(document, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, statusRefreshMs: 5_000, statusFeeds: { minIntervalMs: 2_000 }, ipRangeSources: [] };
}
