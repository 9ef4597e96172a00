// Hostile DNS answers, sent for real by the fake server over UDP and TCP: the
// probe must not crash, not hang, not trust them, and count what it ignored.
// Each test has a node:test timeout, so a hang fails the test instead of the suite.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { DnsResult, ResolverRef } from '../contracts/probe-results';
import { startFakeDns, type FakeDnsBehaviour, type FakeDnsServer } from '../testkit/fake-dns/index';
import { queryDns } from './dns';

const TIMEOUT_MS = 600;
const HANG_GUARD = { timeout: 10000 };
const GOOD_ADDRESSES = ['198.18.0.10', '2001:db8::10'];
let server: FakeDnsServer;
let resolver: ResolverRef;

before(async () => {
  server = await startFakeDns();
  resolver = server.resolverRef('Hostile', 'public');
});
after(() => server.close());
beforeEach(() => {
  server.setZone({ 'app.example': { A: ['198.18.0.10'], AAAA: ['2001:db8::10'] } });
  server.setBehaviour('*', null);
  server.clearQueries();
});

async function askWith(behaviour: FakeDnsBehaviour): Promise<DnsResult> {
  server.setBehaviour('app.example', behaviour);
  return queryDns({ hostname: 'app.example', resolver, timeoutMs: TIMEOUT_MS });
}

/** Sockets leave the active list one loop turn after close(): let earlier tests' closes finish. */
function closesSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

function assertIgnoredAndFailing(result: DnsResult, transport: 'udp' | 'tcp'): void {
  assert.equal(result.outcome, 'malformed');
  assert.deepEqual(result.addresses, []);
  assert.equal(result.queries.length, 2, 'a resolver that never answered properly is not asked again');
  for (const query of result.queries) {
    assert.equal(query.outcome, 'malformed');
    assert.equal(query.transport, transport);
    assert.equal(query.rcode, null);
    assert.ok(query.ignoredResponses > 0, `${query.recordType}: ignored ${query.ignoredResponses}`);
    assert.match(query.error ?? '', /did not match or parse/);
  }
}

for (const mode of [
  'random-bytes',
  'truncated-packet',
  'pointer-loop',
  'oversized',
  'wrong-id',
  'wrong-question',
] as const) {
  test(`UDP ${mode}: ignored, counted, ends as malformed at the timeout`, HANG_GUARD, async () => {
    assertIgnoredAndFailing(await askWith({ hostile: mode }), 'udp');
  });

  test(`TCP ${mode} after a truncated UDP answer: ignored, counted, malformed`, HANG_GUARD, async () => {
    const result = await askWith({ truncate: true, hostile: mode });
    if (mode === 'oversized') {
      // Over TCP a large answer is legitimate: all 101 records are taken.
      assert.equal(result.outcome, 'answer');
      assert.equal(result.queries[0]?.transport, 'tcp');
      assert.ok(result.addresses.includes('198.18.0.10'));
      return;
    }
    assertIgnoredAndFailing(result, 'tcp');
  });
}

test('UDP answer from another port: never trusted, the query times out', HANG_GUARD, async () => {
  const result = await askWith({ hostile: 'wrong-source' });
  // The probe's socket is connected, so the kernel drops datagrams from any
  // other source before they reach it: nothing arrives, nothing is counted.
  assert.equal(result.outcome, 'timeout');
  assert.deepEqual(result.addresses, []);
  assert.deepEqual(
    server.queries.map((q) => q.type).sort(),
    ['A', 'AAAA'],
    'the server did receive both questions and answered from elsewhere',
  );
});

test(
  'answer-then-correct: the wrong-ID packet is ignored and the real answer taken (UDP and TCP)',
  HANG_GUARD,
  async () => {
    const overUdp = await askWith({ hostile: 'wrong-then-correct' });
    assert.equal(overUdp.outcome, 'answer');
    assert.deepEqual(overUdp.addresses, GOOD_ADDRESSES);
    for (const query of overUdp.queries) assert.equal(query.ignoredResponses, 1);

    const overTcp = await askWith({ truncate: true, hostile: 'wrong-then-correct' });
    assert.equal(overTcp.outcome, 'answer');
    assert.deepEqual(overTcp.addresses, GOOD_ADDRESSES);
    for (const query of overTcp.queries) {
      assert.equal(query.transport, 'tcp');
      assert.equal(query.ignoredResponses, 1);
    }
  },
);

