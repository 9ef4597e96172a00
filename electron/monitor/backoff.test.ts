import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs, backoffModeFor, DEFAULT_BACKOFF } from './backoff';
import { verdictOf } from './test-verdicts';

test('the delay doubles from the heartbeat interval up to the cap', () => {
  const delays = [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt));
  assert.deepEqual(delays, [5_000, 10_000, 20_000, 30_000, 30_000, 30_000]);
});

test('the delay never decreases and never passes the cap, even after many attempts', () => {
  let previous = 0;
  for (let attempt = 0; attempt < 2_000; attempt++) {
    const delay = backoffDelayMs(attempt, DEFAULT_BACKOFF);
    assert.ok(delay >= previous, `attempt ${attempt}`);
    assert.ok(delay <= DEFAULT_BACKOFF.maxMs, `attempt ${attempt}`);
    assert.ok(Number.isFinite(delay));
    previous = delay;
  }
});

test('odd inputs are clamped to the first step', () => {
  assert.equal(backoffDelayMs(-3), 5_000);
  assert.equal(backoffDelayMs(1.7), 10_000);
});

test('custom settings', () => {
  const settings = { baseMs: 100, maxMs: 1_000, factor: 3 };
  assert.deepEqual(
    [0, 1, 2, 3].map((a) => backoffDelayMs(a, settings)),
    [100, 300, 900, 1_000],
  );
});

test('back off only when no app can be reached; heartbeats grow only without any network', () => {
  assert.equal(backoffModeFor(verdictOf('offline')), 'growing');
  for (const kind of ['lan', 'isp', 'captive-portal'] as const)
    assert.equal(backoffModeFor(verdictOf(kind)), 'no-full-rounds', kind);
  for (const kind of ['ok', 'dns-local', 'firewall', 'provider-outage', 'app-outage', 'degraded', 'unknown'] as const) {
    assert.equal(backoffModeFor(verdictOf(kind)), 'none', kind);
  }
  assert.equal(backoffModeFor(null), 'none');
});
