// The feed client over real HTTP on loopback: every kind of feed, politeness,
// conditional requests, and feeds that hang, flood, break or lie.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startFakeHttp, type FakeHttpHandle } from '../../testkit/fake-http-server';
import { createStatusFeedClient, type FeedReading, type StatusFeedTarget } from './client';
import {
  AZURE_RSS_INCIDENT,
  GCP_INCIDENTS,
  STATUSPAGE_ALL_CLEAR,
  STATUSPAGE_INCIDENT,
  startAwsHealthFixture,
} from '../../testkit/status-feed-documents';

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

const statuspageAt = (path: string): StatusFeedTarget => ({
  provider: 'example',
  feed: { kind: 'statuspage', url: server.url(path) },
});

function requestsTo(path: string): number {
  return server.requests.filter((r) => r.path === path).length;
}

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

  const aws: StatusFeedTarget = { provider: 'aws', feed: { kind: 'aws-health', url: awsHealth.url } };
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
