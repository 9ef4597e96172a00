import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HISTORY_FILE_NAME, HistoryStore } from './history-store';
import { NAMES_PER_APP } from './provider-memory-store';
import { DOWNSAMPLE_BUCKET_MS, FULL_RESOLUTION_MS, type AppSample } from './sample-store';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MigrationError, migrate, schemaVersion } from './migrations';
import { verdictOf } from './test-verdicts';
import { Database } from './sqlite';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-history-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => join(root, `store-${++dirCount}`);

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const home = { gateway: '192.0.2.1', ssid: 'home' };
const awsOutage = verdictOf('provider-outage', { provider: 'aws', region: 'us-east-1', apps: ['zoom', 'alexa'] });

test('a new file migrates from version 0 to the latest, in WAL mode', () => {
  const dir = freshDir();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  store.close();
  const db = new Database(join(dir, HISTORY_FILE_NAME), { readonly: true });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('auto_vacuum', { simple: true }), 2, 'incremental auto-vacuum');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  assert.deepEqual(tables, [
    'baseline_figures',
    'baseline_networks',
    'baseline_traits',
    'cname_memory',
    'export_identity',
    'export_spool',
    'incidents',
    'internal_names',
    'marks',
    'networks',
    'official_status',
    'provider_memory',
    'samples',
  ]);
  db.close();
});

test('migrate() from an empty v0 database runs every step once, and again is a no-op', () => {
  const db = new Database(':memory:');
  assert.equal(schemaVersion(db), 0);
  assert.deepEqual(migrate(db), { from: 0, to: LATEST_SCHEMA_VERSION });
  assert.deepEqual(migrate(db), { from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
  db.close();
});

test('a later step runs over data kept by an earlier one', () => {
  const db = new Database(':memory:');
  migrate(db);
  db.prepare("INSERT INTO samples (at, app_id, status) VALUES (1, 'zoom', 'up')").run();
  const next = [
    ...MIGRATIONS,
    { version: LATEST_SCHEMA_VERSION + 1, description: 'test step', sql: 'ALTER TABLE samples ADD COLUMN note TEXT;' },
  ];
  assert.deepEqual(migrate(db, next), { from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION + 1 });
  assert.deepEqual(db.prepare('SELECT app_id, note FROM samples').get(), { app_id: 'zoom', note: null });
  db.close();
});

test('a failing step leaves the file at the previous version', () => {
  const db = new Database(':memory:');
  migrate(db);
  const broken = [
    ...MIGRATIONS,
    {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'broken',
      sql: 'CREATE TABLE extra (x); SELECT * FROM missing;',
    },
  ];
  assert.throws(
    () => migrate(db, broken),
    (error: unknown) => error instanceof MigrationError && error.kind === 'failed',
  );
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'").pluck().get(), 0);
  db.close();
});

test('a file from a newer app is refused, not damaged', () => {
  const dir = freshDir();
  HistoryStore.open({ dataDir: dir, historyDays: 30 }).close();
  const db = new Database(join(dir, HISTORY_FILE_NAME));
  db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
  db.close();
  assert.throws(
    () => HistoryStore.open({ dataDir: dir, historyDays: 30 }),
    (error: unknown) => error instanceof MigrationError && error.kind === 'too-new',
  );
});

test('incidents open, update, close, and read back in the bridge shape', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 30 });
  const id = store.incidents.open(awsOutage, { apps: [] }, home, NOW - HOUR);
  assert.equal(store.incidents.lastOpen()?.id, id);
  const wider = { ...awsOutage, apps: ['zoom', 'alexa', 'primevideo'] };
  store.incidents.update(id, wider, null, NOW - HOUR / 2);
  store.incidents.close(id, NOW - HOUR / 4);
  assert.equal(store.incidents.lastOpen(), null);
  const history = store.query({ since: new Date(NOW - DAY).toISOString() });
  assert.deepEqual(history.incidents, [
    {
      id,
      openedAt: new Date(NOW - HOUR).toISOString(),
      updatedAt: new Date(NOW - HOUR / 4).toISOString(),
      closedAt: new Date(NOW - HOUR / 4).toISOString(),
      verdict: wider,
    },
  ]);
  assert.equal(store.query({ since: new Date(NOW).toISOString() }).incidents.length, 0, 'closed before the window');
  store.close();
});

test('an incident still open shows in any window', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 30 });
  const id = store.incidents.open(awsOutage, {}, home, NOW - 3 * DAY);
  assert.deepEqual(
    store.query({ since: new Date(NOW).toISOString() }).incidents.map((i) => i.id),
    [id],
  );
  store.close();
});

