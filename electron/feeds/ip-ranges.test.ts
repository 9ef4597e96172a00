import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTranslator } from '../i18n/translate';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import {
  describeIpRangesAge,
  loadIpRanges,
  parseAwsIpRanges,
  parseCloudflareIpList,
  parseFastlyIpList,
  parseGoogleCloudIpRanges,
  type IpRangeSource,
} from './ip-ranges';

// Small documents in each provider's documented format.
const AWS_FIXTURE = JSON.stringify({
  syncToken: '1763880000',
  createDate: '2026-11-23-06-40-00',
  prefixes: [
    { ip_prefix: '3.4.12.4/32', region: 'eu-west-1', service: 'AMAZON', network_border_group: 'eu-west-1' },
    { ip_prefix: '3.5.0.0/16', region: 'us-east-1', service: 'AMAZON', network_border_group: 'us-east-1' },
    { ip_prefix: '3.5.0.0/16', region: 'us-east-1', service: 'EC2', network_border_group: 'us-east-1' },
    { ip_prefix: '13.32.0.0/15', region: 'GLOBAL', service: 'CLOUDFRONT', network_border_group: 'GLOBAL' },
    { ip_prefix: '52.94.0.0/22', region: 'us-east-1', service: 'DYNAMODB', network_border_group: 'us-east-1' },
  ],
  ipv6_prefixes: [
    { ipv6_prefix: '2600:1f18::/33', region: 'us-east-1', service: 'EC2', network_border_group: 'us-east-1' },
  ],
});

const GCP_FIXTURE = JSON.stringify({
  syncToken: '1763880000000',
  creationTime: '2026-11-23T06:40:00.000000',
  prefixes: [
    { ipv4Prefix: '34.1.208.0/20', service: 'Google Cloud', scope: 'africa-south1' },
    { ipv4Prefix: '35.190.0.0/17', service: 'Google Cloud', scope: 'global' },
    { ipv6Prefix: '2600:1900:4000::/44', service: 'Google Cloud', scope: 'us-central1' },
  ],
});

const CLOUDFLARE_V4_FIXTURE = '173.245.48.0/20\n103.21.244.0/22\n104.16.0.0/13\n';
const CLOUDFLARE_V6_FIXTURE = '2400:cb00::/32\n2606:4700::/32\n';
const FASTLY_FIXTURE = JSON.stringify({
  addresses: ['151.101.0.0/16', '199.232.0.0/16'],
  ipv6_addresses: ['2a04:4e40::/32'],
});

test('each documented format parses; anything else is refused', () => {
  const aws = parseAwsIpRanges(AWS_FIXTURE);
  assert.equal(aws?.length, 6);
  assert.deepEqual(aws?.[3], { cidr: '13.32.0.0/15', provider: 'aws', region: null, service: 'CLOUDFRONT' });
  assert.deepEqual(
    parseGoogleCloudIpRanges(GCP_FIXTURE)?.map((r) => r.region),
    ['africa-south1', null, 'us-central1'],
  );
  assert.equal(parseCloudflareIpList(CLOUDFLARE_V6_FIXTURE)?.length, 2);
  assert.equal(parseFastlyIpList(FASTLY_FIXTURE)?.length, 3);

  assert.equal(parseAwsIpRanges('{"prefixes": "nope"}'), null);
  assert.equal(parseAwsIpRanges('<html>'), null);
  assert.equal(
    parseAwsIpRanges(JSON.stringify({ prefixes: [{ ip_prefix: '3.5.0.0/99', region: 'x', service: 'EC2' }] })),
    null,
  );
  assert.equal(parseGoogleCloudIpRanges('[]'), null);
  assert.equal(parseCloudflareIpList('<!doctype html><title>Just a moment...</title>'), null);
  assert.equal(parseCloudflareIpList(''), null);
  assert.equal(parseFastlyIpList('{"addresses": [1]}'), null);
});

let server: FakeHttpHandle;
let cacheDir: string;
let sources: IpRangeSource[];

