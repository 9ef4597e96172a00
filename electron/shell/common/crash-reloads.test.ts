import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashReloads, MAX_RELOADS, RELOAD_SPAN_MS } from './crash-reloads';

test('three reloads a minute, then the fourth crash in that minute gives up', () => {
  const reloads = new CrashReloads();
  const answers = [0, 1_000, 2_000, 3_000].map((at) => reloads.mayReload(at));
  assert.equal(MAX_RELOADS, 3);
  assert.deepEqual(answers, [true, true, true, false]);
});

test('crashes spread wider than the span keep being reloaded', () => {
  const reloads = new CrashReloads();
  const answers = [0, 1, 2, RELOAD_SPAN_MS, RELOAD_SPAN_MS + 1, RELOAD_SPAN_MS + 2].map((at) => reloads.mayReload(at));
  assert.deepEqual(answers, [true, true, true, true, true, true]);
  assert.equal(reloads.mayReload(RELOAD_SPAN_MS + 3), false);
});