test('samples are kept with their network, filtered by app', () => {
  const dir = freshDir();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  const samples: AppSample[] = [
    { appId: 'zoom', status: 'up', latencyMs: 12.5, layer: null },
    { appId: 'slack', status: 'down', latencyMs: null, layer: 'tcp' },
  ];
  store.samples.record(NOW, samples, home);
  store.samples.record(NOW + 1000, samples, { gateway: '198.18.0.1', ssid: '' });
  store.samples.record(NOW + 2000, samples, home);
  const history = store.query({ since: new Date(NOW - 1).toISOString(), appIds: ['slack'] });
  assert.deepEqual(
    history.samples.map((s) => [s.at, s.status, s.latencyMs]),
    [
      [new Date(NOW).toISOString(), 'down', null],
      [new Date(NOW + 1000).toISOString(), 'down', null],
      [new Date(NOW + 2000).toISOString(), 'down', null],
    ],
  );
  store.close();
  const db = new Database(join(dir, HISTORY_FILE_NAME), { readonly: true });
  assert.equal(db.prepare('SELECT COUNT(*) FROM networks').pluck().get(), 2, 'one row per network identity');
  assert.equal(db.prepare('SELECT COUNT(DISTINCT network_id) FROM samples').pluck().get(), 2);
  db.close();
});

test('provider memory keeps the last good chain per app across reopening', () => {
  const dir = freshDir();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  store.memory.rememberProviders(
    [{ appId: 'zoom', provider: 'aws', region: 'us-east-1', cnameChain: ['zoom.example', 'x.cloudfront.net'] }],
    NOW,
  );
  store.memory.rememberProviders(
    [{ appId: 'zoom', provider: 'fastly', region: null, cnameChain: ['zoom.example', 'y.fastly.net'] }],
    NOW + 1,
  );
  store.close();
  const reopened = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  assert.deepEqual(
    [...reopened.memory.providers()],
    [['zoom', { provider: 'fastly', region: null, cnameChain: ['zoom.example', 'y.fastly.net'] }]],
  );
  reopened.close();
});

test('every CNAME seen per app is kept with when it was last seen, the newest few per app, across reopening', () => {
  const dir = freshDir();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  store.memory.rememberNames([
    { appId: 'dynamodb', name: 'dynamodb.us-east-1.amazonaws.com', seenAt: NOW - HOUR },
    { appId: 'zoom', name: 'zoom.example.cdn.cloudflare.net', seenAt: NOW - 2 * HOUR },
  ]);
  store.memory.rememberNames([{ appId: 'zoom', name: 'zoom.example.cdn.cloudflare.net', seenAt: NOW }]);
  store.memory.rememberNames([{ appId: 'zoom', name: 'zoom.example.cdn.cloudflare.net', seenAt: NOW - 5 * HOUR }]);
  const many = Array.from({ length: NAMES_PER_APP + 4 }, (_, i) => ({
    appId: 'busy',
    name: `edge-${i}.fastly.net`,
    seenAt: NOW - DAY + i * HOUR,
  }));
  store.memory.rememberNames(many);
  store.close();
  const reopened = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  const memory = reopened.memory.names();
  assert.deepEqual(
    memory.get('zoom'),
    [{ name: 'zoom.example.cdn.cloudflare.net', seenAt: NOW }],
    'the latest sighting',
  );
  assert.deepEqual(memory.get('dynamodb'), [{ name: 'dynamodb.us-east-1.amazonaws.com', seenAt: NOW - HOUR }]);
  const busy = memory.get('busy') ?? [];
  assert.equal(busy.length, NAMES_PER_APP);
  assert.equal(busy[0]?.name, 'edge-4.fastly.net', 'the oldest sightings went first');
  assert.equal(busy.at(-1)?.name, `edge-${NAMES_PER_APP + 3}.fastly.net`);
  reopened.maintain(NOW + 30 * DAY - HOUR / 2);
  assert.deepEqual([...reopened.memory.names().keys()], ['zoom'], 'names unseen for longer than the history days go');
  reopened.close();
});

