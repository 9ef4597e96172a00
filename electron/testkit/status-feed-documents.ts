// Realistic documents in each status feed's published shape, for the feed
// tests, and the pieces the demo builds its status pages from.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Statuspage summary (api/v2/summary.json): the page, its components and incidents, and the overall indicator. */
export function statuspageSummary(
  page: Record<string, unknown>,
  incidents: unknown[],
  indicator: 'none' | 'major',
  components: unknown[] = [],
): string {
  return JSON.stringify({
    page,
    components,
    incidents,
    scheduled_maintenances: [],
    status:
      indicator === 'major'
        ? { indicator: 'major', description: 'Partial System Outage' }
        : { indicator: 'none', description: 'All Systems Operational' },
  });
}

const AWS_EVENT_SUMMARY = 'Increased Error Rates and Latencies';

/** AWS Health's open event for multiple services in us-east-1, dated by its first log entry (epoch seconds). */
export function usEast1AwsEvent(
  log: [{ message: string; timestamp: number }, ...{ message: string; timestamp: number }[]],
) {
  return {
    date: String(log[0].timestamp),
    region_name: 'N. Virginia',
    service: 'multipleservices-us-east-1',
    service_name: 'Multiple services',
    status: '3',
    summary: AWS_EVENT_SUMMARY,
    event_log: log.map(({ message, timestamp }) => ({ summary: AWS_EVENT_SUMMARY, message, status: 3, timestamp })),
  };
}

/** One component of the example page. */
function component(id: string, name: string, status: string, position: number, updatedAt: string) {
  return {
    id,
    name,
    status,
    created_at: '2020-01-01T00:00:00.000Z',
    updated_at: updatedAt,
    position,
    description: null,
    showcase: true,
    group_id: null,
    page_id: 'y2j98763l7m0',
    group: false,
    only_show_if_degraded: false,
  };
}

export const STATUSPAGE_INCIDENT = statuspageSummary(
  {
    id: 'y2j98763l7m0',
    name: 'Example',
    url: 'https://status.example.com',
    time_zone: 'Etc/UTC',
    updated_at: '2026-11-23T10:21:07.562Z',
  },
  [
    {
      id: 'p31zjtct2jer',
      name: 'Elevated error rates for API requests',
      status: 'investigating',
      created_at: '2026-11-23T10:14:00.000Z',
      updated_at: '2026-11-23T10:21:07.520Z',
      monitoring_at: null,
      resolved_at: null,
      impact: 'major',
      shortlink: 'https://stspg.io/p31zjtct2jer',
      started_at: '2026-11-23T09:58:00.000Z',
      page_id: 'y2j98763l7m0',
      incident_updates: [
        {
          id: 'u1',
          status: 'investigating',
          body: 'We are investigating elevated error rates.',
          incident_id: 'p31zjtct2jer',
          created_at: '2026-11-23T10:14:00.000Z',
          updated_at: '2026-11-23T10:14:00.000Z',
          display_at: '2026-11-23T10:14:00.000Z',
        },
      ],
      components: [{ id: 'c1', name: 'API', status: 'major_outage' }],
    },
    {
      id: 'zz9resolved',
      name: 'Delayed webhooks',
      status: 'resolved',
      created_at: '2026-11-23T07:00:00.000Z',
      updated_at: '2026-11-23T08:00:00.000Z',
      impact: 'minor',
      shortlink: 'https://stspg.io/zz9resolved',
    },
  ],
  'major',
  [
    component('c1', 'API', 'major_outage', 1, '2026-11-23T10:21:07.562Z'),
    component('c2', 'Dashboard', 'operational', 2, '2026-11-20T08:00:00.000Z'),
  ],
);

export const STATUSPAGE_ALL_CLEAR = statuspageSummary(
  { id: 'y2j98763l7m0', name: 'Example', url: 'https://status.example.com', updated_at: '2026-11-23T10:00:00.000Z' },
  [],
  'none',
);

