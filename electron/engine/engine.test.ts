// The shared engine over a scripted world (the verdict is whatever the test
// says) with its official status feeds and IP range lists served by fixture
// servers on 127.0.0.1. The catalog's real feed URLs are mapped onto the
// fixtures by the injected fetch: nothing leaves this machine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MonitorState, OfficialStatus } from '../contracts/bridge';
import { defaultConfig, type Config } from '../contracts/config';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import type { FetchLike } from '../feeds/bounded-fetch';
import type { RoundOptions } from '../probe/round';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import { startEngine, type OutsideDocuments, type RunningEngine } from './engine';
import { HistoryStore } from '../monitor/history-store';
import type { MonitorTimings } from '../monitor/monitor';
import { verdictOf } from '../monitor/test-verdicts';
import { scriptedDiagnosis } from '../testkit/diagnosis-fixture';
import { quietRoundEvidence } from '../testkit/round-evidence-fixture';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-engine-'));
let dirs = 0;
const freshDir = () => join(root, `engine-${++dirs}`);

let feeds: FakeHttpHandle;
before(async () => {
  feeds = await startFakeHttp({ host: '127.0.0.1' });
});
after(async () => {
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every outside URL asked, before it was mapped onto the fixture server. */
const asked: string[] = [];

/** Zoom's status page (status.zoom.us) and the IP range list live on the fixture server; anything else is refused unasked. */
const loopbackFetch: FetchLike = (url, init) => {
  asked.push(url);
  const { hostname, pathname } = new URL(url);
  if (hostname === 'status.zoom.us') return fetch(feeds.url(`/zoom${pathname}`), init);
  if (hostname === 'ranges.fixture') return fetch(feeds.url(`/ranges${pathname}`), init);
  return Promise.reject(new TypeError(`no fixture for ${url}`));
};

const FAST: Partial<MonitorTimings> = {
  heartbeatMs: 40,
  confirmDelayMs: 5,
  networkSettleMs: 10,
  networkPollMs: null,
  maintenanceMs: 3_600_000,
};

const zoomDown = verdictOf('app-outage', { apps: ['zoom'], summary: 'Zoom is down' });
const localDns = verdictOf('dns-local', { summary: 'your DNS' });

function statuspageSummary(createdAt: string): string {
  return JSON.stringify({
    page: { id: 'p', name: 'Zoom', url: 'https://status.zoom.us', updated_at: createdAt },
    status: { indicator: 'major', description: 'Partial System Outage' },
    incidents: [
      {
        id: 'inc1',
        name: 'Meetings fail to start',
        status: 'investigating',
        created_at: createdAt,
        updated_at: createdAt,
        shortlink: 'https://stspg.io/inc1',
      },
    ],
  });
}

interface Harness {
  engine: RunningEngine;
  /** The verdict the next look sees. */
  set(verdict: Verdict): void;
  states: MonitorState[];
  rounds: RoundOptions[];
  verdicts: Verdict[];
}

function harness(
  options: {
    dataDir?: string | null;
    outside?: OutsideDocuments | null;
    configPath?: string | null;
    config?: Partial<Config>;
  } = {},
): Harness {
  let current: Verdict = verdictOf('ok');
  const rounds: RoundOptions[] = [];
  const runRound = async (_config: Config, round: RoundOptions): Promise<RoundEvidence> => {
    rounds.push(round);
    return quietRoundEvidence();
  };
  // Upstream verdicts are judged from app rounds only: a heartbeat (no apps) speaks for the local network.
  const diagnose = (evidence: RoundEvidence): Diagnosis => scriptedDiagnosis(evidence, current, []);
  const engine = startEngine({
    config: {
      ...defaultConfig(),
      apps: ['zoom'],
      gateway: 'off',
      captivePortal: 'off',
      intervalSeconds: 5,
      language: 'en',
      ...options.config,
    },
    configPath: options.configPath ?? null,
    dataDir: options.dataDir ?? null,
    systemLocale: 'en_US',
    outside:
      options.outside === undefined
        ? { fetch: loopbackFetch, statusRefreshMs: 50, statusFeeds: { minIntervalMs: 20, timeoutMs: 5_000 } }
        : options.outside,
    monitor: { runRound, diagnose, timings: FAST },
  });
  const states: MonitorState[] = [];
  const verdicts: Verdict[] = [];
  engine.monitor.on('state', (state) => states.push(state));
  engine.monitor.on('verdict', (event) => verdicts.push(event.verdict));
  return {
    engine,
    set: (verdict) => {
      current = verdict;
      void engine.monitor.checkNow().catch(() => undefined);
    },
    states,
    rounds,
    verdicts,
  };
}

async function waitFor<T>(what: string, read: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const zoomFeedRequests = () => feeds.requests.filter((request) => request.path === '/zoom/api/v2/summary.json');

test('an upstream verdict leads to a feed read: officialStatus in state (with the lead over our incident) and in the incident history', async () => {
  const dataDir = freshDir();
  feeds.requests.length = 0;
  asked.length = 0;
  // The status page admits it 7½ minutes after our incident opens: "seen 7 minutes before the status page".
  feeds.setRoute('/zoom/api/v2/summary.json', {
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: statuspageSummary(new Date(Date.now() + 7.5 * 60_000).toISOString()),
  });
  const h = harness({
    dataDir,
    outside: {
      fetch: loopbackFetch,
      statusRefreshMs: 60_000,
      statusFeeds: { minIntervalMs: 20, timeoutMs: 5_000 },
      ipRangeSources: [],
    },
  });
  try {
    await waitFor('the first verdict', () => h.verdicts.length > 0);
    h.set(zoomDown);
    const shown = await waitFor('official status in state', () =>
      h.states.find((state) => state.officialStatus.length > 0),
    );
    const status = shown.officialStatus[0] as OfficialStatus;
    assert.equal(shown.diagnosis?.verdict.kind, 'app-outage');
    assert.deepEqual(
      {
        provider: status.provider,
        acknowledged: status.acknowledged,
        title: status.title,
        leadMinutes: status.leadMinutes,
        available: status.available,
      },
      { provider: 'zoom', acknowledged: true, title: 'Meetings fail to start', leadMinutes: 7, available: true },
    );
    assert.equal(status.source, 'https://status.zoom.us/api/v2/summary.json');
    assert.deepEqual((await h.engine.bridge.getState()).officialStatus, shown.officialStatus);
    assert.deepEqual([...new Set(asked)], ['https://status.zoom.us/api/v2/summary.json']);
    const incident = h.engine.monitor.currentIncident();
    assert.ok(incident?.id, 'an incident is open');
    await h.engine.stop();
    const store = HistoryStore.open({ dataDir, historyDays: 30 });
    try {
      const recorded = store.incidents.officialStatusOf(incident.id);
      assert.equal(recorded.length, 1, 'one reading recorded (the same reading again is not a change)');
      assert.deepEqual({ ...recorded[0], at: undefined }, { ...status, at: undefined });
    } finally {
      store.close();
    }
  } finally {
    await h.engine.stop();
  }
});

test('an ok verdict, and a local one, read no feed; leaving an upstream verdict clears officialStatus', async () => {
  feeds.requests.length = 0;
  feeds.setRoute('/zoom/api/v2/summary.json', {
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: statuspageSummary(new Date().toISOString()),
  });
  const h = harness();
  try {
    await waitFor('ok confirmed', () => h.verdicts.some((verdict) => verdict.kind === 'ok'));
    h.set(localDns);
    await waitFor('a local verdict confirmed', () => h.verdicts.some((verdict) => verdict.kind === 'dns-local'));
    // Several looks later still nothing asked.
    const roundsNow = h.rounds.length;
    await waitFor('more rounds', () => h.rounds.length >= roundsNow + 3);
    assert.equal(zoomFeedRequests().length, 0);
    h.set(zoomDown);
    await waitFor('official status', () => h.engine.monitor.getState().officialStatus.length > 0);
    h.set(verdictOf('ok'));
    await waitFor('ok again', () => h.verdicts.at(-1)?.kind === 'ok');
    assert.deepEqual(h.engine.monitor.getState().officialStatus, []);
    const readsAtOk = zoomFeedRequests().length;
    const roundsAtOk = h.rounds.length;
    await waitFor('more rounds', () => h.rounds.length >= roundsAtOk + 3);
    await h.engine.statusSettled();
    assert.equal(zoomFeedRequests().length, readsAtOk, 'no feed read after the verdict left upstream');
  } finally {
    await h.engine.stop();
  }
});

test('while the verdict stays upstream the feeds are read again (politely), and a change on the page reaches the state', async () => {
  feeds.requests.length = 0;
  feeds.setRoute('/zoom/api/v2/summary.json', {
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ page: { url: 'https://status.zoom.us' }, status: { indicator: 'none' }, incidents: [] }),
  });
  const h = harness();
  try {
    h.set(zoomDown);
    await waitFor('not acknowledged yet', () => h.engine.monitor.getState().officialStatus[0]?.acknowledged === false);
    feeds.setRoute('/zoom/api/v2/summary.json', {
      kind: 'respond',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: statuspageSummary(new Date().toISOString()),
    });
    await waitFor('acknowledged', () => h.engine.monitor.getState().officialStatus[0]?.acknowledged === true);
    assert.ok(zoomFeedRequests().length >= 2);
  } finally {
    await h.engine.stop();
  }
});

test('a hanging feed does not delay verdicts: they keep coming while its request is still open', async () => {
  feeds.requests.length = 0;
  feeds.setRoute('/zoom/api/v2/summary.json', { kind: 'hang' });
  const h = harness({ outside: { fetch: loopbackFetch, statusRefreshMs: 50, statusFeeds: { timeoutMs: 60_000 } } });
  try {
    h.set(zoomDown);
    await waitFor('the feed asked', () => zoomFeedRequests().length > 0);
    h.set(localDns);
    await waitFor('the next verdict confirmed', () => h.verdicts.at(-1)?.kind === 'dns-local');
    h.set(verdictOf('ok'));
    await waitFor('and the next', () => h.verdicts.at(-1)?.kind === 'ok');
    // The feed never answered: its request is still the only one, and nothing was shown from it.
    assert.equal(zoomFeedRequests().length, 1);
    assert.deepEqual(h.engine.monitor.getState().officialStatus, []);
    assert.ok(h.states.every((state) => state.officialStatus.length === 0));
  } finally {
    await h.engine.stop();
  }
  // stop() aborted the hanging read: nothing is left open on our side.
  await waitFor('the hanging request closed', () => feeds.openConnections() === 0);
});

test('a broken feed (huge, or not the document) shows as unavailable and leaves the verdict alone', async () => {
  for (const behaviour of [
    { kind: 'huge-body' as const, bytes: 64 * 1024 * 1024 },
    { kind: 'respond' as const, status: 200, body: '<html>not json' },
  ]) {
    feeds.setRoute('/zoom/api/v2/summary.json', behaviour);
    const h = harness({ outside: { fetch: loopbackFetch, statusFeeds: { maxBytes: 1024 * 1024, timeoutMs: 5_000 } } });
    try {
      h.set(zoomDown);
      const status = await waitFor('a reading', () => h.engine.monitor.getState().officialStatus[0]);
      assert.equal(status.available, false, behaviour.kind);
      assert.equal(status.acknowledged, false);
      assert.deepEqual(h.engine.monitor.verdict, zoomDown);
    } finally {
      await h.engine.stop();
    }
  }
});

test('IP ranges: loaded from a fixture into the data dir cache and handed to the rounds; none without a data dir or without outside reads', async () => {
  feeds.setRoute('/ranges/ip-ranges.json', {
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      syncToken: '1',
      createDate: '2026-11-23-00-00-00',
      prefixes: [{ ip_prefix: '127.0.0.0/8', region: 'eu-west-1', service: 'EC2' }],
      ipv6_prefixes: [],
    }),
  });
  const sources = [
    { id: 'aws', provider: 'aws', format: 'aws' as const, url: 'https://ranges.fixture/ip-ranges.json' },
  ];
  const dataDir = freshDir();
  const h = harness({ dataDir, outside: { fetch: loopbackFetch, ipRangeSources: sources } });
  try {
    const snapshot = await waitFor('the ranges', () => h.engine.ipRanges());
    assert.equal(snapshot.sources[0]?.ranges, 1);
    assert.equal(snapshot.index.lookup('127.0.0.1')?.region, 'eu-west-1');
    const later = await waitFor('a round with the ranges', () => h.rounds.find((round) => round.ipRanges));
    assert.equal(later.ipRanges?.lookup('127.0.0.1')?.provider, 'aws');
  } finally {
    await h.engine.stop();
  }

  // The next start uses the day-old-at-most cache without asking again.
  asked.length = 0;
  const again = harness({ dataDir, outside: { fetch: loopbackFetch, ipRangeSources: sources } });
  try {
    await waitFor('the cached ranges', () => again.engine.ipRanges());
    assert.deepEqual(asked, []);
  } finally {
    await again.engine.stop();
  }

  for (const options of [{ dataDir: null }, { dataDir: freshDir(), outside: null }]) {
    asked.length = 0;
    const none = harness({
      ...options,
      ...('outside' in options ? {} : { outside: { fetch: loopbackFetch, ipRangeSources: sources } }),
    });
    try {
      await waitFor('a few rounds', () => none.rounds.length >= 3);
      assert.equal(none.engine.ipRanges(), null);
      assert.ok(none.rounds.every((round) => !round.ipRanges));
      assert.deepEqual(asked, []);
    } finally {
      await none.engine.stop();
    }
  }
});