before(async () => {
  server = await startFakeHttp({ host: '127.0.0.1' });
  server.setRoute('/ip-ranges.json', {
    kind: 'respond',
    body: AWS_FIXTURE,
    headers: { 'content-type': 'application/json' },
  });
  server.setRoute('/cloud.json', {
    kind: 'respond',
    body: GCP_FIXTURE,
    headers: { 'content-type': 'application/json' },
  });
  server.setRoute('/ips-v4', { kind: 'respond', body: CLOUDFLARE_V4_FIXTURE });
  server.setRoute('/ips-v6', { kind: 'respond', body: CLOUDFLARE_V6_FIXTURE });
  server.setRoute('/public-ip-list', {
    kind: 'respond',
    body: FASTLY_FIXTURE,
    headers: { 'content-type': 'application/json' },
  });
  sources = [
    { id: 'aws', provider: 'aws', format: 'aws', url: server.url('/ip-ranges.json') },
    { id: 'gcp', provider: 'gcp', format: 'gcp', url: server.url('/cloud.json') },
    { id: 'cloudflare-v4', provider: 'cloudflare', format: 'cloudflare', url: server.url('/ips-v4') },
    { id: 'cloudflare-v6', provider: 'cloudflare', format: 'cloudflare', url: server.url('/ips-v6') },
    { id: 'fastly', provider: 'fastly', format: 'fastly', url: server.url('/public-ip-list') },
  ];
  cacheDir = await mkdtemp(join(tmpdir(), 'ow-ip-ranges-'));
});

after(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-23T08:00:00Z');

test('downloads every list, builds one index, then serves from the cache until it is a day old', async () => {
  const first = await loadIpRanges({ cacheDir, sources, now: () => T0 });
  assert.equal(server.requests.length, 5);
  assert.deepEqual(
    first.sources.map((s) => [s.id, s.ranges, s.fromCache, s.problem]),
    [
      ['aws', 6, false, null],
      ['gcp', 3, false, null],
      ['cloudflare-v4', 3, false, null],
      ['cloudflare-v6', 2, false, null],
      ['fastly', 3, false, null],
    ],
  );
  assert.equal(first.oldestFetchedAt, new Date(T0).toISOString());
  assert.deepEqual(first.index.lookup('3.5.7.9'), {
    cidr: '3.5.0.0/16',
    provider: 'aws',
    region: 'us-east-1',
    service: 'EC2',
  });
  assert.equal(first.index.lookup('52.94.1.2')?.service, 'DYNAMODB');
  assert.equal(first.index.lookup('2600:1f18:4000::1')?.region, 'us-east-1');
  assert.equal(first.index.lookup('34.1.210.1')?.region, 'africa-south1');
  assert.equal(first.index.lookup('2600:1900:4001::5')?.provider, 'gcp');
  assert.equal(first.index.lookup('104.18.1.1')?.provider, 'cloudflare');
  assert.equal(first.index.lookup('2606:4700::6810:1')?.provider, 'cloudflare');
  assert.equal(first.index.lookup('151.101.65.140')?.provider, 'fastly');
  assert.equal(first.index.lookup('192.0.2.1'), null);
  const cached = JSON.parse(await readFile(join(cacheDir, 'ip-ranges-aws.json'), 'utf8')) as { fetchedAt: string };
  assert.equal(cached.fetchedAt, new Date(T0).toISOString());

  const second = await loadIpRanges({ cacheDir, sources, now: () => T0 + 23 * HOUR });
  assert.equal(server.requests.length, 5, 'no download while the cache is fresh');
  assert.ok(second.sources.every((s) => s.fromCache));
  assert.equal(second.index.lookup('3.5.7.9')?.region, 'us-east-1');
  assert.equal(
    describeIpRangesAge(second.oldestFetchedAt, T0 + 23 * HOUR, createTranslator('en').t),
    'Provider IP ranges updated 23 hours ago',
  );

  const third = await loadIpRanges({ cacheDir, sources, now: () => T0 + 25 * HOUR });
  assert.equal(server.requests.length, 10, 'a day-old cache is refreshed');
  assert.ok(third.sources.every((s) => !s.fromCache));
});

test('a failed or malformed download keeps the older ranges, names the problem, and is not retried at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ow-ip-ranges-fail-'));
  try {
    const aws = sources.filter((s) => s.id === 'aws');
    await loadIpRanges({ cacheDir: dir, sources: aws, now: () => T0 });
    server.setRoute('/ip-ranges.json', { kind: 'respond', status: 503, body: 'busy' });
    const before = server.requests.length;
    const failed = await loadIpRanges({ cacheDir: dir, sources: aws, now: () => T0 + 25 * HOUR });
    assert.equal(server.requests.length, before + 1);
    assert.equal(failed.sources[0]?.problem, 'http-status');
    assert.equal(failed.sources[0]?.fetchedAt, new Date(T0).toISOString(), 'the age stays that of the ranges in use');
    assert.equal(failed.index.lookup('3.5.7.9')?.provider, 'aws');

    const soonAfter = await loadIpRanges({ cacheDir: dir, sources: aws, now: () => T0 + 25.5 * HOUR });
    assert.equal(server.requests.length, before + 1, 'no retry within the hour');
    assert.equal(soonAfter.index.lookup('3.5.7.9')?.provider, 'aws');

    server.setRoute('/ip-ranges.json', { kind: 'respond', body: '<html>maintenance</html>' });
    const malformed = await loadIpRanges({ cacheDir: dir, sources: aws, now: () => T0 + 27 * HOUR });
    assert.equal(malformed.sources[0]?.problem, 'malformed');
    assert.equal(malformed.index.size, 5);
  } finally {
    server.setRoute('/ip-ranges.json', { kind: 'respond', body: AWS_FIXTURE });
    await rm(dir, { recursive: true, force: true });
  }
});

