import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict, VerdictKind } from '../contracts/diagnosis';
import { KIND_ORDER, type Finding } from './finding';
import { rankFindings } from './rank';

function finding(kind: VerdictKind, apps: string[] = [], extra: Partial<Finding> = {}, confidence = 0.7): Finding {
  const verdict: Verdict = {
    scope: 'local',
    kind,
    layer: null,
    provider: null,
    region: null,
    apps,
    confidence,
    summary: kind,
    evidence: [],
    advice: [],
  };
  return { verdict, ...extra };
}

const kinds = (findings: Finding[]) => findings.map((f) => `${f.verdict.kind}:${f.verdict.apps.join('+')}`);

test('findings come out in the decision order of docs/contracts.md, whatever order they went in', () => {
  const shuffled = [
    'degraded',
    'app-outage',
    'firewall',
    'isp',
    'offline',
    'provider-outage',
    'dns-local',
    'captive-portal',
    'blocked',
    'proxy',
    'lan',
    'vpn',
  ] as const;
  const ranked = rankFindings(shuffled.map((k) => finding(k, [], k === 'dns-local' ? { resolverWide: true } : {})));
  assert.deepEqual(
    ranked.map((f) => f.verdict.kind),
    KIND_ORDER.filter((k) => k !== 'ok' && k !== 'unknown'),
  );
});

test('provider-outages: more apps first, then higher confidence', () => {
  const ranked = rankFindings([
    finding('provider-outage', ['a'], {}, 0.9),
    finding('provider-outage', ['b', 'c'], {}, 0.6),
    finding('provider-outage', ['d'], {}, 0.95),
  ]);
  assert.deepEqual(kinds(ranked), ['provider-outage:b+c', 'provider-outage:d', 'provider-outage:a']);
});

test('app-outages keep the order of the apps', () => {
  const ranked = rankFindings([
    finding('app-outage', ['x']),
    finding('app-outage', ['a']),
    finding('app-outage', ['m']),
  ]);
  assert.deepEqual(kinds(ranked), ['app-outage:x', 'app-outage:a', 'app-outage:m']);
});

test('a name-specific dns-local goes behind upstream findings only when one covers more apps', () => {
  const narrow = finding('dns-local', ['r'], { resolverWide: false });
  const demoted = rankFindings([
    narrow,
    finding('provider-outage', ['a', 'b']),
    finding('app-outage', ['c']),
    finding('degraded', ['d']),
  ]);
  assert.deepEqual(kinds(demoted), ['provider-outage:a+b', 'app-outage:c', 'dns-local:r', 'degraded:d']);
  const kept = rankFindings([finding('app-outage', ['c']), narrow]);
  assert.deepEqual(kinds(kept), ['dns-local:r', 'app-outage:c'], 'a tie keeps the decision order');
});

test('a filter blocking a few names goes behind an upstream finding covering more apps, like a name-specific dns-local', () => {
  const ranked = rankFindings([
    finding('app-outage', ['c']),
    finding('blocked', ['r'], { nameSpecific: true }),
    finding('provider-outage', ['a', 'b', 'c']),
  ]);
  assert.deepEqual(kinds(ranked), ['provider-outage:a+b+c', 'app-outage:c', 'blocked:r']);
  const alone = rankFindings([finding('app-outage', ['c']), finding('blocked', ['r', 's'], { nameSpecific: true })]);
  assert.deepEqual(kinds(alone), ['blocked:r+s', 'app-outage:c'], 'ahead of an outage covering fewer apps');
});

test('a resolver-wide dns-local is never demoted', () => {
  const ranked = rankFindings([
    finding('provider-outage', ['a', 'b', 'c']),
    finding('dns-local', [], { resolverWide: true }),
  ]);
  assert.deepEqual(kinds(ranked), ['dns-local:', 'provider-outage:a+b+c']);
});

test('firewall ranks above upstream findings and below dns-local', () => {
  const ranked = rankFindings([
    finding('app-outage', ['z']),
    finding('firewall', ['y']),
    finding('dns-local', ['r'], { resolverWide: false }),
  ]);
  assert.deepEqual(kinds(ranked), ['dns-local:r', 'firewall:y', 'app-outage:z']);
});
