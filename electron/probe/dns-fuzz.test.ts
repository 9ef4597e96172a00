// The DNS fuzzer (electron/testkit/dns-fuzz/) on the probe's decode-and-validate
// path: 10,000 mutated responses per run of the suite, none may crash or hang.
// `npm run fuzz:dns -- --cases 1000000` is the long run (BENCHMARKS.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzSeeds, mutatedCase } from '../testkit/dns-fuzz/mutations';
import { runFuzz } from '../testkit/dns-fuzz/runner';
import { acceptResponse } from './dns-wire';

test('10,000 mutated responses: no crash, no hang, and a share still accepted (the checks are not just "reject all")', async () => {
  const report = await runFuzz({ cases: 10_000, seed: 11 });
  assert.equal(report.crashes, 0, JSON.stringify(report.failures.slice(0, 3), null, 2));
  assert.deepEqual(report.hangs, []);
  assert.ok(report.accepted > 500 && report.accepted < 9_000, `accepted ${report.accepted}`);
});

test('the seeds are real responses the probe accepts as they are, EDE included', () => {
  const seeds = fuzzSeeds();
  assert.ok(seeds.length >= 15);
  for (const seed of seeds) {
    const accepted = acceptResponse(seed.bytes, seed.sent, 'tcp');
    assert.ok(accepted, seed.label);
  }
  const ede = (label: string) => {
    const seed = seeds.find((s) => s.label === label);
    assert.ok(seed, label);
    return acceptResponse(seed.bytes, seed.sent, 'udp')?.ede ?? [];
  };
  assert.equal(ede('dnssec expired servfail ede 7')[0]?.code, 7);
  assert.match(ede('dnssec expired servfail ede 7')[0]?.text ?? '', /signature expired/);
  assert.deepEqual(ede('stale answer ede 3 (authority dark)'), [{ code: 3, text: '' }]);
  assert.equal(ede('built: EDE flood').length, 8);
});

test('a case number replays the same bytes', () => {
  const seeds = fuzzSeeds();
  assert.deepEqual(mutatedCase(seeds, 12345).bytes, mutatedCase(seeds, 12345).bytes);
  assert.notDeepEqual(mutatedCase(seeds, 12345).bytes, mutatedCase(seeds, 12346).bytes);
});

test('a case that never ends is counted as a hang and the run goes on after it', async () => {
  const report = await runFuzz({ cases: 60, seed: 3, workers: 1, hangAt: 25, hangMs: 300 });
  assert.deepEqual(report.hangs, [25]);
  assert.equal(report.crashes, 0);
});