test('the Bridge: config kept in memory without a path, saved atomically with one; bad input names the problem; language override', async () => {
  const dataDir = freshDir();
  const memory = harness({ outside: null });
  try {
    const saved = await memory.engine.bridge.saveConfig({
      ...(await memory.engine.bridge.getConfig()),
      intervalSeconds: 60,
    });
    assert.equal(saved.ok, true);
    assert.equal((await memory.engine.bridge.getConfig()).intervalSeconds, 60);
    const bad = await memory.engine.bridge.saveConfig({ intervalSeconds: 'often' });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.problem, /intervalSeconds/);
    memory.engine.setLanguage('ar');
    assert.equal(memory.engine.monitor.getState().language, 'ar');
    // Saving other settings keeps the override; choosing a language in Settings replaces it.
    await memory.engine.bridge.saveConfig({ ...(await memory.engine.bridge.getConfig()), timeoutMs: 2000 });
    assert.equal(memory.engine.monitor.getState().language, 'ar');
    await memory.engine.bridge.saveConfig({ ...(await memory.engine.bridge.getConfig()), language: 'auto' });
    assert.equal(memory.engine.monitor.getState().language, 'en');
    assert.ok((await memory.engine.bridge.getCatalog()).some((entry) => entry.id === 'zoom'));
    await waitFor('a diagnosis', () => memory.engine.monitor.getState().diagnosis);
    const report = await memory.engine.bridge.getReport();
    assert.equal(JSON.parse(report.json).verdict.kind, 'ok');
    assert.ok(report.text.length > 0);
  } finally {
    await memory.engine.stop();
  }

  const { mkdirSync, readFileSync } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'config.json');
  const onDisk = harness({ outside: null, configPath });
  try {
    await onDisk.engine.bridge.saveConfig({ ...(await onDisk.engine.bridge.getConfig()), intervalSeconds: 120 });
    assert.equal(JSON.parse(readFileSync(configPath, 'utf8')).intervalSeconds, 120);
  } finally {
    await onDisk.engine.stop();
  }
});
