// Reverse DNS (PTR) against the fake DNS server on loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeDns, type FakeDnsServer } from '../testkit/fake-dns/index';
import { queryReverse, reverseDnsName } from './dns-reverse';

let server: FakeDnsServer;

before(async () => {
  server = await startFakeDns({
    zone: {
      '10.0.0.127.in-addr.arpa': { PTR: ['ec2-3-80-1-10.compute-1.amazonaws.com.'] },
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa': { PTR: ['localhost'] },
      '11.0.0.127.in-addr.arpa': { PTR: ['a.example', 'b.example'], hostile: 'wrong-then-correct' },
      '12.0.0.127.in-addr.arpa': { PTR: ['spoofed.example'], hostile: 'wrong-question' },
      '13.0.0.127.in-addr.arpa': { drop: true },
    },
  });
});
after(() => server.close());

test('reverseDnsName: IPv4 octets reversed; IPv6 as 32 nibbles, compressed and IPv4-tailed forms expanded', () => {
  assert.equal(reverseDnsName('192.0.2.10'), '10.2.0.192.in-addr.arpa');
  assert.equal(reverseDnsName('::1'), `1${'.0'.repeat(31)}.ip6.arpa`);
  assert.equal(
    reverseDnsName('2001:db8::567:89ab'),
    'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
  );
  assert.equal(
    reverseDnsName('::ffff:192.0.2.1'),
    '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa',
  );
  assert.equal(reverseDnsName('fe80::1%eth0'), `1${'.0'.repeat(27)}.0.8.e.f.ip6.arpa`);
  assert.equal(reverseDnsName('example.com'), null);
});

test('queryReverse: the PTR names of an IPv4 and an IPv6 address', async () => {
  const resolver = server.resolverRef('fake');
  const v4 = await queryReverse({ address: '127.0.0.10', resolver, timeoutMs: 2000 });
  assert.equal(v4.outcome, 'answer');
  assert.equal(v4.name, '10.0.0.127.in-addr.arpa');
  assert.deepEqual(v4.names, ['ec2-3-80-1-10.compute-1.amazonaws.com']);
  const v6 = await queryReverse({ address: '::1', resolver, timeoutMs: 2000 });
  assert.deepEqual([v6.outcome, v6.names], ['answer', ['localhost']]);
  assert.ok(server.queries.some((q) => q.type === 'PTR' && q.name.endsWith('.ip6.arpa')));
});

test('queryReverse: no record is nxdomain; silence is a timeout; a non-address is an error without a query', async () => {
  const resolver = server.resolverRef('fake');
  assert.equal((await queryReverse({ address: '127.0.0.99', resolver, timeoutMs: 2000 })).outcome, 'nxdomain');
  const silent = await queryReverse({ address: '127.0.0.13', resolver, timeoutMs: 300 });
  assert.deepEqual([silent.outcome, silent.names], ['timeout', []]);
  server.clearQueries();
  const bad = await queryReverse({ address: 'not-an-ip', resolver, timeoutMs: 300 });
  assert.equal(bad.outcome, 'error');
  assert.equal(server.queries.length, 0);
});

test('queryReverse: a wrong-ID response is ignored and the right one used; an answer for another name is never trusted', async () => {
  const resolver = server.resolverRef('fake');
  const late = await queryReverse({ address: '127.0.0.11', resolver, timeoutMs: 2000 });
  assert.deepEqual([late.outcome, late.names], ['answer', ['a.example', 'b.example']]);
  const spoofed = await queryReverse({ address: '127.0.0.12', resolver, timeoutMs: 400 });
  assert.equal(spoofed.outcome, 'malformed');
  assert.deepEqual(spoofed.names, []);
});

test('queryReverse: an abort ends it at once as an error', async () => {
  const controller = new AbortController();
  const pending = queryReverse({
    address: '127.0.0.13',
    resolver: server.resolverRef('fake'),
    timeoutMs: 10_000,
    signal: controller.signal,
  });
  controller.abort();
  const result = await pending;
  assert.deepEqual([result.outcome, result.error], ['error', 'aborted']);
});
