// The kinds of look as probes and evidence, over literal records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppReport, Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import {
  canaryChanges,
  confirmingLookApps,
  HEARTBEAT_TIMEOUT_CAP_MS,
  localVerdict,
  lookRoundOptions,
  type LookPlanInput,
  lookSamples,
  mergeEvidence,
  networkIdentity,
  localSignature,
  recoveryLookDue,
} from './looks';
import type { LookRequest } from './scheduler';
import { targetProbe } from '../testkit/target-probe-fixture';
import { verdictOf } from './test-verdicts';
import { INITIAL_THRESHOLD_STATE, type ThresholdState } from './thresholds';

function evidence(apps: TargetProbe[], fields: Partial<RoundEvidence> = {}): RoundEvidence {
  return {
    at: '2026-11-23T12:00:00.000Z',
    local: {
      interfaces: [{ name: 'wlan0', up: true, internal: false, addresses: ['192.0.2.10'], ssid: 'home' }],
      defaultRoute: true,
      gateway: { configured: 'auto', address: '192.0.2.1', outcome: 'reachable', method: 'tcp-refused', latencyMs: 1 },
    },
    resolvers: [],
    captivePortal: { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null },
    controls: [],
    apps,
    canaries: [],
    timeoutMs: 1000,
    ...fields,
  };
}

function report(id: string, status: AppReport['status']): AppReport {
  return {
    id,
    name: id,
    status,
    layer: status === 'up' ? null : 'http',
    provider: null,
    region: null,
    latencyMs: status === 'up' ? 5 : null,
    usual: null,
    probes: [],
  };
}

