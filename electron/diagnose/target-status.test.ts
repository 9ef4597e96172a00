import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PUBLIC_RESOLVERS, SYSTEM_RESOLVER, targetProbe } from './evidence-builders';
import { assessTarget, probesInOrder, slowThresholdMs } from './target-status';

const TIMEOUT = 3000;
const assess = (spec: Parameters<typeof targetProbe>[0]) => assessTarget(targetProbe(spec), TIMEOUT);

test('a target that answers 200 quickly is up with no failing layer', () => {
  const a = assess({ id: 'zoom' });
  assert.equal(a.status, 'up');
  assert.equal(a.layer, null);
  assert.equal(a.reachable, true);
  assert.equal(a.latencyMs, 80);
});

test('a 4xx answer is up: the server answered deliberately', () => {
  assert.equal(assess({ id: 'alexa', http: 404 }).status, 'up');
});

test('a 5xx answer is down at the http layer', () => {
  const a = assess({ id: 'alexa', http: 503 });
  assert.equal(a.status, 'down');
  assert.equal(a.layer, 'http');
  assert.equal(a.pathFailure?.outcome, 'status5xx');
  assert.equal(a.reachable, false);
});

test('a 503 with x-served-by and via: varnish names Fastly as the edge, used when the round attributed nothing', () => {
  const fastly = { via: '1.1 varnish', 'x-served-by': 'cache-fra-etou8220024-FRA' };
  const a = assess({ id: 'reddit', http: { status: 503, headers: fastly } });
  assert.equal(a.pathFailure?.edge?.provider, 'fastly');
  assert.equal(a.provider, 'fastly');
  const attributed = assess({ id: 'reddit', provider: 'aws', http: { status: 503, headers: fastly } });
  assert.equal(attributed.provider, 'aws', "the round's attribution wins");
});

test("a 503 through a site's own Varnish (via: varnish alone) names no edge", () => {
  const a = assess({ id: 'reddit', http: { status: 503, headers: { via: '1.1 varnish (Varnish/7.4)' } } });
  assert.equal(a.pathFailure?.outcome, 'status5xx');
  assert.equal(a.pathFailure?.edge, null);
  assert.equal(a.provider, null);
});

test('tcp refused, tls expired, http timeout and reset each fail at their own layer', () => {
  assert.deepEqual(
    [assess({ id: 'a', tcp: 'refused' }).layer, assess({ id: 'a', tcp: 'refused' }).pathFailure?.outcome],
    ['tcp', 'refused'],
  );
  assert.deepEqual(
    [assess({ id: 'b', tls: 'expired' }).layer, assess({ id: 'b', tls: 'expired' }).pathFailure?.outcome],
    ['tls', 'expired'],
  );
  assert.equal(assess({ id: 'c', http: 'timeout' }).layer, 'http');
  assert.equal(assess({ id: 'd', http: 'reset' }).pathFailure?.outcome, 'reset');
});

test('a name no resolver answers is down at the dns layer, answered nowhere', () => {
  const a = assess({ id: 'slack', dns: 'servfail' });
  assert.equal(a.status, 'down');
  assert.equal(a.layer, 'dns');
  assert.equal(a.dns.answeredNowhere, true);
  assert.equal(a.pathFailure, null);
});

test('a name only public resolvers answer is down for the person (dns) but reachable through the public address', () => {
  const a = assess({ id: 'zoom', dns: { [SYSTEM_RESOLVER.address]: 'timeout' } });
  assert.equal(a.status, 'down');
  assert.equal(a.layer, 'dns');
  assert.equal(a.dns.systemOnly, true);
  assert.equal(a.reachable, true);
  assert.equal(a.probe.addressSource, 'public');
});

test('slow above 40% of the timeout is degraded; just under is up', () => {
  assert.equal(slowThresholdMs(3000), 1200);
  assert.equal(slowThresholdMs(60000), 2500, 'very high latency counts whatever the timeout');
  const slow = assess({ id: 'zoom', latencyMs: 1300 });
  assert.equal(slow.status, 'degraded');
  assert.equal(slow.layer, 'http');
  assert.equal(assess({ id: 'zoom', latencyMs: 1100 }).status, 'up');
});

test('a slow system resolver makes the target degraded at the dns layer', () => {
  const a = assess({ id: 'zoom', dnsLatencyMs: 1500 });
  assert.equal(a.status, 'degraded');
  assert.equal(a.layer, 'dns');
});

test('nothing probed (no DNS, no connection) is unknown, not up', () => {
  const probe = targetProbe({ id: 'zoom' });
  const bare = { ...probe, dns: [], tcp: [], tls: null, http: null, addressSource: null };
  const a = assessTarget(bare, TIMEOUT);
  assert.equal(a.status, 'unknown');
  assert.equal(a.layer, null);
});

test('public resolvers that disagree about a name are noticed', () => {
  const a = assess({ id: 'zoom', dns: { [PUBLIC_RESOLVERS[1]!.address]: 'servfail' } });
  assert.equal(a.dns.publicSplit, true);
  assert.equal(a.status, 'up');
});

test('probes are listed dns first, then tcp, tls, http', () => {
  const kinds = probesInOrder(targetProbe({ id: 'zoom' })).map((p) => p.kind);
  assert.deepEqual(kinds, ['dns', 'dns', 'dns', 'dns', 'tcp', 'tls', 'http']);
});
