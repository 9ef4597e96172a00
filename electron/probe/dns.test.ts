// The DNS probe against a real fake DNS server on loopback: every outcome, the
// TCP fallback, CNAME chains, the CNAME-only follow-up, aborts and load.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, beforeEach, test } from 'node:test';
import type { ResolverRef } from '../contracts/probe-results';
import { startFakeDns, type FakeDnsServer } from '../testkit/fake-dns/index';
import { followCnameChain, queryDns } from './dns';

// Generous: tests that expect an answer end as soon as it comes; a loaded machine must not turn it into a timeout.
const TIMEOUT_MS = 2000;
let server: FakeDnsServer;
let resolver: ResolverRef;

before(async () => {
  server = await startFakeDns();
  resolver = server.resolverRef('Fake', 'system');
});
after(() => server.close());
beforeEach(() => {
  server.setZone({
    'app.example': { A: ['198.18.0.10', '198.18.0.11'], AAAA: ['2001:db8::10'] },
    'v4only.example': { A: ['198.18.0.20'] },
    'empty.example': {},
    'www.shop.example': { CNAME: 'shop.edge.example' },
    'shop.edge.example': { CNAME: 'd111.cloudfront.net' },
    'd111.cloudfront.net': { A: ['198.18.0.30'] },
    'broken.example': { CNAME: 'x9.cloudfront.net' },
    'x9.cloudfront.net': { rcode: 'SERVFAIL' },
    'dangling.example': { CNAME: 'gone.fastly.net' },
  });
  server.setBehaviour('*', null);
  server.clearQueries();
});

/** Sockets leave the active list one loop turn after close(): let pending closes finish. */
function closesSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

async function udpSockets(): Promise<number> {
  await closesSettled();
  return process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap').length;
}

test('answer: A and AAAA addresses over UDP with NOERROR', async () => {
  const result = await queryDns({ hostname: 'App.Example.', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.kind, 'dns');
  assert.equal(result.hostname, 'app.example');
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.addresses, ['198.18.0.10', '198.18.0.11', '2001:db8::10']);
  assert.deepEqual(result.cnameChain, []);
  assert.deepEqual(result.resolver, resolver);
  assert.equal(result.queries.length, 2);
  const [a, aaaa] = result.queries;
  assert.deepEqual(
    {
      type: a?.recordType,
      outcome: a?.outcome,
      rcode: a?.rcode,
      transport: a?.transport,
      ignored: a?.ignoredResponses,
    },
    { type: 'A', outcome: 'answer', rcode: 'NOERROR', transport: 'udp', ignored: 0 },
  );
  assert.deepEqual(aaaa?.addresses, ['2001:db8::10']);
  assert.ok(result.latencyMs >= 0 && result.latencyMs >= (a?.latencyMs ?? 0));
  assert.deepEqual(server.queries.map((q) => `${q.name} ${q.type} ${q.transport}`).sort(), [
    'app.example A udp',
    'app.example AAAA udp',
  ]);
});

