import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../electron/contracts/diagnosis';
import { matchesExpected, VerdictStream } from './verdict-stream';

function verdict(kind: Verdict['kind'], provider: string | null, apps: string[]): Verdict {
  return {
    scope: 'upstream',
    kind,
    layer: 'http',
    provider,
    region: null,
    apps,
    confidence: 0.9,
    summary: `${kind} ${provider ?? ''} ${apps.join(',')}`,
    evidence: [],
    advice: [],
  };
}

test('a verdict of the right kind naming another provider or other apps is not the expected one', () => {
  const awsOutage = { kind: 'provider-outage', provider: 'aws', apps: ['streamer', 'shopfront'] } as const;
  assert.equal(matchesExpected(verdict('provider-outage', 'aws', ['shopfront', 'streamer']), awsOutage), true);
  assert.equal(matchesExpected(verdict('provider-outage', 'fastly', ['shopfront', 'streamer']), awsOutage), false);
  assert.equal(matchesExpected(verdict('provider-outage', 'aws', ['streamer']), awsOutage), false);
  assert.equal(matchesExpected(verdict('provider-outage', 'aws', []), awsOutage), false);
  assert.equal(matchesExpected(verdict('provider-outage', 'aws', ['streamer', 'shopfront', 'wiki']), awsOutage), false);

  const wikiDown = { kind: 'app-outage', apps: ['wiki'] } as const;
  assert.equal(matchesExpected(verdict('app-outage', null, ['wiki']), wikiDown), true);
  assert.equal(matchesExpected(verdict('app-outage', null, ['newsdesk']), wikiDown), false);
  // Only what the scenario defines is compared: a local kind names no provider.
  assert.equal(matchesExpected(verdict('isp', null, ['wiki']), { kind: 'isp' }), true);
  assert.equal(matchesExpected(verdict('lan', null, []), { kind: 'isp' }), false);
});

test('waitFor resolves at the first matching verdict and keeps the wrong ones apart', async () => {
  const stream = new VerdictStream();
  const expected = { kind: 'app-outage', apps: ['wiki'] } as const;
  const since = performance.now();
  stream.push(verdict('app-outage', null, ['newsdesk']));
  const waiting = stream.waitFor(expected, since, 5_000);
  stream.push(verdict('app-outage', null, ['wiki']));
  const seenAt = await waiting;
  assert.equal(seenAt, stream.lines[1]?.receivedAt);
  assert.deepEqual(
    stream.wrongDetail(expected, since).map((line) => line.apps),
    [['newsdesk']],
  );
  await assert.rejects(
    stream.waitFor({ kind: 'provider-outage', provider: 'aws' }, since, 50),
    /provider-outage \(aws\)/,
  );
});
