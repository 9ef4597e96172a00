// The incident book alone, over a real history file: which incidents open,
// go on and close as verdicts are confirmed, and what they keep.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { OfficialStatus } from '../contracts/bridge';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import { HistoryStore } from './history-store';
import { IncidentBook, incidentEvidence, type HistoryWrite } from './incident-book';
import { verdictOf } from './test-verdicts';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-incidents-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 23, 12, 0, 0);
const home = { gateway: '192.0.2.1', ssid: 'home' };
const awsOutage = verdictOf('provider-outage', { provider: 'aws', region: 'us-east-1', apps: ['zoom', 'alexa'] });
const ok = verdictOf('ok');

function diagnosis(verdict: Verdict, at = START): Diagnosis {
  return {
    schema: 1,
    at: new Date(at).toISOString(),
    verdict,
    findings: [verdict],
    local: {
      interfaces: [],
      gateway: { configured: 'auto', address: '192.0.2.1', outcome: 'reachable', method: 'tcp-refused', latencyMs: 1 },
      resolvers: [
        {
          name: 'router',
          address: '192.0.2.1',
          port: 53,
          role: 'system',
          status: 'ok',
          outcomes: { answer: 4 },
          medianLatencyMs: 2,
        },
      ],
      captivePortal: { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null },
      vpn: null,
      families: { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: [],
    },
    apps: verdict.apps.map((id) => ({
      id,
      name: id,
      status: 'down',
      layer: 'http',
      provider: 'aws',
      region: 'us-east-1',
      latencyMs: null,
      usual: null,
      probes: [],
    })),
  };
}

function openStore(dataDir = join(root, `book-${++dirs}`)) {
  const store = HistoryStore.open({ dataDir, historyDays: 30 });
  const write: HistoryWrite = (fn) => fn(store);
  return { store, write, dataDir };
}

const incidents = (store: HistoryStore) => store.query({ since: new Date(START - MINUTE).toISOString() }).incidents;

function confirm(book: IncidentBook, verdict: Verdict, since: number, now = since) {
  return book.confirmed({ verdict, since, diagnosis: diagnosis(verdict, now), network: home, now });
}

test('a confirmed failure opens an incident at the first look of its streak; ok closes it then', () => {
  const { store, write } = openStore();
  const book = new IncidentBook(write);
  assert.deepEqual(
    confirm(book, ok, START),
    { openId: null, closedId: null, continuedSince: null },
    'ok opens nothing',
  );
  const opened = confirm(book, awsOutage, START + MINUTE, START + MINUTE + 2_500);
  assert.ok(opened.openId !== null);
  assert.equal(book.currentId, opened.openId);
  assert.deepEqual(incidents(store), [
    {
      id: opened.openId,
      openedAt: new Date(START + MINUTE).toISOString(),
      updatedAt: new Date(START + MINUTE).toISOString(),
      closedAt: null,
      verdict: awsOutage,
    },
  ]);

  const closed = confirm(book, ok, START + 5 * MINUTE, START + 5 * MINUTE + 2_500);
  assert.deepEqual(closed, { openId: null, closedId: opened.openId, continuedSince: null });
  assert.equal(book.currentId, null);
  assert.equal(incidents(store)[0]?.closedAt, new Date(START + 5 * MINUTE).toISOString(), 'closed when ok began');
  store.close();
});

test('another failure confirmed closes the open incident and opens its own', () => {
  const { store, write } = openStore();
  const book = new IncidentBook(write);
  const first = confirm(book, awsOutage, START);
  const offline = verdictOf('offline');
  const second = confirm(book, offline, START + MINUTE);
  assert.equal(second.closedId, first.openId);
  assert.notEqual(second.openId, first.openId);
  const [older, newer] = [...incidents(store)].sort((a, b) => a.id - b.id);
  assert.equal(older?.closedAt, new Date(START + MINUTE).toISOString());
  assert.equal(newer?.verdict.kind, 'offline');
  assert.equal(newer?.closedAt, null);
  store.close();
});

test('updates keep the new details; a full round seeing it again moves updatedAt', () => {
  const { store, write } = openStore();
  const book = new IncidentBook(write);
  confirm(book, awsOutage, START);
  const grown = { ...awsOutage, apps: ['zoom', 'alexa', 'slack'] };
  book.updated(grown, diagnosis(grown), START + MINUTE);
  assert.deepEqual(incidents(store)[0]?.verdict.apps, ['zoom', 'alexa', 'slack']);
  book.stillGoing(START + 3 * MINUTE);
  assert.equal(incidents(store)[0]?.updatedAt, new Date(START + 3 * MINUTE).toISOString());
  store.close();
});

test('with no incident open, updates, touches and official status write nothing', () => {
  let writes = 0;
  const book = new IncidentBook(() => {
    writes += 1;
    return null;
  });
  book.updated(awsOutage, diagnosis(awsOutage), START);
  book.stillGoing(START);
  book.officialStatus([officialStatus()], START);
  assert.equal(writes, 0);
  assert.equal(book.currentId, null);
});

test('without history (every write null) no incident id is ever given', () => {
  const book = new IncidentBook(() => null);
  assert.deepEqual(confirm(book, awsOutage, START), { openId: null, closedId: null, continuedSince: null });
});

function officialStatus(): OfficialStatus {
  return {
    provider: 'aws',
    source: 'aws-health',
    available: true,
    acknowledged: true,
    title: 'Increased error rates',
    url: null,
    updatedAt: null,
    leadMinutes: 3,
  };
}

test('official status is recorded with the open incident, an empty reading is not', () => {
  const { store, write } = openStore();
  const book = new IncidentBook(write);
  const { openId } = confirm(book, awsOutage, START);
  book.officialStatus([], START + MINUTE);
  book.officialStatus([officialStatus()], START + 2 * MINUTE);
  const recorded = store.incidents.officialStatusOf(openId as number);
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]?.at, new Date(START + 2 * MINUTE).toISOString());
  store.close();
});