export const STATUSPAGE_DEGRADED_WITHOUT_INCIDENT = JSON.stringify({
  page: { url: 'https://status.example.com', updated_at: '2026-11-23T10:05:00.000Z' },
  incidents: [],
  status: { indicator: 'minor', description: 'Minor Service Outage' },
});

export const AWS_EVENTS = JSON.stringify([
  {
    arn: 'arn:aws:health:us-east-1::event/MULTIPLE_SERVICES/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_BA540_514A652BE1A',
    ...usEast1AwsEvent([
      {
        message:
          'We are investigating increased error rates and latencies for multiple AWS services in the US-EAST-1 Region.',
        timestamp: 1761037080,
      },
      {
        message:
          'We have identified a potential root cause related to DNS resolution of the DynamoDB API endpoint in US-EAST-1.',
        timestamp: 1761041460,
      },
    ]),
    impacted_services: { dynamodb: { service_name: 'Amazon DynamoDB', current: '3', max: '3' } },
  },
  {
    date: '1761000000',
    region_name: 'Ireland',
    service: 'ec2-eu-west-1',
    service_name: 'Amazon Elastic Compute Cloud',
    status: '1',
    summary: '[RESOLVED] Instance connectivity',
    event_log: [
      { summary: '[RESOLVED] Instance connectivity', message: 'Resolved.', status: 1, timestamp: 1761003600 },
    ],
  },
]);

export const GCP_INCIDENTS = JSON.stringify([
  {
    id: 'ow5i3PPK96RduMcb1SsW',
    number: '1234567890123456789',
    begin: '2026-11-23T09:40:00+00:00',
    created: '2026-11-23T10:02:31+00:00',
    end: null,
    modified: '2026-11-23T10:30:00+00:00',
    external_desc: 'Multiple Google Cloud products are experiencing elevated error rates in us-east1',
    updates: [],
    most_recent_update: { created: '2026-11-23T10:30:00+00:00', text: 'Mitigation in progress.' },
    status_impact: 'SERVICE_OUTAGE',
    severity: 'high',
    service_key: 'zall',
    service_name: 'Multiple Products',
    affected_products: [{ title: 'Google Compute Engine', id: 'L3MkJn4Eb4Ssg2mLVVb2' }],
    uri: 'incidents/ow5i3PPK96RduMcb1SsW',
    currently_affected_locations: [{ title: 'South Carolina (us-east1)', id: 'us-east1' }],
    previously_affected_locations: [],
  },
  {
    id: 'old1',
    begin: '2026-10-01T00:00:00+00:00',
    created: '2026-10-01T00:10:00+00:00',
    end: '2026-10-01T02:00:00+00:00',
    modified: '2026-10-01T02:00:00+00:00',
    external_desc: 'Cloud Storage latency',
    uri: 'incidents/old1',
    currently_affected_locations: [],
  },
]);

export const AZURE_RSS_INCIDENT = `<?xml version="1.0" encoding="utf-8"?>
<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Azure Status</title>
    <link>https://azure.status.microsoft/en-us/status/</link>
    <description>Azure Status</description>
    <language>en-US</language>
    <lastBuildDate>Sun, 23 Nov 2026 10:40:00 Z</lastBuildDate>
    <item>
      <guid isPermaLink="false">VSG1-B90</guid>
      <link>https://azure.status.microsoft/en-us/status/</link>
      <category>Azure Front Door</category>
      <title>Azure Front Door &amp; CDN - Connectivity issues</title>
      <description><![CDATA[<p><strong>Impact Statement:</strong> Starting at 10:18 UTC customers may experience timeouts.</p>]]></description>
      <pubDate>Sun, 23 Nov 2026 10:31:00 Z</pubDate>
    </item>
  </channel>
</rss>`;

export const AZURE_RSS_ALL_CLEAR = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Azure Status</title><link>https://azure.status.microsoft/en-us/status/</link><description>Azure Status</description></channel></rss>`;

/** AWS Health serves its JSON as UTF-16 with a byte-order mark: a loopback server that does the same. */
export async function startAwsHealthFixture(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AWS_EVENTS, 'utf16le')]);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/public/currentevents`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
