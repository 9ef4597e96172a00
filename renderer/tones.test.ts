import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scope, VerdictKind } from '../electron/contracts/diagnosis';
import { PATH_SEGMENTS, segmentTones } from './tones';

/** The tones along You → App as one line, e.g. 'ok ok fail unknown ...'. */
function tonesOf(kind: VerdictKind, extra: { scope?: Scope; provider?: string } = {}, routerChecked = true): string {
  const tones = segmentTones({ kind, scope: extra.scope ?? 'local', provider: extra.provider ?? null }, routerChecked);
  return PATH_SEGMENTS.map((segment) => tones[segment]).join(' ');
}

test('the failing hop is marked, hops before it fine, hops after it unknown', () => {
  assert.equal(tonesOf('ok', { scope: 'none' }), 'ok ok ok ok ok ok ok');
  assert.equal(tonesOf('offline'), 'ok fail unknown unknown unknown unknown unknown');
  assert.equal(tonesOf('lan'), 'ok ok fail unknown unknown unknown unknown');
  assert.equal(tonesOf('dns-local'), 'ok ok ok ok fail unknown unknown');
  assert.equal(tonesOf('blocked'), 'ok ok ok ok fail unknown unknown', "a filter on the network's DNS");
  assert.equal(tonesOf('app-outage', { scope: 'upstream' }), 'ok ok ok ok ok ok fail');
  assert.equal(tonesOf('degraded', { scope: 'upstream', provider: 'aws' }), 'ok ok ok ok ok warn unknown');
  assert.equal(tonesOf('unknown', { scope: 'unknown' }), 'unknown unknown unknown unknown unknown unknown unknown');
});

test('a provider outage leaves its apps failing too', () => {
  assert.equal(tonesOf('provider-outage', { scope: 'upstream', provider: 'aws' }), 'ok ok ok ok ok fail fail');
});

test('an ISP verdict clears the router only when the router was checked', () => {
  assert.equal(tonesOf('isp', {}, true), 'ok ok ok fail unknown unknown unknown');
  assert.equal(tonesOf('isp', {}, false), 'ok ok unknown fail unknown unknown unknown');
});