test('nodata: a name without the asked type is NOERROR with no records', async () => {
  const v4only = await queryDns({ hostname: 'v4only.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(v4only.outcome, 'answer');
  assert.equal(v4only.queries[1]?.outcome, 'nodata');
  assert.equal(v4only.queries[1]?.rcode, 'NOERROR');

  const empty = await queryDns({ hostname: 'empty.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(empty.outcome, 'nodata');
  assert.deepEqual(empty.addresses, []);
  assert.equal(empty.queries.length, 2, 'NODATA is a success: no CNAME follow-up');
});

test('nxdomain, servfail and refused are kept apart', async () => {
  const missing = await queryDns({ hostname: 'missing.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(missing.outcome, 'nxdomain');
  assert.equal(missing.queries[0]?.rcode, 'NXDOMAIN');

  server.setBehaviour('app.example', { rcode: 'SERVFAIL' });
  const servfail = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(servfail.outcome, 'servfail');
  assert.deepEqual(servfail.addresses, []);

  server.setBehaviour('app.example', { rcode: 'REFUSED' });
  const refused = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.queries[1]?.rcode, 'REFUSED');

  server.setBehaviour('app.example', { rcode: 'NOERROR' });
  const forcedEmpty = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(forcedEmpty.outcome, 'nodata');
});

test('timeout: a resolver that never answers, and the silent resolver is not asked for CNAME', async () => {
  server.setBehaviour('*', { drop: true });
  const result = await queryDns({ hostname: 'app.example', resolver, timeoutMs: 300 });
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.queries.length, 2);
  for (const query of result.queries) {
    assert.equal(query.outcome, 'timeout');
    assert.equal(query.rcode, null);
    assert.equal(query.ignoredResponses, 0);
    assert.ok(query.latencyMs >= 290, `latency ${query.latencyMs} covers the timeout`);
  }
  assert.equal(server.queries.filter((q) => q.type === 'CNAME').length, 0);
});

test('a slow resolver still answers within the timeout', async () => {
  server.setBehaviour('app.example', { delayMs: 120 });
  const result = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'answer');
  assert.ok(result.latencyMs >= 110, `latency ${result.latencyMs} includes the delay`);
});

test('error: ICMP port unreachable is named ECONNREFUSED, quickly and without a CNAME follow-up', async () => {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const closedPort = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const result = await queryDns({
    hostname: 'app.example',
    resolver: { name: 'Closed', address: '127.0.0.1', port: closedPort, role: 'system' },
    timeoutMs: 5000,
  });
  assert.equal(result.outcome, 'error');
  assert.equal(result.queries.length, 2);
  for (const query of result.queries) {
    assert.equal(query.outcome, 'error');
    assert.match(query.error ?? '', /^ECONNREFUSED/);
    assert.ok(query.latencyMs < 5000, 'ended by the refusal, not by the timeout');
  }
});

test('TCP fallback: a truncated UDP answer is asked again over TCP', async () => {
  server.setBehaviour('app.example', { truncate: true });
  const result = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.addresses, ['198.18.0.10', '198.18.0.11', '2001:db8::10']);
  assert.deepEqual(
    result.queries.map((q) => q.transport),
    ['tcp', 'tcp'],
  );
  assert.deepEqual(server.queries.map((q) => `${q.type} ${q.transport}`).sort(), [
    'A tcp',
    'A udp',
    'AAAA tcp',
    'AAAA udp',
  ]);
});

test('TCP fallback also when the truncated UDP response is cut off mid-record', async () => {
  server.setBehaviour('app.example', { truncate: 'cut' });
  const result = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(
    result.queries.map((q) => [q.transport, q.ignoredResponses]),
    [
      ['tcp', 0],
      ['tcp', 0],
    ],
  );
});

test('TCP fallback for an answer too large for 512 bytes of UDP', async () => {
  const many = Array.from({ length: 60 }, (_, i) => `198.18.1.${i + 1}`);
  server.setRecord('big.example', { A: many });
  const result = await queryDns({ hostname: 'big.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'answer');
  assert.equal(result.queries[0]?.transport, 'tcp');
  assert.deepEqual(result.queries[0]?.addresses, many);
});

test('the TCP retry keeps the one deadline: a silent TCP side times out', async () => {
  server.setBehaviour('app.example', { truncate: true, hostile: 'wrong-source' });
  const result = await queryDns({ hostname: 'app.example', resolver, timeoutMs: 300 });
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.queries[0]?.transport, 'tcp');
});

test('a TCP server that hangs up without answering is an error, not a timeout', async () => {
  const impatient = await startFakeDns({ tcpIdleMs: 100 });
  try {
    impatient.setRecord('app.example', { A: ['198.18.0.10'], truncate: true, hostile: 'wrong-source' });
    const result = await queryDns({
      hostname: 'app.example',
      resolver: impatient.resolverRef('Impatient'),
      timeoutMs: 2000,
    });
    assert.equal(result.outcome, 'error');
    for (const query of result.queries) {
      assert.equal(query.transport, 'tcp');
      assert.match(query.error ?? '', /^EOF: .* closed the TCP connection before answering/);
    }
  } finally {
    await impatient.close();
  }
});

test('CNAME chain: hops in order, lower-case, without the asked name', async () => {
  const result = await queryDns({ hostname: 'WWW.Shop.Example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.cnameChain, ['shop.edge.example', 'd111.cloudfront.net']);
  assert.deepEqual(result.addresses, ['198.18.0.30']);
  assert.deepEqual(result.queries[0]?.cnameChain, ['shop.edge.example', 'd111.cloudfront.net']);
  assert.equal(result.queries[1]?.outcome, 'nodata', 'the chain ends in a name without AAAA');
});

test('CNAME alone: when A and AAAA fail with SERVFAIL the first hop still names the provider', async () => {
  const result = await queryDns({ hostname: 'broken.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'servfail', 'the summary follows the A query');
  assert.deepEqual(result.addresses, []);
  assert.equal(result.queries.length, 3);
  const cname = result.queries[2];
  assert.equal(cname?.recordType, 'CNAME');
  assert.equal(cname?.outcome, 'answer');
  assert.deepEqual(cname?.addresses, []);
  assert.deepEqual(cname?.cnameChain, ['x9.cloudfront.net']);
  assert.deepEqual(result.cnameChain, ['x9.cloudfront.net']);
});

test('NXDOMAIN at the end of a chain keeps the chain', async () => {
  const result = await queryDns({ hostname: 'dangling.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'nxdomain');
  assert.deepEqual(result.queries[0]?.cnameChain, ['gone.fastly.net']);
  assert.deepEqual(result.cnameChain, ['gone.fastly.net']);
});

test('summary rule: addresses win, then NODATA, then the A outcome', async () => {
  server.setBehaviour('app.example', { rcode: 'SERVFAIL', types: ['AAAA'] });
  const aaaaFails = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(aaaaFails.outcome, 'answer');
  assert.equal(aaaaFails.queries[1]?.outcome, 'servfail');

  server.setBehaviour('empty.example', { rcode: 'SERVFAIL', types: ['A'] });
  const nodataWins = await queryDns({ hostname: 'empty.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.deepEqual(
    nodataWins.queries.map((q) => q.outcome),
    ['servfail', 'nodata'],
  );
  assert.equal(nodataWins.outcome, 'nodata');

  server.setBehaviour('missing.example', { rcode: 'SERVFAIL', types: ['AAAA'] });
  const aWins = await queryDns({ hostname: 'missing.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.deepEqual(aWins.queries.map((q) => q.outcome).slice(0, 2), ['nxdomain', 'servfail']);
  assert.equal(aWins.outcome, 'nxdomain');

  server.setBehaviour('app.example', { rcode: 'REFUSED', types: ['A'] });
  const mixedFailures = await queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
  assert.equal(mixedFailures.queries[0]?.outcome, 'refused');
  assert.equal(mixedFailures.outcome, 'answer', 'AAAA still gave an address');
});

test('an invalid hostname is an error with a clear message and sends nothing', async () => {
  for (const hostname of ['', 'bad name.example', '-lead.example', `${'a'.repeat(64)}.example`]) {
    const result = await queryDns({ hostname, resolver, timeoutMs: TIMEOUT_MS });
    assert.equal(result.outcome, 'error');
    assert.match(result.queries[0]?.error ?? '', /invalid hostname/);
  }
  const badResolver = await queryDns({
    hostname: 'app.example',
    resolver: { name: 'By name', address: 'dns.example', port: 53, role: 'public' },
    timeoutMs: TIMEOUT_MS,
  });
  assert.equal(badResolver.outcome, 'error');
  assert.match(badResolver.queries[0]?.error ?? '', /not an IP address/);
  assert.equal(server.queries.length, 0);
});

test('abort: a pending query ends at once as error "aborted", sockets closed', async () => {
  server.setBehaviour('*', { drop: true });
  const before = await udpSockets();
  const controller = new AbortController();
  const pending = queryDns({ hostname: 'app.example', resolver, timeoutMs: 30000, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const result = await pending;
  assert.equal(result.outcome, 'error');
  assert.deepEqual(
    result.queries.map((q) => q.error),
    ['aborted', 'aborted'],
  );
  assert.ok((result.queries[0]?.latencyMs ?? Infinity) < 30000);
  assert.equal(await udpSockets(), before);

  const alreadyAborted = await queryDns({
    hostname: 'app.example',
    resolver,
    timeoutMs: 30000,
    signal: AbortSignal.abort(),
  });
  assert.equal(alreadyAborted.outcome, 'error');
  assert.equal(alreadyAborted.queries[0]?.error, 'aborted');
});

test('every socket is closed after answers, timeouts and TCP retries', async () => {
  const before = await udpSockets();
  server.setBehaviour('app.example', { truncate: true });
  server.setBehaviour('empty.example', { drop: true });
  await Promise.all([
    queryDns({ hostname: 'app.example', resolver, timeoutMs: 300 }),
    queryDns({ hostname: 'empty.example', resolver, timeoutMs: 300 }),
    queryDns({ hostname: 'v4only.example', resolver, timeoutMs: 300 }),
  ]);
  await closesSettled();
  const open = process.getActiveResourcesInfo();
  assert.equal(open.filter((name) => name === 'UDPWrap').length, before);
  assert.equal(open.filter((name) => name === 'Timeout').length, 0, 'no timer left behind');
});

test('200 parallel queries all resolve with their own answers', async () => {
  const zone: Record<string, { A: string[] }> = {};
  for (let i = 0; i < 200; i++)
    zone[`host${i}.example`] = { A: [`198.18.${Math.floor(i / 100) + 2}.${(i % 100) + 1}`] };
  server.setZone(zone);
  const results = await Promise.all(
    Object.keys(zone).map((hostname) => queryDns({ hostname, resolver, timeoutMs: 3000 })),
  );
  for (const [i, result] of results.entries()) {
    assert.equal(result.outcome, 'answer', `host${i}: ${result.outcome}`);
    assert.deepEqual(result.addresses, zone[`host${i}.example`]?.A);
  }
  assert.equal(server.queries.length, 400);
});

test('followCnameChain stops at loops and ignores records for other names', () => {
  const cname = (name: string, data: string) => ({ type: 'CNAME' as const, name, data });
  assert.deepEqual(
    followCnameChain('a.example', [cname('b.example', 'c.example'), cname('A.Example.', 'B.Example.')]),
    ['b.example', 'c.example'],
  );
  assert.deepEqual(followCnameChain('a.example', [cname('a.example', 'b.example'), cname('b.example', 'a.example')]), [
    'b.example',
  ]);
  assert.deepEqual(followCnameChain('a.example', [cname('x.example', 'y.example')]), []);
});
