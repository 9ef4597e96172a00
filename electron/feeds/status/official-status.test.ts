// Which feeds a verdict reads and what the window gets from them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeHttp, type FakeHttpHandle } from '../../testkit/fake-http-server';
import { createStatusFeedClient, type FeedReading } from './client';
import { STATUSPAGE_INCIDENT, startAwsHealthFixture } from '../../testkit/status-feed-documents';
import { minutesBeforeStatusPage, officialStatusFor, statusFeedTargetsFor, toOfficialStatus } from './official-status';

let server: FakeHttpHandle;
let awsHealth: Awaited<ReturnType<typeof startAwsHealthFixture>>;

before(async () => {
  server = await startFakeHttp({ host: '127.0.0.1' });
  awsHealth = await startAwsHealthFixture();
});

after(async () => {
  await server.close();
  await awsHealth.close();
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
  assert.deepEqual(statusFeedTargetsFor({ provider: null, apps: ['netflix'] }), []);
});

test("officialStatusFor reads the provider feed for the region and the apps' own feeds", async () => {
  server.setRoute('/zoom/api/v2/summary.json', { kind: 'respond', body: STATUSPAGE_INCIDENT });
  const asked: string[] = [];
  // The catalog's real feed URLs are mapped onto the loopback fixtures: nothing leaves this machine.
  const loopbackFetch = (url: string, init: RequestInit) => {
    asked.push(url);
    const { hostname } = new URL(url);
    if (hostname === 'health.aws.amazon.com') return fetch(awsHealth.url, init);
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

test('an unavailable feed is told apart from one that has not acknowledged yet', async () => {
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
});
