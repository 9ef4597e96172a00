// Per-network baselines from recorded histories: looks taken on two networks
// go into a real history file, come back as each network's normal, and
// change what diagnose() says about the same figures.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { USUAL_SAMPLES_KEPT } from '../contracts/baseline';
import type { RoundEvidence } from '../contracts/probe-results';
import { appsWith, baselineRounds, plainHttpBlocked } from '../diagnose/example-rounds';
import { roundEvidence, vpnInfo } from '../diagnose/evidence-builders';
import { diagnose } from '../diagnose/index';
import { createTranslator } from '../i18n/translate';
import { baselineObservation, summarizeBaseline, usualFigure } from './baseline';
import { HistoryStore } from './history-store';
import type { NetworkIdentity } from './network-ids';

const t = createTranslator('en').t;
const root = mkdtempSync(join(tmpdir(), 'outage-watch-baseline-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function openStore(): HistoryStore {
  counter += 1;
  return HistoryStore.open({ dataDir: join(root, String(counter)), historyDays: 30 });
}

const HOME: NetworkIdentity = { gateway: '198.18.1.1', ssid: 'Home' };
const CAFE: NetworkIdentity = { gateway: '198.18.8.1', ssid: 'Cafe' };
const MINUTE = 60_000;

/** Records a look as the monitor does after a full round; returns it judged against what the history knew then. */
function recordLook(store: HistoryStore, network: NetworkIdentity, evidence: RoundEvidence, at: number) {
  const diagnosis = diagnose(evidence, t, store.baselines.of(network));
  store.baselines.record(at, baselineObservation(evidence, diagnose(evidence, t)), network);
  return diagnosis;
}

test('the usual figure is the median and 90th percentile of the last samples kept', () => {
  assert.deepEqual(usualFigure([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]), { medianMs: 50, p90Ms: 90, samples: 10 });
  assert.equal(usualFigure([]), null);
  const many = Array.from({ length: 80 }, (_, i) => i);
  assert.equal(usualFigure(many)?.samples, USUAL_SAMPLES_KEPT);
});

test('a look observes the figures of apps that were up, and every trait as present or not', () => {
  const evidence = roundEvidence({ apps: appsWith({ slack: { http: 500 } }), vpn: vpnInfo() });
  const observation = baselineObservation(evidence, diagnose(evidence, t));
  const slack = observation.figures.filter((f) => f.targetId === 'slack');
  assert.equal(slack.length, 0, 'a failing app teaches nothing about its normal');
  const zoom = observation.figures.filter((f) => f.targetId === 'zoom').map((f) => f.layer);
  assert.deepEqual(zoom.sort(), ['dns', 'http', 'latency', 'tcp', 'tls']);
  const traits = new Map(observation.traits.map((o) => [o.trait, o.present]));
  assert.equal(traits.get('vpn'), true);
  assert.equal(traits.get('proxy'), false);
  assert.equal(traits.get('resolver-answers:127.0.0.53:53'), true);
});

test('a latency normal on network A is flagged on network B, where the same app is usually fast', () => {
  const store = openStore();
  try {
    const slowLink = roundEvidence({ apps: appsWith({ reddit: { latencyMs: 2400 } }) });
    const fastLink = roundEvidence({ apps: appsWith({ reddit: { latencyMs: 60 } }) });
    // Network A (a café's satellite link): slow from the first look, so at first it is flagged...
    const first = recordLook(store, CAFE, slowLink, 0);
    assert.equal(first.verdict.kind, 'degraded');
    for (let look = 1; look < 8; look++) recordLook(store, CAFE, slowLink, look * MINUTE);
    // ...until it is what this network is like.
    const cafe = store.baselines.of(CAFE);
    assert.equal(cafe?.targets.reddit?.latency?.medianMs, 2400);
    assert.equal(diagnose(slowLink, t, cafe).verdict.kind, 'ok');
    // Network B (home): Reddit answers in 60 ms.
    for (let look = 0; look < 8; look++) recordLook(store, HOME, fastLink, look * MINUTE);
    const home = store.baselines.of(HOME);
    assert.equal(home?.looks, 8);
    assert.equal(home?.targets.reddit?.latency?.medianMs, 60);
    // The café's normal at home is news: slower than usual on this network.
    const atHome = diagnose(slowLink, t, home);
    assert.equal(atHome.verdict.kind, 'degraded');
    assert.ok(atHome.verdict.evidence.some((s) => s.includes('on this network it usually takes 60 ms')));
    assert.deepEqual(atHome.apps.find((a) => a.id === 'reddit')?.usual, { medianMs: 60, p90Ms: 60, samples: 8 });
    // 700 ms is under the fixed threshold: without the home baseline, nothing to say.
    const alittleSlow = roundEvidence({ apps: appsWith({ reddit: { latencyMs: 700 } }) });
    assert.equal(diagnose(alittleSlow, t).verdict.kind, 'ok');
    assert.equal(diagnose(alittleSlow, t, home).verdict.kind, 'degraded');
  } finally {
    store.close();
  }
});

test('one slow look among a few fast ones does not make slowness usual', () => {
  const store = openStore();
  try {
    const fast = roundEvidence({ apps: appsWith({ reddit: { latencyMs: 60 } }) });
    const slow = roundEvidence({ apps: appsWith({ reddit: { latencyMs: 2400 } }) });
    for (let look = 0; look < 7; look++) recordLook(store, HOME, fast, look * MINUTE);
    assert.equal(recordLook(store, HOME, slow, 7 * MINUTE).verdict.kind, 'degraded');
    // The next slow look is still news: the one before is an outlier, not the network's normal.
    assert.equal(recordLook(store, HOME, slow, 8 * MINUTE).verdict.kind, 'degraded');
  } finally {
    store.close();
  }
});

test('a port always blocked on this network becomes context, not news; on a new network it is news', () => {
  const store = openStore();
  try {
    const firewall = plainHttpBlocked();
    assert.equal(diagnose(firewall, t).verdict.kind, 'firewall');
    for (let look = 0; look < 8; look++) recordLook(store, HOME, firewall, look * MINUTE);
    const office = store.baselines.of(HOME);
    const judged = diagnose(firewall, t, office);
    assert.equal(judged.verdict.kind, 'ok');
    assert.ok(judged.verdict.evidence.some((s) => s.startsWith('As usual on this network:')));
    assert.equal(diagnose(firewall, t, store.baselines.of(CAFE)).verdict.kind, 'firewall');
  } finally {
    store.close();
  }
});

test('a VPN usual on this network says so; a proxy never seen here is new', () => {
  const rounds = baselineRounds();
  for (const [name, round] of Object.entries(rounds)) {
    assert.equal(diagnose(round.evidence, t, round.baseline).verdict.kind, round.kind, name);
  }
  const vpn = diagnose(rounds.vpnAsUsual!.evidence, t, rounds.vpnAsUsual!.baseline).verdict.evidence;
  assert.ok(vpn.includes('That is usual on this network.'));
  const proxy = diagnose(rounds.proxyNewHere!.evidence, t, rounds.proxyNewHere!.baseline).verdict.evidence;
  assert.ok(proxy.some((s) => s.startsWith('That is new on this network')));
});

test('what usually works here is read: a VPN or proxy missing today, a resolver failing that usually answers (en, ar)', () => {
  const rounds = baselineRounds();
  const evidenceOf = (name: string, translate = t) => {
    const round = rounds[name]!;
    return diagnose(round.evidence, translate, round.baseline).verdict.evidence;
  };
  const missing = evidenceOf('vpnAndProxyMissing');
  assert.ok(missing.some((s) => s.startsWith('No VPN is in use, though')));
  assert.ok(missing.some((s) => s.startsWith('No proxy is in use, though')));
  // Without the baseline nothing is missing.
  assert.ok(!diagnose(rounds.vpnAndProxyMissing!.evidence, t).verdict.evidence.some((s) => s.startsWith('No VPN')));
  assert.ok(
    evidenceOf('resolverUsuallyAnswers').includes(
      '127.0.0.53 usually answers on this network: its failure is new today.',
    ),
  );
  assert.ok(evidenceOf('resolverUsuallyFails').some((s) => /Quad9 .* seldom answers on this network/.test(s)));
  assert.ok(evidenceOf('captiveAsUsual').includes('That is usual on this network.'));
  assert.ok(evidenceOf('ipv6BrokenNewHere').some((s) => s.startsWith('That is new on this network')));
  const ar = createTranslator('ar').t;
  for (const name of ['vpnAndProxyMissing', 'resolverUsuallyAnswers', 'resolverUsuallyFails', 'captiveAsUsual']) {
    const english = evidenceOf(name);
    const arabic = evidenceOf(name, ar);
    assert.equal(arabic.length, english.length, name);
    assert.ok(
      arabic.some((s) => /[\u0600-\u06FF]/.test(s)),
      name,
    );
  }
});

test('a look records only the traits diagnose() reads', () => {
  const evidence = roundEvidence({ apps: appsWith({}), vpn: vpnInfo() });
  const traits = baselineObservation(evidence, diagnose(evidence, t)).traits.map((o) =>
    o.trait.replace(/:[^:]+:\d+$/, ':*'),
  );
  assert.deepEqual([...new Set(traits)].sort(), [
    'blocked',
    'captive-portal',
    'firewall',
    'firewall:dns',
    'ipv6-broken',
    'proxy',
    'resolver-answers:*',
    'vpn',
  ]);
});

test(`the history keeps the last ${USUAL_SAMPLES_KEPT} per network, target and layer, and forgets with its retention`, () => {
  const store = openStore();
  try {
    const evidence = roundEvidence({ apps: appsWith({}) });
    for (let look = 0; look < USUAL_SAMPLES_KEPT + 15; look++) recordLook(store, HOME, evidence, look * MINUTE);
    const home = store.baselines.of(HOME);
    assert.equal(home?.looks, USUAL_SAMPLES_KEPT + 15);
    assert.equal(home?.targets.zoom?.latency?.samples, USUAL_SAMPLES_KEPT);
    assert.equal(home?.traits.find((tr) => tr.trait === 'vpn')?.looks, USUAL_SAMPLES_KEPT);
    store.maintain(200 * 24 * 60 * MINUTE);
    assert.equal(store.baselines.of(HOME)?.targets.zoom, undefined);
  } finally {
    store.close();
  }
});

test('summarizing rows: shares follow the recent looks', () => {
  const rows = {
    label: 'Home',
    looks: 10,
    since: 0,
    figures: [],
    traits: [
      ...Array.from({ length: 5 }, () => ({ trait: 'vpn', present: false })),
      ...Array.from({ length: 5 }, () => ({ trait: 'vpn', present: true })),
    ],
  };
  assert.deepEqual(summarizeBaseline(rows).traits, [{ trait: 'vpn', share: 0.5, looks: 10 }]);
});