test("a previous run's open incident goes on when the same situation is confirmed first", () => {
  const { store, write, dataDir } = openStore();
  const firstRun = new IncidentBook(write);
  const { openId } = confirm(firstRun, awsOutage, START);
  store.close();

  const again = openStore(dataDir);
  const book = new IncidentBook(again.write);
  book.carryOver(again.store.incidents.lastOpen());
  const reworded = { ...awsOutage, summary: 'said otherwise' };
  const outcome = confirm(book, reworded, START + 10 * MINUTE);
  assert.deepEqual(outcome, { openId, closedId: null, continuedSince: START });
  assert.equal(incidents(again.store).length, 1, 'no second incident');
  assert.equal(incidents(again.store)[0]?.verdict.summary, 'said otherwise');
  again.store.close();
});

test("a previous run's open incident is closed as last seen when another situation is confirmed first", () => {
  const { store, write, dataDir } = openStore();
  const firstRun = new IncidentBook(write);
  confirm(firstRun, awsOutage, START);
  firstRun.stillGoing(START + 2 * MINUTE);
  store.close();

  const again = openStore(dataDir);
  const book = new IncidentBook(again.write);
  book.carryOver(again.store.incidents.lastOpen());
  const outcome = confirm(book, ok, START + 30 * MINUTE);
  assert.deepEqual(outcome, { openId: null, closedId: null, continuedSince: null }, 'not an incident of this run');
  assert.equal(incidents(again.store)[0]?.closedAt, new Date(START + 2 * MINUTE).toISOString());
  // Only the first confirmation decides: a later one does not see the old incident again.
  confirm(book, awsOutage, START + 40 * MINUTE);
  assert.equal(incidents(again.store).length, 2);
  again.store.close();
});

test('the evidence kept is the per-app status and the local picture, without raw probes', () => {
  const kept = incidentEvidence(diagnosis(awsOutage));
  assert.deepEqual(kept.apps[0], {
    id: 'zoom',
    status: 'down',
    layer: 'http',
    provider: 'aws',
    region: 'us-east-1',
    latencyMs: null,
  });
  assert.deepEqual(kept.resolvers, [{ name: 'router', address: '192.0.2.1', role: 'system', status: 'ok' }]);
  assert.equal(kept.captivePortal, 'off');
  assert.equal(kept.at, diagnosis(awsOutage).at);
});
