import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createTranslator } from '../i18n/translate';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import {
  createStatusFeedClient,
  describeFeedReading,
  minutesBeforeStatusPage,
  officialStatusFor,
  parseAwsHealthEvents,
  parseAzureStatusRss,
  parseGcpIncidents,
  parseStatuspageSummary,
  statusFeedDocumentUrl,
  statusFeedTargetsFor,
  toOfficialStatus,
  type FeedReading,
  type StatusFeedTarget,
} from './status-feeds';

// Realistic documents in each feed's published shape.
const STATUSPAGE_INCIDENT = JSON.stringify({
  page: {
    id: 'y2j98763l7m0',
    name: 'Example',
    url: 'https://status.example.com',
    time_zone: 'Etc/UTC',
    updated_at: '2026-11-23T10:21:07.562Z',
  },
  components: [
    {
      id: 'c1',
      name: 'API',
      status: 'major_outage',
      created_at: '2020-01-01T00:00:00.000Z',
      updated_at: '2026-11-23T10:21:07.562Z',
      position: 1,
      description: null,
      showcase: true,
      group_id: null,
      page_id: 'y2j98763l7m0',
      group: false,
      only_show_if_degraded: false,
    },
    {
      id: 'c2',
      name: 'Dashboard',
      status: 'operational',
      created_at: '2020-01-01T00:00:00.000Z',
      updated_at: '2026-11-20T08:00:00.000Z',
      position: 2,
      description: null,
      showcase: true,
      group_id: null,
      page_id: 'y2j98763l7m0',
      group: false,
      only_show_if_degraded: false,
    },
  ],
  incidents: [
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
  scheduled_maintenances: [],
  status: { indicator: 'major', description: 'Partial System Outage' },
});

const STATUSPAGE_ALL_CLEAR = JSON.stringify({
  page: {
    id: 'y2j98763l7m0',
    name: 'Example',
    url: 'https://status.example.com',
    updated_at: '2026-11-23T10:00:00.000Z',
  },
  components: [],
  incidents: [],
  scheduled_maintenances: [],
  status: { indicator: 'none', description: 'All Systems Operational' },
});

const STATUSPAGE_DEGRADED_WITHOUT_INCIDENT = JSON.stringify({
  page: { url: 'https://status.example.com', updated_at: '2026-11-23T10:05:00.000Z' },
  incidents: [],
  status: { indicator: 'minor', description: 'Minor Service Outage' },
});

const AWS_EVENTS = JSON.stringify([
  {
    arn: 'arn:aws:health:us-east-1::event/MULTIPLE_SERVICES/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_BA540_514A652BE1A',
    date: '1761037080',
    region_name: 'N. Virginia',
    service: 'multipleservices-us-east-1',
    service_name: 'Multiple services',
    status: '3',
    summary: 'Increased Error Rates and Latencies',
    event_log: [
      {
        summary: 'Increased Error Rates and Latencies',
        message:
          'We are investigating increased error rates and latencies for multiple AWS services in the US-EAST-1 Region.',
        status: 3,
        timestamp: 1761037080,
      },
      {
        summary: 'Increased Error Rates and Latencies',
        message:
          'We have identified a potential root cause related to DNS resolution of the DynamoDB API endpoint in US-EAST-1.',
        status: 3,
        timestamp: 1761041460,
      },
    ],
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

const GCP_INCIDENTS = JSON.stringify([
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

const AZURE_RSS_INCIDENT = `<?xml version="1.0" encoding="utf-8"?>
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

const AZURE_RSS_ALL_CLEAR = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Azure Status</title><link>https://azure.status.microsoft/en-us/status/</link><description>Azure Status</description></channel></rss>`;

test('Statuspage summary: open incidents count, resolved ones and maintenance do not', () => {
  assert.deepEqual(parseStatuspageSummary(STATUSPAGE_INCIDENT, 'https://status.example.com'), [
    {
      title: 'Elevated error rates for API requests',
      url: 'https://stspg.io/p31zjtct2jer',
      startedAt: '2026-11-23T10:14:00.000Z',
      updatedAt: '2026-11-23T10:21:07.520Z',
      regions: [],
    },
  ]);
  assert.deepEqual(parseStatuspageSummary(STATUSPAGE_ALL_CLEAR, 'https://status.example.com'), []);
  assert.deepEqual(
    parseStatuspageSummary(STATUSPAGE_DEGRADED_WITHOUT_INCIDENT, 'https://status.example.com')?.map((i) => i.title),
    ['Minor Service Outage'],
  );
  assert.equal(parseStatuspageSummary('{"status": {}}', 'https://status.example.com'), null);
  assert.equal(parseStatuspageSummary('<html>', 'https://status.example.com'), null);
});

test('AWS Health events: region from the service key, [RESOLVED] ones dropped', () => {
  const incidents = parseAwsHealthEvents(AWS_EVENTS);
  assert.equal(incidents?.length, 1);
  assert.deepEqual(incidents?.[0], {
    title: 'Multiple services (N. Virginia): Increased Error Rates and Latencies',
    url: 'https://health.aws.amazon.com/health/status',
    startedAt: '2025-10-21T08:58:00.000Z',
    updatedAt: '2025-10-21T10:11:00.000Z',
    regions: ['us-east-1'],
  });
  assert.deepEqual(parseAwsHealthEvents('[]'), []);
  assert.equal(parseAwsHealthEvents('{"events": []}'), null);
});

test('Google Cloud incidents.json: only incidents without an end, with their locations', () => {
  assert.deepEqual(parseGcpIncidents(GCP_INCIDENTS), [
    {
      title: 'Multiple Google Cloud products are experiencing elevated error rates in us-east1',
      url: 'https://status.cloud.google.com/incidents/ow5i3PPK96RduMcb1SsW',
      startedAt: '2026-11-23T10:02:31.000Z',
      updatedAt: '2026-11-23T10:30:00.000Z',
      regions: ['us-east1'],
    },
  ]);
  assert.equal(parseGcpIncidents('{}'), null);
});

test('Azure status RSS: one item per active incident, entities and CDATA decoded', () => {
  assert.deepEqual(parseAzureStatusRss(AZURE_RSS_INCIDENT), [
    {
      title: 'Azure Front Door & CDN - Connectivity issues',
      url: 'https://azure.status.microsoft/en-us/status/',
      startedAt: '2026-11-23T10:31:00.000Z',
      updatedAt: '2026-11-23T10:31:00.000Z',
      regions: [],
    },
  ]);
  assert.deepEqual(parseAzureStatusRss(AZURE_RSS_ALL_CLEAR), []);
  const entities =
    '<rss><channel><title>Azure Status</title><item><title>A &#x41; &#66; &#99999999; &bogus;</title></item></channel></rss>';
  assert.equal(parseAzureStatusRss(entities)?.[0]?.title, 'A A B &#99999999; &bogus;');
  assert.equal(parseAzureStatusRss('{"not": "rss"}'), null);
  assert.equal(parseAzureStatusRss('<rss><channel><item><title>cut off'), null);
});

test('seen N minutes before the status page', () => {
  assert.equal(minutesBeforeStatusPage('2026-11-23T10:00:00Z', '2026-11-23T10:14:59Z'), 14);
  assert.equal(minutesBeforeStatusPage('2026-11-23T10:00:00Z', '2026-11-23T10:00:30Z'), 0);
  assert.equal(
    minutesBeforeStatusPage('2026-11-23T10:00:00Z', '2026-11-23T09:45:00Z'),
    -15,
    'the status page was first',
  );
  assert.equal(minutesBeforeStatusPage('2026-11-23T10:00:00Z', null), null);
  assert.equal(minutesBeforeStatusPage(null, '2026-11-23T10:00:00Z'), null);
  assert.equal(minutesBeforeStatusPage('garbage', '2026-11-23T10:00:00Z'), null);
});

test('the feeds for a verdict: the provider first, then the apps that have their own', () => {
  const targets = statusFeedTargetsFor({ provider: 'aws', apps: ['zoom', 'netflix', 'reddit'] });
  assert.deepEqual(
    targets.map((t) => [t.provider, t.feed.kind]),
    [
      ['aws', 'aws-health'],
      ['zoom', 'statuspage'],
      ['reddit', 'statuspage'],
    ],
  );
  assert.equal(
    statusFeedDocumentUrl({ kind: 'statuspage', url: 'https://status.zoom.us' }),
    'https://status.zoom.us/api/v2/summary.json',
  );
  assert.deepEqual(statusFeedTargetsFor({ provider: null, apps: ['netflix'] }), []);
});

let server: FakeHttpHandle;
let utf16Server: http.Server;
let utf16Url: string;

before(async () => {
  server = await startFakeHttp({ host: '127.0.0.1' });
  utf16Server = http.createServer((_req, res) => {
    // AWS Health serves its JSON as UTF-16 with a byte-order mark.
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AWS_EVENTS, 'utf16le')]);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => utf16Server.listen(0, '127.0.0.1', resolve));
  utf16Url = `http://127.0.0.1:${(utf16Server.address() as AddressInfo).port}/public/currentevents`;
});

after(async () => {
  await server.close();
  await new Promise<void>((resolve) => utf16Server.close(() => resolve()));
});

const statuspageAt = (path: string): StatusFeedTarget => ({
  provider: 'example',
  feed: { kind: 'statuspage', url: server.url(path) },
});

function requestsTo(path: string): number {
  return server.requests.filter((r) => r.path === path).length;
}

test('reads each kind of feed over HTTP and matches the region', async () => {
  server.setRoute('/sp/api/v2/summary.json', {
    kind: 'respond',
    body: STATUSPAGE_INCIDENT,
    headers: { 'content-type': 'application/json' },
  });
  server.setRoute('/incidents.json', { kind: 'respond', body: GCP_INCIDENTS });
  server.setRoute('/azure/feed/', {
    kind: 'respond',
    body: AZURE_RSS_INCIDENT,
    headers: { 'content-type': 'application/rss+xml' },
  });
  const client = createStatusFeedClient({ now: () => Date.parse('2026-11-23T10:40:00Z') });

  const statuspage = await client.read(statuspageAt('/sp/'));
  assert.equal(statuspage.available && statuspage.acknowledged, true);
  assert.equal(statuspage.available && statuspage.acknowledgedAt, '2026-11-23T10:14:00.000Z');
  assert.equal(statuspage.source, server.url('/sp/api/v2/summary.json'));

  const aws: StatusFeedTarget = { provider: 'aws', feed: { kind: 'aws-health', url: utf16Url } };
  const inUsEast1 = await client.read(aws, { region: 'us-east-1' });
  assert.equal(inUsEast1.available && inUsEast1.acknowledged, true, JSON.stringify(inUsEast1));
  assert.equal(
    inUsEast1.available && inUsEast1.title,
    'Multiple services (N. Virginia): Increased Error Rates and Latencies',
  );
  const inUsWest2 = await client.read(aws, { region: 'us-west-2' });
  assert.equal(inUsWest2.available && inUsWest2.acknowledged, false, 'the feed names another region');

  const gcp = await client.read(
    { provider: 'gcp', feed: { kind: 'gcp-incidents', url: server.url('/incidents.json') } },
    { region: 'us-east1' },
  );
  assert.equal(gcp.available && gcp.acknowledged, true);
  const azure = await client.read({ provider: 'azure', feed: { kind: 'azure-rss', url: server.url('/azure/feed/') } });
  assert.equal(azure.available && azure.title, 'Azure Front Door & CDN - Connectivity issues');
});

test('polite: at most once a minute per feed, one request for concurrent readers, longer waits after failures', async () => {
  let clock = Date.parse('2026-11-23T11:00:00Z');
  const client = createStatusFeedClient({ now: () => clock });
  const path = '/polite/api/v2/summary.json';
  server.setRoute(path, { kind: 'respond', body: STATUSPAGE_ALL_CLEAR, delayMs: 50 });
  const target = statuspageAt('/polite/');

  const [a, b] = await Promise.all([client.read(target), client.read(target)]);
  assert.equal(requestsTo(path), 1, 'concurrent readers share one request');
  assert.equal(a.available && b.available && !a.acknowledged && !b.acknowledged, true);
  clock += 59_000;
  await client.read(target);
  assert.equal(requestsTo(path), 1, 'within the minute: the cached reading');
  clock += 2_000;
  await client.read(target);
  assert.equal(requestsTo(path), 2, 'a minute later: asked again');

  server.setRoute(path, { kind: 'respond', status: 503, body: 'unavailable' });
  clock += 61_000;
  const failed = await client.read(target);
  assert.equal(requestsTo(path), 3);
  assert.deepEqual(failed.available ? null : failed.problem, 'http-status');
  clock += 61_000;
  const stillFailed = await client.read(target);
  assert.equal(requestsTo(path), 3, 'after one failure: wait two minutes');
  assert.equal(stillFailed.available, false);
  clock += 60_000;
  await client.read(target);
  assert.equal(requestsTo(path), 4);
  clock += 3 * 60_000;
  await client.read(target);
  assert.equal(requestsTo(path), 4, 'after two failures: wait four minutes');
  server.setRoute(path, { kind: 'respond', body: STATUSPAGE_INCIDENT });
  clock += 61_000;
  const recovered = await client.read(target);
  assert.equal(requestsTo(path), 5);
  assert.equal(recovered.available && recovered.acknowledged, true);
  clock += 61_000;
  await client.read(target);
  assert.equal(requestsTo(path), 6, 'success resets the wait to a minute');
});

test('a broken or hostile feed yields "feed unavailable" and never throws', async () => {
  const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
  const cases: Array<[string, Parameters<FakeHttpHandle['setRoute']>[1], string]> = [
    ['/huge-declared', { kind: 'huge-body', bytes: 5 * 1024 * 1024 }, 'too-large'],
    ['/huge-streamed', { kind: 'trickle', chunk: 'x'.repeat(512 * 1024), intervalMs: 1 }, 'too-large'],
    ['/slow', { kind: 'respond', body: STATUSPAGE_ALL_CLEAR, delayMs: 5_000 }, 'timeout'],
    ['/hang', { kind: 'hang' }, 'timeout'],
    ['/hang-after-headers', { kind: 'hang-after-headers' }, 'timeout'],
    ['/trickle', { kind: 'trickle', chunk: '{', intervalMs: 20 }, 'timeout'],
    ['/reset', { kind: 'reset' }, 'network'],
    ['/error', { kind: 'respond', status: 500, body: 'oops' }, 'http-status'],
    ['/html', { kind: 'respond', body: '<!doctype html><title>Status</title>' }, 'malformed'],
    ['/truncated', { kind: 'respond', body: STATUSPAGE_INCIDENT.slice(0, 400) }, 'malformed'],
    ['/wrong-shape', { kind: 'respond', body: '{"incidents": "none", "status": 7}' }, 'malformed'],
    ['/deep', { kind: 'respond', body: deep }, 'malformed'],
    ['/redirect-loop', { kind: 'redirect', location: '/redirect-loop/api/v2/summary.json' }, 'network'],
  ];
  const client = createStatusFeedClient({ timeoutMs: 2000, maxBytes: 1024 * 1024 });
  const readings = await Promise.all(
    cases.map(([path, behaviour]) => {
      server.setRoute(`${path}/api/v2/summary.json`, behaviour);
      return client.read(statuspageAt(`${path}/`));
    }),
  );
  for (const [index, [path, , problem]] of cases.entries()) {
    const reading = readings[index] as FeedReading;
    assert.equal(reading.available, false, path);
    assert.equal(
      reading.available ? null : reading.problem,
      problem,
      `${path}: ${reading.available ? 'read' : reading.detail}`,
    );
  }
  const closed = await startFakeHttp({ host: '127.0.0.1' });
  const closedUrl = closed.url('/');
  await closed.close();
  const refused = await client.read({ provider: 'x', feed: { kind: 'statuspage', url: closedUrl } });
  assert.equal(refused.available ? null : refused.problem, 'network');
});

test('an unavailable feed is told apart from one that has not acknowledged yet', async () => {
  const en = createTranslator('en').t;
  const ar = createTranslator('ar').t;
  const base = { provider: 'aws', source: 'https://example.invalid/feed', fetchedAt: '2026-11-23T10:40:00.000Z' };
  const unavailable: FeedReading = {
    ...base,
    available: false,
    problem: 'timeout',
    detail: 'no complete answer within 500 ms',
  };
  const quiet: FeedReading = {
    ...base,
    available: true,
    acknowledged: false,
    title: null,
    url: null,
    updatedAt: null,
    acknowledgedAt: null,
    incidents: [],
  };
  const admitted: FeedReading = {
    ...quiet,
    acknowledged: true,
    title: 'Increased Error Rates',
    url: 'https://health.aws.amazon.com/health/status',
    updatedAt: '2026-11-23T10:30:00.000Z',
    acknowledgedAt: '2026-11-23T10:17:00.000Z',
  };
  assert.deepEqual(toOfficialStatus(unavailable, '2026-11-23T10:00:00Z'), {
    provider: 'aws',
    source: base.source,
    acknowledged: false,
    title: null,
    url: null,
    updatedAt: null,
    leadMinutes: null,
    available: false,
  });
  assert.equal(toOfficialStatus(quiet, '2026-11-23T10:00:00Z').available, true);
  assert.equal(toOfficialStatus(quiet, '2026-11-23T10:00:00Z').leadMinutes, null);
  assert.equal(toOfficialStatus(admitted, '2026-11-23T10:00:00Z').leadMinutes, 17);

  assert.deepEqual(describeFeedReading(unavailable, 'AWS', en), [
    "AWS's status page could not be read (it took too long)",
  ]);
  assert.deepEqual(describeFeedReading(quiet, 'AWS', en), ["AWS's status page does not report a problem yet"]);
  assert.deepEqual(describeFeedReading(admitted, 'AWS', en, '2026-11-23T10:00:00Z'), [
    'AWS reports a problem: Increased Error Rates',
    'Seen 17 minutes before the status page',
  ]);
  assert.deepEqual(describeFeedReading(admitted, 'AWS', en, '2026-11-23T10:20:00Z'), [
    'AWS reports a problem: Increased Error Rates',
  ]);
  const arabic = describeFeedReading(admitted, 'AWS', ar, '2026-11-23T10:00:00Z');
  assert.equal(arabic.length, 2);
  assert.match(arabic[0] ?? '', /يُبلغ AWS عن مشكلة/);
  assert.match(arabic[1] ?? '', /رُصدت قبل صفحة الحالة/);
});

async function startScriptedServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: http.IncomingHttpHeaders[] = [];
  const scripted = http.createServer((req, res) => {
    seen.push(req.headers);
    answer(req, res);
  });
  await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(scripted.address() as AddressInfo).port}/incidents.json`;
  return { url, seen, close: () => new Promise<void>((resolve) => scripted.close(() => resolve())) };
}

test('asks conditionally once it has a copy, and keeps the copy on 304', async () => {
  const scripted = await startScriptedServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      etag: '"v1"',
      'last-modified': 'Sun, 23 Nov 2026 10:30:00 GMT',
    });
    res.end(GCP_INCIDENTS);
  });
  try {
    let clock = Date.parse('2026-11-23T10:40:00Z');
    const client = createStatusFeedClient({ now: () => clock });
    const target: StatusFeedTarget = { provider: 'gcp', feed: { kind: 'gcp-incidents', url: scripted.url } };
    const first = await client.read(target);
    clock += 61_000;
    const second = await client.read(target);
    assert.equal(scripted.seen.length, 2);
    assert.equal(scripted.seen[0]?.['if-none-match'], undefined);
    assert.equal(scripted.seen[1]?.['if-none-match'], '"v1"');
    assert.equal(scripted.seen[1]?.['if-modified-since'], 'Sun, 23 Nov 2026 10:30:00 GMT');
    assert.equal(first.available && second.available && second.acknowledged && second.title === first.title, true);
    assert.equal(second.fetchedAt, new Date(clock).toISOString());
  } finally {
    await scripted.close();
  }
});

test('a Retry-After from a busy feed is honoured, up to the longest back-off', async () => {
  const scripted = await startScriptedServer((_req, res) => {
    res.writeHead(429, { 'retry-after': '600' });
    res.end('slow down');
  });
  try {
    let clock = Date.parse('2026-11-23T10:40:00Z');
    const client = createStatusFeedClient({ now: () => clock, maxBackoffMs: 8 * 60_000 });
    const target: StatusFeedTarget = { provider: 'gcp', feed: { kind: 'gcp-incidents', url: scripted.url } };
    const busy = await client.read(target);
    assert.equal(busy.available ? null : busy.problem, 'http-status');
    clock += 7 * 60_000;
    await client.read(target);
    assert.equal(scripted.seen.length, 1, 'still waiting');
    clock += 61_000;
    await client.read(target);
    assert.equal(scripted.seen.length, 2, 'the wait is capped at 8 minutes, not the 10 asked');
  } finally {
    await scripted.close();
  }
});

test('Arabic uses its plural forms and the digits of the translator for the lead', () => {
  const arabic = createTranslator('ar');
  const admittedAt = (minutes: number): FeedReading => ({
    available: true,
    provider: 'aws',
    source: 'https://example.invalid/feed',
    fetchedAt: '2026-11-23T11:00:00.000Z',
    acknowledged: true,
    title: null,
    url: null,
    updatedAt: null,
    incidents: [],
    acknowledgedAt: new Date(Date.parse('2026-11-23T10:00:00Z') + minutes * 60_000).toISOString(),
  });
  const lead = (minutes: number) =>
    describeFeedReading(admittedAt(minutes), 'AWS', arabic.t, '2026-11-23T10:00:00Z')[1];
  assert.equal(lead(1), 'رُصدت قبل صفحة الحالة بدقيقة واحدة');
  assert.equal(lead(2), 'رُصدت قبل صفحة الحالة بدقيقتين');
  assert.equal(lead(5), `رُصدت قبل صفحة الحالة بـ${arabic.formatNumber(5)} دقائق`);
  assert.equal(lead(17), `رُصدت قبل صفحة الحالة بـ${arabic.formatNumber(17)} دقيقة`);
});

test('links a feed offers are kept only when http(s); a hostile page URL does not throw', () => {
  const hostile = JSON.stringify({
    page: { url: 'not a url at all' },
    status: { indicator: 'major' },
    incidents: [
      { id: 'a', name: 'One', status: 'investigating', shortlink: 'javascript:alert(1)' },
      { id: 'b/../../x', name: 'Two', status: 'identified' },
    ],
  });
  const incidents = parseStatuspageSummary(hostile, 'https://status.example.com/');
  assert.deepEqual(
    incidents?.map((i) => i.url),
    ['https://status.example.com/incidents/a', 'https://status.example.com/incidents/b%2F..%2F..%2Fx'],
  );
  const rss = AZURE_RSS_INCIDENT.replace(
    '<link>https://azure.status.microsoft/en-us/status/</link>\n      <category>',
    '<link>data:text/html,hi</link>\n      <category>',
  );
  assert.equal(parseAzureStatusRss(rss)?.[0]?.url, null);
  const gcp = JSON.stringify([{ external_desc: 'x', uri: 'javascript:alert(1)' }]);
  assert.equal(parseGcpIncidents(gcp)?.[0]?.url, 'https://status.cloud.google.com/');
});

test("officialStatusFor reads the provider feed for the region and the apps' own feeds", async () => {
  server.setRoute('/zoom/api/v2/summary.json', { kind: 'respond', body: STATUSPAGE_INCIDENT });
  const asked: string[] = [];
  // The catalog's real feed URLs are mapped onto the loopback fixtures: nothing leaves this machine.
  const loopbackFetch = (url: string, init: RequestInit) => {
    asked.push(url);
    const { hostname } = new URL(url);
    if (hostname === 'health.aws.amazon.com') return fetch(utf16Url, init);
    if (hostname === 'status.zoom.us') return fetch(server.url('/zoom/api/v2/summary.json'), init);
    return Promise.reject(new TypeError(`no fixture for ${url}`));
  };
  const client = createStatusFeedClient({ fetch: loopbackFetch, now: () => Date.parse('2026-11-23T10:40:00Z') });
  const statuses = await officialStatusFor(
    client,
    { provider: 'aws', region: 'us-east-1', apps: ['zoom', 'netflix'] },
    '2025-10-21T08:50:00Z',
  );
  assert.deepEqual(asked, [
    'https://health.aws.amazon.com/public/currentevents',
    'https://status.zoom.us/api/v2/summary.json',
  ]);
  assert.deepEqual(
    statuses.map((s) => [s.provider, s.acknowledged, s.available]),
    [
      ['aws', true, true],
      ['zoom', true, true],
    ],
  );
  assert.equal(statuses[0]?.leadMinutes, 8, 'AWS posted at 08:58, we opened at 08:50');
  const elsewhere = await officialStatusFor(client, { provider: 'aws', region: 'ap-south-1', apps: [] }, null);
  assert.equal(elsewhere[0]?.acknowledged, false, 'the cached feed, matched to another region');
  assert.equal(asked.length, 2, 'served from the cache within the minute');
});

test('titles are one line, without control characters or bidi overrides, and bounded', () => {
  const summary = (name: string) =>
    JSON.stringify({ status: { indicator: 'major' }, incidents: [{ id: 'a', name, status: 'investigating' }] });
  assert.equal(
    parseStatuspageSummary(summary('Degraded\n\tAPI\u0007 \u202eevil\u202c'), 'https://status.example.com')?.[0]?.title,
    'Degraded API evil',
  );
  const long = parseStatuspageSummary(summary('x'.repeat(5000)), 'https://status.example.com')?.[0]?.title ?? '';
  assert.equal(long.length, 300);
});

test('Azure: [RESOLVED] items are closed, region categories scope the others', () => {
  const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Azure Status</title>
  <item><title>[RESOLVED] Storage - East US - Intermittent errors</title><category>Storage</category><category>East US</category><pubDate>Sun, 23 Nov 2026 08:00:00 Z</pubDate></item>
  <item><title>Virtual Machines - West Europe - Allocation failures</title><category>Virtual Machines</category><category>West Europe</category><pubDate>Sun, 23 Nov 2026 10:12:00 Z</pubDate><link>https://azure.status.microsoft/en-us/status/</link></item>
  <item><title>Microsoft Entra ID - Sign-in failures</title><category>Microsoft Entra ID</category><pubDate>Sun, 23 Nov 2026 10:20:00 Z</pubDate></item>
</channel></rss>`;
  const incidents = parseAzureStatusRss(feed);
  assert.deepEqual(
    incidents?.map((i) => [i.title, i.regions, i.startedAt]),
    [
      ['Virtual Machines - West Europe - Allocation failures', ['westeurope'], '2026-11-23T10:12:00.000Z'],
      ['Microsoft Entra ID - Sign-in failures', [], '2026-11-23T10:20:00.000Z'],
    ],
  );
});
