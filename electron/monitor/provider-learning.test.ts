// Provider learning over literal probe records: no sockets, no clock, no history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppReport, AppStatus } from '../contracts/diagnosis';
import type { DnsResult, ProviderSource, RoundEvidence, TargetProbe } from '../contracts/probe-results';
import type { ProviderMemoryEntry, RememberedName } from '../probe/target';
import { learnNames, learnProviders, NAME_REFRESH_MS } from './provider-learning';
import { quietRoundEvidence } from '../testkit/round-evidence-fixture';

const RESOLVER = { name: 'system', address: '127.0.0.53', port: 53, role: 'system' as const };

function dns(outcome: DnsResult['outcome'], cnameChain: string[]): DnsResult {
  return {
    kind: 'dns',
    hostname: 'x.test',
    resolver: RESOLVER,
    outcome,
    addresses: outcome === 'answer' ? ['192.0.2.1'] : [],
    cnameChain,
    latencyMs: 3,
    ede: [],
    queries: [],
  };
}

function probe(id: string, source: ProviderSource | null, fields: Partial<TargetProbe> = {}): TargetProbe {
  return {
    id,
    name: id,
    url: `https://${id}.test/`,
    hostname: `${id}.test`,
    port: 443,
    dns: [dns('answer', [`${id}.cdn.test`])],
    addressSource: 'system',
    tcp: [],
    tls: null,
    http: null,
    provider: source === null ? null : 'aws',
    region: source === null ? null : 'us-east-1',
    providerSource: source,
    ...fields,
  };
}

function evidence(apps: TargetProbe[]): RoundEvidence {
  return { ...quietRoundEvidence(), at: '2026-11-23T12:00:00.000Z', apps };
}

function judged(statuses: Record<string, AppStatus>): { apps: AppReport[] } {
  return {
    apps: Object.entries(statuses).map(([id, status]) => ({
      id,
      name: id,
      status,
      layer: null,
      provider: null,
      region: null,
      latencyMs: null,
      usual: null,
      probes: [],
    })),
  };
}

test('attribution seen on the wire for an app that is up is learned with its answered CNAME chain', () => {
  const memory = new Map<string, ProviderMemoryEntry>();
  const result = learnProviders(evidence([probe('zoom', 'cname')]), judged({ zoom: 'up' }), memory);
  assert.deepEqual(result.learned, [
    { appId: 'zoom', provider: 'aws', region: 'us-east-1', cnameChain: ['zoom.cdn.test'] },
  ]);
  assert.deepEqual(result.memory.get('zoom'), { provider: 'aws', region: 'us-east-1', cnameChain: ['zoom.cdn.test'] });
  assert.equal(memory.size, 0, 'the memory given is not changed');
});

test('the CNAME chain comes from the first resolver that answered', () => {
  const zoom = probe('zoom', 'header', { dns: [dns('servfail', ['wrong.test']), dns('answer', ['right.test'])] });
  const result = learnProviders(evidence([zoom]), judged({ zoom: 'up' }), new Map());
  assert.deepEqual(result.learned[0]?.cnameChain, ['right.test']);
  const unanswered = probe('zoom', 'ip-range', { dns: [dns('timeout', [])] });
  assert.deepEqual(
    learnProviders(evidence([unanswered]), judged({ zoom: 'up' }), new Map()).learned[0]?.cnameChain,
    [],
  );
});

test('nothing is learned from an app that is not up, has no provider, or whose provider was known without the wire', () => {
  const apps = [
    probe('down', 'cname'),
    probe('degraded', 'cname'),
    probe('unattributed', null),
    probe('from-config', 'config'),
    probe('from-catalog', 'catalog'),
    probe('from-memory', 'memory'),
  ];
  const statuses = judged({
    down: 'down',
    degraded: 'degraded',
    unattributed: 'up',
    'from-config': 'up',
    'from-catalog': 'up',
    'from-memory': 'up',
  });
  const memory = new Map<string, ProviderMemoryEntry>();
  const result = learnProviders(evidence(apps), statuses, memory);
  assert.deepEqual(result.learned, []);
  assert.equal(result.memory, memory, 'the same map when nothing was learned');
});

test('what is remembered already is not learned again; a change is', () => {
  const memory = new Map<string, ProviderMemoryEntry>([
    ['zoom', { provider: 'aws', region: 'us-east-1', cnameChain: ['zoom.cdn.test'] }],
    ['slack', { provider: 'aws', region: 'us-west-2', cnameChain: ['slack.cdn.test'] }],
  ]);
  const result = learnProviders(
    evidence([probe('zoom', 'cname'), probe('slack', 'cname')]),
    judged({ zoom: 'up', slack: 'up' }),
    memory,
  );
  assert.deepEqual(
    result.learned.map((record) => record.appId),
    ['slack'],
  );
  assert.equal(result.memory.get('slack')?.region, 'us-east-1');
  assert.equal(result.memory.get('zoom'), memory.get('zoom'), 'the rest of the memory carries over');
  assert.equal(memory.get('slack')?.region, 'us-west-2');
});

test('only apps the look probed are learned from, whatever the diagnosis says about others', () => {
  const result = learnProviders(evidence([]), judged({ zoom: 'up' }), new Map());
  assert.deepEqual(result.learned, []);
});

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

test('every CNAME that answered for an up or degraded app is learned, whatever its attribution source', () => {
  const apps = [
    probe('zoom', 'catalog', { dns: [dns('answer', ['zoom.geo.test', 'zoom.cdn.cloudflare.net'])] }),
    probe('slack', null, { dns: [dns('answer', ['slack.elb.us-east-1.amazonaws.com']), dns('nxdomain', ['x.test'])] }),
    probe('down', 'cname'),
  ];
  const result = learnNames(evidence(apps), judged({ zoom: 'up', slack: 'degraded', down: 'down' }), new Map(), NOW);
  assert.deepEqual(
    result.learned.map((r) => [r.appId, r.name]),
    [
      ['zoom', 'zoom.geo.test'],
      ['zoom', 'zoom.cdn.cloudflare.net'],
      ['slack', 'slack.elb.us-east-1.amazonaws.com'],
    ],
    'only answered chains, and nothing of the failing app',
  );
  assert.deepEqual(result.memory.get('slack'), [{ name: 'slack.elb.us-east-1.amazonaws.com', seenAt: NOW }]);
});

test('a name seen again within the refresh time is not written again; later it is, and the memory stays bounded', () => {
  const memory = new Map<string, RememberedName[]>([['zoom', [{ name: 'zoom.cdn.test', seenAt: NOW - 60_000 }]]]);
  const soon = learnNames(evidence([probe('zoom', 'cname')]), judged({ zoom: 'up' }), memory, NOW);
  assert.deepEqual(soon.learned, []);
  assert.equal(soon.memory, memory);
  const later = learnNames(evidence([probe('zoom', 'cname')]), judged({ zoom: 'up' }), memory, NOW + NAME_REFRESH_MS);
  assert.deepEqual(later.memory.get('zoom'), [{ name: 'zoom.cdn.test', seenAt: NOW + NAME_REFRESH_MS }]);
  assert.equal(memory.get('zoom')?.[0]?.seenAt, NOW - 60_000, 'the memory given is not changed');
  const chain = Array.from({ length: 40 }, (_, i) => `hop${i}.test`);
  const long = learnNames(
    evidence([probe('zoom', 'cname', { dns: [dns('answer', chain)] })]),
    judged({ zoom: 'up' }),
    new Map(),
    NOW,
  );
  assert.equal(long.memory.get('zoom')?.length, 16);
});
