// Names only the system resolver knows, learned per network across looks
// (internal-names.ts, internal-name-store.ts) and handed to later rounds: on
// the loopback world with real probes and the real diagnose(), an intranet
// name seen twice answered by the system resolver alone is, once that resolver
// fails it, the intranet's own DNS (dns-judgement.ts row 0c), not "failed at
// every resolver".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkConfig, type Config } from '../contracts/config';
import { diagnose } from '../diagnose/index';
import { createTranslator } from '../i18n/translate';
import { runRound } from '../probe/round';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { WORLD_APPS } from '../testkit/world-apps';
import { HistoryStore } from './history-store';
import { INTERNAL_NAMES_PER_NETWORK, internalNamesIn, learnInternalNames } from './internal-names';
import { networkIdentity } from './looks';
import type { MonitorProblem } from './monitor-api';
import { MonitorHistory } from './monitor-history';

const en = createTranslator('en').t;
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const root = mkdtempSync(join(tmpdir(), 'outage-watch-internal-'));
let world: LoopbackWorld;
before(async () => {
  world = await startLoopbackWorld({ apps: WORLD_APPS });
});
after(async () => {
  await world.close();
  rmSync(root, { recursive: true, force: true });
});

const failOnProblem = (problem: MonitorProblem) => assert.fail(problem.message);
const NO_SIGHTING = { internal: [], public: [] };

test('a name counts as internal after two looks showed it, is forgotten when a public resolver answers it, and is bounded', () => {
  const once = learnInternalNames(new Map(), { internal: ['wiki.corp'], public: [] }, NOW);
  assert.deepEqual([...internalNamesIn(once.memory, 0)], [], 'one look is not consistent yet');
  const twice = learnInternalNames(once.memory, { internal: ['wiki.corp'], public: [] }, NOW + 30_000);
  assert.deepEqual([...internalNamesIn(twice.memory, 0)], ['wiki.corp']);
  assert.deepEqual(twice.seen, [{ name: 'wiki.corp', looks: 2, seenAt: NOW + 30_000 }]);
  // A look that cannot tell (the system resolver failed it) changes nothing.
  assert.deepEqual(learnInternalNames(twice.memory, NO_SIGHTING, NOW + 60_000).memory, twice.memory);
  const answered = learnInternalNames(twice.memory, { internal: [], public: ['wiki.corp'] }, NOW + 90_000);
  assert.deepEqual([...internalNamesIn(answered.memory, 0)], []);
  assert.deepEqual(answered.forgotten, ['wiki.corp']);
  assert.deepEqual([...internalNamesIn(twice.memory, NOW + 30_001)], [], 'not seen within the kept days: not used');

  const many = Array.from({ length: INTERNAL_NAMES_PER_NETWORK + 5 }, (_, i) => `host${i}.corp`);
  let memory = learnInternalNames(new Map(), { internal: many.slice(0, 5), public: [] }, NOW).memory;
  memory = learnInternalNames(memory, { internal: many.slice(5), public: [] }, NOW + 1).memory;
  assert.equal(memory.size, INTERNAL_NAMES_PER_NETWORK);
  assert.ok(!memory.has('host0.corp'), 'the least recently seen go first');
});

function config(): Config {
  const checked = checkConfig(world.config());
  if (!checked.ok) throw new Error(checked.problem);
  return checked.config;
}

/** One look, judged and recorded as the Monitor does, with the names the history hands to rounds. */
async function look(history: MonitorHistory, at: number) {
  // The loopback world's gateway is off and it has no Wi-Fi: its network is the unnamed one.
  const internalNames = history.internalNames({ gateway: '', ssid: '' }, at);
  const evidence = await runRound(config(), { appIds: ['zoom', 'slack', 'github'], internalNames });
  const diagnosis = diagnose(evidence, en);
  history.recordLook(evidence, diagnosis, at);
  return { evidence, diagnosis, internalNames };
}

test('learned over two looks, kept in the history file, handed to rounds: a later SERVFAIL is the intranet DNS', async () => {
  await world.reset();
  // Slack plays the intranet: the public resolvers do not know its name.
  world.setAppDns('slack', { rcode: 'NXDOMAIN' }, 'public');
  const dataDir = join(root, 'learned');
  const first = new MonitorHistory({ dataDir, maxBytes: undefined, problem: failOnProblem });
  first.open(30);
  const one = await look(first, NOW);
  assert.equal(one.diagnosis.verdict.kind, 'ok', JSON.stringify(one.diagnosis.verdict, null, 1));
  assert.deepEqual(networkIdentity(one.evidence), { gateway: '', ssid: '' });
  await look(first, NOW + 30_000);
  first.close();

  // Another run of the app: the file remembers.
  const history = new MonitorHistory({ dataDir, maxBytes: undefined, problem: failOnProblem });
  history.open(30);
  world.setAppDns('slack', { rcode: 'SERVFAIL' }, 'system');
  const failing = await look(history, NOW + 60_000);
  assert.deepEqual([...failing.internalNames], ['slack.test']);
  assert.equal(failing.evidence.apps.find((a) => a.id === 'slack')?.internal, 'learned');
  const { verdict } = failing.diagnosis;
  assert.deepEqual(
    [verdict.scope, verdict.kind, verdict.layer, verdict.apps],
    ['upstream', 'app-outage', 'dns', ['slack']],
  );
  assert.match(verdict.summary, /Your network's own DNS does not answer for Slack/);
  assert.ok(!failing.diagnosis.findings.some((f) => f.kind === 'blocked' || f.kind === 'dns-local'));
  history.close();

  // Never learned (a fresh history): the same look reads as a name failed at every resolver.
  const fresh = new MonitorHistory({ dataDir: join(root, 'fresh'), maxBytes: undefined, problem: failOnProblem });
  fresh.open(30);
  const unlearned = await look(fresh, NOW + 60_000);
  assert.doesNotMatch(unlearned.diagnosis.verdict.summary, /own DNS/);
  fresh.close();
});

test('learned names are forgotten after historyDays: not handed to rounds, and gone from the file at maintenance', () => {
  const dataDir = join(root, 'expiry');
  const network = { gateway: '198.18.0.1', ssid: 'office' };
  const store = HistoryStore.open({ dataDir, historyDays: 7 });
  store.internalNames.update(network, [{ name: 'wiki.corp', looks: 2, seenAt: NOW }], []);
  store.close();
  const history = new MonitorHistory({ dataDir, maxBytes: undefined, problem: failOnProblem });
  history.open(7);
  assert.deepEqual([...history.internalNames(network, NOW + 6 * DAY)], ['wiki.corp']);
  assert.deepEqual([...history.internalNames({ gateway: '198.18.0.1', ssid: 'home' }, NOW)], [], 'per network');
  assert.deepEqual([...history.internalNames(network, NOW + 8 * DAY)], []);
  history.close();
  const again = HistoryStore.open({ dataDir, historyDays: 7 });
  again.maintain(NOW + 8 * DAY);
  assert.equal(again.internalNames.all().size, 0);
  again.close();
});
