import assert from 'node:assert/strict';
import { test } from 'node:test';
import { app, roundEvidence } from './evidence-builders';
import { resolverHealth } from './resolver-health';

const byName = (health: ReturnType<typeof resolverHealth>, name: string) => {
  const found = health.find((h) => h.report.name === name);
  assert.ok(found, name);
  return found;
};

test('a system resolver timing out for every name is failing, with outcome counts; public ones are ok', () => {
  const health = resolverHealth(
    roundEvidence({ apps: [app('zoom'), app('slack')], resolverOutcomes: { '127.0.0.53': 'timeout' } }),
  );
  const system = byName(health, '127.0.0.53');
  assert.equal(system.report.status, 'failing');
  assert.deepEqual(system.report.outcomes, { timeout: 4 });
  assert.equal(system.namesFailed, 4);
  assert.equal(system.dominantFailure, 'timeout');
  assert.equal(system.report.medianLatencyMs, null, 'timeouts are not latencies');
  assert.equal(byName(health, 'Cloudflare').report.status, 'ok');
  assert.equal(byName(health, 'Cloudflare').report.medianLatencyMs, 12);
});

test('a name that fails at every resolver is not held against any of them', () => {
  const health = resolverHealth(roundEvidence({ apps: [app('zoom', { dns: 'servfail' })] }));
  for (const h of health) {
    assert.equal(h.report.status, 'ok', h.report.name);
    assert.equal(h.namesJudged, 2, 'only the two control names are judged');
    assert.equal(h.report.outcomes.servfail, 1, 'but the outcome is still counted');
  }
});

test('NXDOMAIN for names other resolvers answer is a bogus NXDOMAIN failure', () => {
  const health = resolverHealth(roundEvidence({ apps: [app('zoom')], resolverOutcomes: { '127.0.0.53': 'nxdomain' } }));
  const system = byName(health, '127.0.0.53');
  assert.equal(system.report.status, 'failing');
  assert.equal(system.dominantFailure, 'bogus');
  assert.equal(system.bogus.length, 3);
  assert.equal(system.bogus[0]?.answeredBy.role, 'public');
});

test('when no name is answered anywhere, every resolver is failing (nothing answers at all)', () => {
  const all = { '127.0.0.53': 'timeout', Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' } as const;
  const health = resolverHealth(roundEvidence({ apps: [app('zoom')], resolverOutcomes: all }));
  assert.ok(health.every((h) => h.report.status === 'failing'));
});

test('one failure out of three names is not "most names": the resolver stays ok', () => {
  const health = resolverHealth(roundEvidence({ apps: [app('zoom', { dns: { '127.0.0.53': 'refused' } })] }));
  const system = byName(health, '127.0.0.53');
  assert.equal(system.report.status, 'ok');
  assert.equal(system.namesFailed, 1);
  assert.equal(system.namesJudged, 3);
});

test('a resolver asked nothing is unknown; the report has exactly the ResolverReport keys', () => {
  const health = resolverHealth(roundEvidence({ controls: [] }));
  for (const h of health) {
    assert.equal(h.report.status, 'unknown');
    assert.deepEqual(Object.keys(h.report).sort(), [
      'address',
      'medianLatencyMs',
      'name',
      'outcomes',
      'port',
      'role',
      'status',
    ]);
  }
});