function diagnosis(apps: AppReport[]): Diagnosis {
  const e = evidence([]);
  return {
    schema: 1,
    at: e.at,
    verdict: verdictOf('ok'),
    findings: [],
    local: {
      interfaces: [],
      gateway: e.local.gateway,
      resolvers: [],
      captivePortal: e.captivePortal,
      vpn: null,
      families: { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: [],
    },
    apps,
  };
}

test('mergeEvidence keeps unprobed apps from the last full round', () => {
  const full = evidence([targetProbe('zoom', false), targetProbe('alexa', true), targetProbe('slack', true)]);
  const confirm = evidence([targetProbe('zoom', false)]);
  const merged = mergeEvidence(full, { ...confirm, apps: [targetProbe('zoom', true)] }, 'confirm');
  assert.deepEqual(
    merged.apps.map((a) => [a.id, a.http !== null]),
    [
      ['zoom', true],
      ['alexa', true],
      ['slack', true],
    ],
  );
  assert.equal(mergeEvidence(full, confirm, 'full'), confirm);
});

test('mergeEvidence: the first look is taken whole, new apps join, canaries stay unless probed again', () => {
  const first = evidence([targetProbe('zoom', true)]);
  assert.equal(mergeEvidence(null, first, 'heartbeat'), first);
  const withCanaries = evidence([targetProbe('zoom', true)], { canaries: [targetProbe('canary', true)] });
  const heartbeat = evidence([], { at: '2026-11-23T12:00:05.000Z' });
  const merged = mergeEvidence(withCanaries, heartbeat, 'heartbeat');
  assert.equal(merged.at, heartbeat.at, 'the local picture is the fresh one');
  assert.deepEqual(
    merged.canaries.map((c) => c.id),
    ['canary'],
  );
  assert.deepEqual(
    mergeEvidence(first, evidence([targetProbe('slack', false)]), 'confirm').apps.map((a) => a.id),
    ['zoom', 'slack'],
  );
});

const plan = (look: LookRequest, fields: Partial<LookPlanInput> = {}) =>
  lookRoundOptions({
    look,
    turn: 0,
    evidence: null,
    canaryIds: [],
    captiveDue: false,
    onProgress: noProgress,
    ...fields,
  });
const noProgress = () => {};

test('a full round probes everything with the full depth and shows progress', () => {
  assert.deepEqual(plan({ kind: 'full', appIds: [] }), { onProgress: noProgress });
});

test('a heartbeat probes no app, one canary a turn, only connects to the controls, with a short timeout, unseen', () => {
  const options = plan({ kind: 'heartbeat', appIds: [] }, { turn: 3, canaryIds: ['a', 'b'] });
  assert.deepEqual(options, {
    appIds: [],
    canaryIds: ['b'],
    controlDepth: 'connect',
    timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS,
    sentinel: { turn: 3, knownAddresses: new Map() },
  });
});

test('a heartbeat carries the captive check as last seen unless it is due, and knows where the controls are', () => {
  const seen = evidence([], {
    captivePortal: { url: 'http://c.test/', expectStatus: 204, outcome: 'ok', status: 204, location: null, http: null },
    controls: [
      {
        ...targetProbe('control-1', true),
        tcp: [{ kind: 'tcp', host: 'c', address: '192.0.2.80', port: 443, outcome: 'connected', latencyMs: 3 }],
      },
      { ...targetProbe('control-2', true), addressSource: null },
    ],
  });
  const options = plan({ kind: 'heartbeat', appIds: [] }, { evidence: seen });
  assert.equal(options.carriedCaptive, seen.captivePortal);
  assert.deepEqual(
    [...(options.sentinel?.knownAddresses ?? [])],
    [['control-1', { address: '192.0.2.80', source: 'system' }]],
  );
  assert.equal(plan({ kind: 'heartbeat', appIds: [] }, { evidence: seen, captiveDue: true }).carriedCaptive, undefined);
});

test('a confirming look re-checks its apps (and the canaries) with the full timeout; at a local suspicion it probes the local network only, fast', () => {
  assert.deepEqual(plan({ kind: 'confirm', appIds: ['zoom'] }), { appIds: ['zoom'], onProgress: noProgress });
  assert.deepEqual(plan({ kind: 'confirm', appIds: [] }), {
    appIds: [],
    canaryIds: [],
    controlDepth: 'connect',
    timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS,
    onProgress: noProgress,
  });
});

test('a confirming look re-checks the suspected apps, the shown verdict’s and what failed, once each', () => {
  const thresholds: ThresholdState = {
    ...INITIAL_THRESHOLD_STATE,
    confirmed: verdictOf('app-outage', { apps: ['slack'] }),
    candidate: verdictOf('provider-outage', { provider: 'aws', apps: ['zoom', 'alexa'] }),
  };
  const latest = diagnosis([report('zoom', 'down'), report('alexa', 'degraded'), report('teams', 'up')]);
  assert.deepEqual(confirmingLookApps(thresholds, latest), ['zoom', 'alexa', 'slack']);
  const onAws = diagnosis([
    { ...report('zoom', 'down'), provider: 'aws' },
    { ...report('alexa', 'up'), provider: 'aws' },
    { ...report('teams', 'up'), provider: 'azure' },
  ]);
  assert.deepEqual(
    confirmingLookApps(INITIAL_THRESHOLD_STATE, onAws),
    ['zoom', 'alexa'],
    'the failing app’s provider’s other apps too',
  );
  assert.deepEqual(
    confirmingLookApps({ ...INITIAL_THRESHOLD_STATE, candidate: null }, diagnosis([report('teams', 'unknown')])),
    ['teams'],
  );
});

test('a local suspicion is confirmed without apps, but a slow network with the slow apps (else every app)', () => {
  const thresholds: ThresholdState = { ...INITIAL_THRESHOLD_STATE, candidate: verdictOf('offline') };
  assert.deepEqual(confirmingLookApps(thresholds, diagnosis([report('zoom', 'down')])), []);
  const slow: ThresholdState = {
    ...INITIAL_THRESHOLD_STATE,
    candidate: verdictOf('degraded', { scope: 'local', apps: ['zoom'] }),
  };
  const latest = diagnosis([report('zoom', 'degraded'), report('teams', 'up'), report('alexa', 'degraded')]);
  assert.deepEqual(confirmingLookApps(slow, latest), ['zoom', 'alexa']);
  const onlyControlsSlow = { ...slow, candidate: verdictOf('degraded', { scope: 'local', apps: [] }) };
  assert.deepEqual(confirmingLookApps(onlyControlsSlow, diagnosis([report('teams', 'up')])), ['teams']);
});

test('the network a look was made on: the gateway and the Wi-Fi name, empty when unknown', () => {
  assert.deepEqual(networkIdentity(evidence([])), { gateway: '192.0.2.1', ssid: 'home' });
  const wired = evidence([]);
  wired.local = {
    ...wired.local,
    interfaces: [{ name: 'eth0', up: true, internal: false, addresses: [] }],
    gateway: { ...wired.local.gateway, address: null },
  };
  assert.deepEqual(networkIdentity(wired), { gateway: '', ssid: '' });
});

test('the samples of a look are the apps it probed, as judged', () => {
  const judged = diagnosis([report('zoom', 'down'), report('alexa', 'up')]);
  assert.deepEqual(lookSamples(evidence([targetProbe('zoom', false)]), judged), [
    { appId: 'zoom', status: 'down', latencyMs: null, layer: 'http' },
  ]);
});

test('mergeEvidence: a control asked of fewer resolvers keeps the others’ last answers', () => {
  const answer = (resolver: string, address: string) => ({
    kind: 'dns' as const,
    hostname: 'control.test',
    resolver: { name: resolver, address: resolver, port: 53, role: 'public' as const },
    outcome: 'answer' as const,
    addresses: [address],
    cnameChain: [],
    latencyMs: 1,
    ede: [],
    queries: [],
  });
  const control = (dns: TargetProbe['dns']) => ({ ...targetProbe('control-1', true), dns });
  const before = evidence([], {
    controls: [control([answer('192.0.2.53', '192.0.2.1'), answer('192.0.2.54', '192.0.2.1')])],
  });
  const heartbeat = evidence([], { controls: [control([answer('192.0.2.53', '192.0.2.9')])] });
  const merged = mergeEvidence(before, heartbeat, 'heartbeat');
  assert.deepEqual(
    merged.controls[0]?.dns.map((r) => [r.resolver.address, r.addresses[0]]),
    [
      ['192.0.2.53', '192.0.2.9'],
      ['192.0.2.54', '192.0.2.1'],
    ],
  );
});

test('a canary failing, or working again, names its provider', () => {
  const failing = {
    ...targetProbe('canary', false),
    tcp: [
      { kind: 'tcp' as const, host: 'c', address: '192.0.2.7', port: 443, outcome: 'refused' as const, latencyMs: 1 },
    ],
  };
  const up = targetProbe('canary', true);
  assert.deepEqual(canaryChanges(evidence([], { canaries: [up] }), evidence([], { canaries: [failing] })), ['aws']);
  assert.deepEqual(canaryChanges(evidence([], { canaries: [failing] }), evidence([], { canaries: [up] })), ['aws']);
  assert.deepEqual(canaryChanges(evidence([], { canaries: [up] }), evidence([], { canaries: [up] })), []);
});

test('a look without apps gives only local verdicts; where nothing beyond the network answers, every app is affected', () => {
  const own = (verdict: ReturnType<typeof verdictOf>) => ({ ...diagnosis([]), verdict });
  assert.deepEqual(localVerdict(own(verdictOf('isp')), ['zoom', 'slack'])?.apps, ['zoom', 'slack']);
  assert.deepEqual(localVerdict(own(verdictOf('dns-local', { apps: [] })), ['zoom'])?.apps, []);
  assert.equal(localVerdict(own(verdictOf('unknown')), ['zoom']), null);
  assert.equal(localVerdict(own(verdictOf('degraded', { scope: 'local' })), ['zoom']), null);
});

test('recoveryLookDue: a young upstream incident with apps is looked at again soon; nothing else is', () => {
  const timings = { recoveryLookMs: 10_000, recoveryWatchMs: 300_000 };
  const shown = (verdict: ReturnType<typeof verdictOf>, since = 1_000): ThresholdState => ({
    ...INITIAL_THRESHOLD_STATE,
    confirmed: verdict,
    confirmedSince: since,
  });
  const outage = verdictOf('app-outage', { apps: ['slack'] });
  assert.equal(recoveryLookDue(shown(outage), 5_000, timings), 15_000);
  assert.equal(recoveryLookDue(shown(outage), 301_000, timings), null, 'past the watch, full rounds only');
  assert.equal(recoveryLookDue(shown(verdictOf('ok')), 5_000, timings), null);
  assert.equal(recoveryLookDue(shown(verdictOf('offline')), 5_000, timings), null, 'local: the heartbeat sees it end');
  assert.equal(
    recoveryLookDue({ ...shown(outage), candidate: verdictOf('ok'), candidateSince: 4_000 }, 5_000, timings),
    null,
    'a change pending has its own confirming look',
  );
});

test('localSignature: timings do not count, except whether something is slow', () => {
  const canary = (latencyMs: number) => {
    const up = targetProbe('canary', true);
    return { ...up, http: up.http ? { ...up.http, latencyMs } : null };
  };
  const at = (ms: number) => localSignature(evidence([], { canaries: [canary(ms)] }));
  assert.equal(at(5), at(90), 'a quiet look like the last is not judged again');
  assert.notEqual(at(5), at(900), 'above 40 % of the timeout (1000 ms) is slow: judged once');
  assert.equal(at(900), at(950));
});