test('a poisoning attempt for another name does not leak its addresses', HANG_GUARD, async () => {
  const result = await askWith({ hostile: 'wrong-question' });
  assert.ok(!result.addresses.includes('198.18.66.66'));
  assert.deepEqual(result.cnameChain, []);
});

test('a burst of random garbage on many parallel queries: no crash, every query ends', HANG_GUARD, async () => {
  server.setBehaviour('*', { hostile: 'random-bytes' });
  const names = Array.from({ length: 50 }, (_, i) => `noise${i}.example`);
  // A long timeout: with a hundred sockets at once on a busy machine the garbage must still arrive in time.
  const results = await Promise.all(names.map((hostname) => queryDns({ hostname, resolver, timeoutMs: 2000 })));
  for (const result of results) {
    assert.equal(
      result.outcome,
      'malformed',
      JSON.stringify(result.queries.map((q) => [q.outcome, q.ignoredResponses])),
    );
    assert.deepEqual(result.addresses, []);
  }
});

test('hostile answers leave no socket or timer behind', HANG_GUARD, async () => {
  await closesSettled();
  const udpBefore = process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap').length;
  await Promise.all(
    (['pointer-loop', 'wrong-id', 'oversized'] as const).map(async (mode, i) => {
      server.setRecord(`h${i}.example`, { A: ['198.18.0.1'], hostile: mode, truncate: i === 1 });
      return queryDns({ hostname: `h${i}.example`, resolver, timeoutMs: TIMEOUT_MS });
    }),
  );
  await closesSettled();
  const open = process.getActiveResourcesInfo();
  assert.equal(open.filter((name) => name === 'UDPWrap').length, udpBefore);
  assert.equal(open.filter((name) => name === 'Timeout').length, 0);
});

test('two OPT records: the packet is not trusted (malformed), over UDP and TCP', HANG_GUARD, async () => {
  assertIgnoredAndFailing(await askWith({ hostile: 'two-opt' }), 'udp');
  assertIgnoredAndFailing(await askWith({ truncate: true, hostile: 'two-opt' }), 'tcp');
});

test('an OPT option running past the OPT: the answer is kept, the options ignored', HANG_GUARD, async () => {
  const result = await askWith({ hostile: 'opt-overrun' });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.addresses, GOOD_ADDRESSES);
  assert.deepEqual(result.ede, []);
});

test('EDE text that is not UTF-8: the answer and the code are kept, the text dropped', HANG_GUARD, async () => {
  const result = await askWith({ hostile: 'ede-bad-utf8' });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.ede, [{ code: 15, text: '' }]);
});

test('a flood of EDE options over UDP and TCP: the answer is kept with the first eight', HANG_GUARD, async () => {
  for (const truncate of [false, true]) {
    const result = await askWith({ hostile: 'ede-flood', truncate });
    assert.equal(result.outcome, 'answer');
    for (const query of result.queries) {
      assert.equal(query.transport, truncate ? 'tcp' : 'udp');
      assert.equal(query.ede.length, 8);
    }
  }
});

test('a resolver that rejects EDNS (FORMERR without OPT) is asked again without it', HANG_GUARD, async () => {
  const result = await askWith({ noEdns: true });
  assert.equal(result.outcome, 'answer');
  assert.deepEqual(result.addresses, GOOD_ADDRESSES);
  assert.deepEqual(
    server.queries.map((q) => q.type).sort(),
    ['A', 'A', 'AAAA', 'AAAA'],
    'each type asked twice: with EDNS, then without',
  );
});

test("a resolver's Extended DNS Errors are kept per query and once in the result", HANG_GUARD, async () => {
  const ede = [{ code: 22, text: 'no reachable authority at 198.18.9.1' }];
  const result = await askWith({ rcode: 'SERVFAIL', ede });
  assert.equal(result.outcome, 'servfail');
  assert.deepEqual(result.ede, ede);
  assert.deepEqual(
    result.queries.map((q) => [q.recordType, q.ede]),
    [
      ['A', ede],
      ['AAAA', ede],
      ['CNAME', ede],
    ],
  );
});