test('old samples are thinned to one per app per 5 minutes, keeping the worst', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 30 });
  const start = Math.floor((NOW - 3 * HOUR) / DOWNSAMPLE_BUCKET_MS) * DOWNSAMPLE_BUCKET_MS;
  // Every 30 s for 3 hours, zoom with one 'down' in its first bucket.
  for (let at = start; at < NOW; at += 30_000) {
    store.samples.record(
      at,
      [
        { appId: 'zoom', status: at === start + 60_000 ? 'down' : 'up', latencyMs: 10, layer: null },
        { appId: 'slack', status: 'up', latencyMs: 20, layer: null },
      ],
      home,
    );
  }
  const report = store.maintain(NOW);
  assert.ok(report.thinnedSamples > 0);
  const samples = store.query({ since: new Date(0).toISOString() }).samples;
  const cutoff = Math.floor((NOW - FULL_RESOLUTION_MS) / DOWNSAMPLE_BUCKET_MS) * DOWNSAMPLE_BUCKET_MS;
  const old = samples.filter((s) => Date.parse(s.at) < cutoff);
  const buckets = (cutoff - start) / DOWNSAMPLE_BUCKET_MS;
  assert.equal(old.length, 2 * buckets, 'one per app per bucket');
  assert.equal(old.find((s) => s.appId === 'zoom' && Date.parse(s.at) < start + DOWNSAMPLE_BUCKET_MS)?.status, 'down');
  const recent = samples.filter((s) => Date.parse(s.at) >= cutoff);
  assert.equal(recent.length, 2 * ((NOW - cutoff) / 30_000), 'the last hour keeps every sample');
  assert.equal(store.maintain(NOW).thinnedSamples, 0, 'a second pass finds nothing to do');
  store.close();
});

test('retention forgets a network whose baseline has nothing left inside historyDays', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 7 });
  const cafe = { gateway: '198.18.9.1', ssid: 'Cafe' };
  const look = { figures: [{ targetId: 'zoom', layer: 'latency' as const, valueMs: 40 }], traits: [] };
  store.baselines.record(NOW - 8 * DAY, look, cafe);
  store.baselines.record(NOW - 2 * DAY, look, home);
  store.maintain(NOW);
  assert.equal(store.baselines.of(cafe), null, 'the cafe, last seen 8 days ago, is forgotten');
  assert.equal(store.baselines.of(home)?.targets.zoom?.latency?.medianMs, 40);
  store.close();
});

test('retention drops samples and closed incidents older than historyDays', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 7 });
  store.samples.record(NOW - 8 * DAY, [{ appId: 'zoom', status: 'up', latencyMs: 1, layer: null }], home);
  store.samples.record(NOW - 6 * DAY, [{ appId: 'zoom', status: 'up', latencyMs: 1, layer: null }], home);
  const oldIncident = store.incidents.open(awsOutage, {}, home, NOW - 9 * DAY);
  store.incidents.close(oldIncident, NOW - 8 * DAY);
  const stillOpen = store.incidents.open(awsOutage, {}, home, NOW - 9 * DAY);
  const report = store.maintain(NOW);
  assert.equal(report.expiredSamples, 1);
  assert.equal(report.expiredIncidents, 1);
  const history = store.query({ since: new Date(0).toISOString() });
  assert.equal(history.samples.length, 1);
  assert.deepEqual(
    history.incidents.map((i) => i.id),
    [stillOpen],
  );
  store.close();
});

test('the size cap removes the oldest samples and gives the space back', () => {
  const dir = freshDir();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 365, maxBytes: 256 * 1024 });
  const appIds = Array.from({ length: 50 }, (_, i) => `app-${i}`);
  for (let round = 0; round < 400; round++) {
    store.samples.record(
      NOW - (400 - round) * 1000,
      appIds.map((appId) => ({ appId, status: 'up', latencyMs: round, layer: null })),
      home,
    );
  }
  assert.ok(store.usedBytes() > 256 * 1024);
  const report = store.maintain(NOW);
  assert.ok(report.cappedSamples > 0);
  assert.ok(store.usedBytes() <= 256 * 1024);
  const samples = store.query({ since: new Date(0).toISOString() }).samples;
  assert.equal(samples.length, 400 * 50 - report.cappedSamples);
  assert.equal(samples.at(-1)?.latencyMs, 399, 'the newest samples stay');
  store.close();
});

/** A history file in a new folder as schema `version` left it, open for the test to add its rows. */
function historyFileAt(version: number): { dir: string; old: Database } {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const old = new Database(join(dir, HISTORY_FILE_NAME));
  old.pragma('journal_mode = WAL');
  migrate(
    old,
    MIGRATIONS.filter((step) => step.version <= version),
  );
  return { dir, old };
}

function assertAtLatestVersion(dir: string): void {
  const db = new Database(join(dir, HISTORY_FILE_NAME), { readonly: true });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  db.close();
}