test('a huge, hanging or unreachable list costs a bounded effort and leaves an empty index', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ow-ip-ranges-hostile-'));
  try {
    server.setRoute('/huge', { kind: 'huge-body', bytes: 4 * 1024 * 1024 });
    server.setRoute('/hang', { kind: 'hang' });
    server.setRoute('/trickle', { kind: 'trickle', chunk: '1.2.3.0/24\n', intervalMs: 20 });
    const closed = await startFakeHttp({ host: '127.0.0.1' });
    const closedUrl = closed.url('/ips-v4');
    await closed.close();
    const hostile: IpRangeSource[] = [
      { id: 'huge', provider: 'cloudflare', format: 'cloudflare', url: server.url('/huge') },
      { id: 'hang', provider: 'cloudflare', format: 'cloudflare', url: server.url('/hang') },
      { id: 'trickle', provider: 'cloudflare', format: 'cloudflare', url: server.url('/trickle') },
      { id: 'closed', provider: 'cloudflare', format: 'cloudflare', url: closedUrl },
    ];
    const snapshot = await loadIpRanges({
      cacheDir: dir,
      sources: hostile,
      now: () => T0,
      timeoutMs: 1000,
      maxBytes: 1024 * 1024,
    });
    assert.deepEqual(
      snapshot.sources.map((s) => [s.id, s.problem]),
      [
        ['huge', 'too-large'],
        ['hang', 'timeout'],
        ['trickle', 'timeout'],
        ['closed', 'network'],
      ],
    );
    assert.equal(snapshot.index.size, 0);
    assert.equal(snapshot.oldestFetchedAt, null);
    assert.equal(describeIpRangesAge(null, T0, createTranslator('en').t), 'Provider IP ranges not downloaded yet');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a cache file that is damaged or for another URL is ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ow-ip-ranges-damaged-'));
  try {
    const fastly = sources.filter((s) => s.id === 'fastly');
    await writeFile(join(dir, 'ip-ranges-fastly.json'), '{"url": 1');
    const fromDamaged = await loadIpRanges({ cacheDir: dir, sources: fastly, now: () => T0 });
    assert.equal(fromDamaged.sources[0]?.fromCache, false);
    const moved = [{ ...fastly[0]!, url: server.url('/public-ip-list?moved=1') }];
    const fromOtherUrl = await loadIpRanges({ cacheDir: dir, sources: moved, now: () => T0 + HOUR });
    assert.equal(fromOtherUrl.sources[0]?.fromCache, false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
