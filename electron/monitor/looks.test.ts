// The kinds of look as probes and evidence, over literal records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppReport, Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import {
  confirmingLookApps,
  HEARTBEAT_TIMEOUT_CAP_MS,
  lookRoundOptions,
  lookSamples,
  mergeEvidence,
  networkIdentity,
} from './looks';
import { verdictOf } from './test-verdicts';
import { INITIAL_THRESHOLD_STATE, type ThresholdState } from './thresholds';

function probe(id: string, up: boolean): TargetProbe {
  return {
    id,
    name: id.toUpperCase(),
    url: `https://${id}.test/`,
    hostname: `${id}.test`,
    port: 443,
    dns: [],
    addressSource: 'system',
    tcp: [],
    tls: null,
    http: up
      ? {
          kind: 'http',
          url: '',
          finalUrl: '',
          address: '127.0.0.1',
          outcome: 'response',
          status: 200,
          latencyMs: 5,
          redirects: [],
          headers: {},
          bodySnippet: '',
          bytesRead: 0,
        }
      : null,
    provider: 'aws',
    region: 'us-east-1',
    providerSource: 'cname',
  };
}

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
  const full = evidence([probe('zoom', false), probe('alexa', true), probe('slack', true)]);
  const confirm = evidence([probe('zoom', false)]);
  const merged = mergeEvidence(full, { ...confirm, apps: [probe('zoom', true)] }, 'confirm');
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
  const first = evidence([probe('zoom', true)]);
  assert.equal(mergeEvidence(null, first, 'heartbeat'), first);
  const withCanaries = evidence([probe('zoom', true)], { canaries: [probe('canary', true)] });
  const heartbeat = evidence([], { at: '2026-11-23T12:00:05.000Z' });
  const merged = mergeEvidence(withCanaries, heartbeat, 'heartbeat');
  assert.equal(merged.at, heartbeat.at, 'the local picture is the fresh one');
  assert.deepEqual(
    merged.canaries.map((c) => c.id),
    ['canary'],
  );
  assert.deepEqual(
    mergeEvidence(first, evidence([probe('slack', false)]), 'confirm').apps.map((a) => a.id),
    ['zoom', 'slack'],
  );
});

test('a full round probes everything with the full depth and shows progress', () => {
  const onProgress = () => {};
  assert.deepEqual(lookRoundOptions({ kind: 'full', appIds: [] }, onProgress), { onProgress });
});

test('a heartbeat probes no app and no canary, only connects to the controls, with a short timeout, unseen', () => {
  assert.deepEqual(
    lookRoundOptions({ kind: 'heartbeat', appIds: [] }, () => {}),
    { appIds: [], canaries: false, controlDepth: 'connect', timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS },
  );
});

test('a confirming look re-checks its apps with the full timeout; at a local suspicion it probes like a heartbeat', () => {
  const onProgress = () => {};
  assert.deepEqual(lookRoundOptions({ kind: 'confirm', appIds: ['zoom'] }, onProgress), {
    appIds: ['zoom'],
    canaries: false,
    onProgress,
  });
  assert.deepEqual(lookRoundOptions({ kind: 'confirm', appIds: [] }, onProgress), {
    appIds: [],
    canaries: false,
    controlDepth: 'connect',
    timeoutCapMs: HEARTBEAT_TIMEOUT_CAP_MS,
    onProgress,
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
  assert.deepEqual(
    confirmingLookApps({ ...INITIAL_THRESHOLD_STATE, candidate: null }, diagnosis([report('teams', 'unknown')])),
    ['teams'],
  );
});

test('a local suspicion is confirmed without apps', () => {
  const thresholds: ThresholdState = { ...INITIAL_THRESHOLD_STATE, candidate: verdictOf('offline') };
  assert.deepEqual(confirmingLookApps(thresholds, diagnosis([report('zoom', 'down')])), []);
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
  assert.deepEqual(lookSamples(evidence([probe('zoom', false)]), judged), [
    { appId: 'zoom', status: 'down', latencyMs: null, layer: 'http' },
  ]);
});