test('v2: a version-1 file with an open incident migrates to official status readings, keeping its data', () => {
  // A history file exactly as version 1 left it, with an incident still open.
  const { dir, old } = historyFileAt(1);
  assert.equal(schemaVersion(old), 1);
  old
    .prepare(
      `INSERT INTO incidents (opened_at, updated_at, kind, scope, provider, region, apps, verdict, evidence)
       VALUES (?, ?, 'provider-outage', 'upstream', 'aws', 'us-east-1', '["zoom"]', ?, '{}')`,
    )
    .run(NOW, NOW, JSON.stringify(awsOutage));
  old.close();

  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  const open = store.incidents.lastOpen();
  assert.ok(open, 'the open incident survived the migration');
  assert.deepEqual(open.verdict, awsOutage);
  const reading = {
    provider: 'aws',
    source: 'https://status.example/feed',
    acknowledged: true,
    title: 'Increased error rates',
    url: 'https://status.example/i/1',
    updatedAt: '2026-11-23T12:09:00.000Z',
    leadMinutes: 9,
    available: true,
  };
  const broken = {
    provider: 'zoom',
    source: 'https://status.zoom.example/summary.json',
    acknowledged: false,
    title: null,
    url: null,
    updatedAt: null,
    leadMinutes: null,
    available: false,
  };
  store.incidents.recordOfficialStatus(open.id, NOW + 10 * 60_000, [reading, broken]);
  assert.deepEqual(store.incidents.officialStatusOf(open.id), [
    { at: new Date(NOW + 10 * 60_000).toISOString(), ...reading },
    { at: new Date(NOW + 10 * 60_000).toISOString(), ...broken },
  ]);
  store.close();
  assertAtLatestVersion(dir);
});

test('v4: a version-3 file with provider memory gains the CNAME memory, keeping what it knew', () => {
  const { dir, old } = historyFileAt(3);
  old
    .prepare(
      `INSERT INTO provider_memory (app_id, provider, region, cname_chain, updated_at)
       VALUES ('slack', 'aws', 'us-east-1', '["slack-edge.us-east-1.elb.amazonaws.com"]', ?)`,
    )
    .run(NOW);
  old.close();

  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  assert.deepEqual(store.memory.providers().get('slack')?.cnameChain, ['slack-edge.us-east-1.elb.amazonaws.com']);
  assert.equal(store.memory.names().size, 0);
  store.memory.rememberNames([{ appId: 'slack', name: 'slack-edge.us-east-1.elb.amazonaws.com', seenAt: NOW }]);
  assert.equal(store.memory.names().get('slack')?.length, 1);
  store.close();
  assertAtLatestVersion(dir);
});

test('v5: a version-4 file with samples on a network gains the per-network baselines, keeping what it knew', () => {
  const { dir, old } = historyFileAt(4);
  old.prepare("INSERT INTO networks (gateway, ssid) VALUES ('198.18.1.1', 'Home')").run();
  old
    .prepare(
      "INSERT INTO samples (at, app_id, status, latency_ms, layer, network_id) VALUES (1, 'zoom', 'up', 40, NULL, 1)",
    )
    .run();
  old.close();
  const store = HistoryStore.open({ dataDir: dir, historyDays: 30 });
  assert.equal(store.query({ since: new Date(0).toISOString() }).samples.length, 1);
  assert.equal(store.baselines.of({ gateway: '198.18.1.1', ssid: 'Home' }), null, 'no look recorded there yet');
  store.baselines.record(5, { figures: [{ targetId: 'zoom', layer: 'latency', valueMs: 40 }], traits: [] }, home);
  assert.equal(store.baselines.of(home)?.targets.zoom?.latency?.medianMs, 40);
  store.close();
  assertAtLatestVersion(dir);
});

test('official status readings go with their incident when retention removes it', () => {
  const store = HistoryStore.open({ dataDir: freshDir(), historyDays: 1 });
  const id = store.incidents.open(awsOutage, {}, home, NOW - 3 * DAY);
  store.incidents.recordOfficialStatus(id, NOW - 3 * DAY, [
    {
      provider: 'aws',
      source: 'https://status.example/feed',
      acknowledged: false,
      title: null,
      url: null,
      updatedAt: null,
      leadMinutes: null,
      available: true,
    },
  ]);
  store.incidents.close(id, NOW - 2 * DAY);
  assert.equal(store.incidents.officialStatusOf(id).length, 1);
  store.maintain(NOW);
  assert.deepEqual(store.incidents.officialStatusOf(id), []);
  store.close();
});
