// The Monitor's history on its own: learning without a file, reopening what a
// look taught, and a failed write reported instead of thrown.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AppReport } from '../contracts/diagnosis';
import { scriptedDiagnosis } from '../testkit/diagnosis-fixture';
import { quietRoundEvidence } from '../testkit/round-evidence-fixture';
import { targetProbe } from '../testkit/target-probe-fixture';
import type { MonitorProblem } from './monitor-api';
import { MonitorHistory } from './monitor-history';
import { verdictOf } from './test-verdicts';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-monitor-history-'));
after(() => rmSync(root, { recursive: true, force: true }));
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/** A look that saw zoom up on AWS us-east-1. */
function zoomUp() {
  const evidence = { ...quietRoundEvidence(), apps: [targetProbe('zoom', true)] };
  const zoom: AppReport = {
    id: 'zoom',
    name: 'ZOOM',
    status: 'up',
    layer: null,
    provider: 'aws',
    region: 'us-east-1',
    latencyMs: 5,
    usual: null,
    probes: [],
  };
  return { evidence, diagnosis: scriptedDiagnosis(evidence, verdictOf('ok'), [zoom]) };
}

test('without a data dir nothing is opened or written, yet the provider memory still learns', () => {
  const problems: MonitorProblem[] = [];
  const history = new MonitorHistory({ dataDir: null, maxBytes: undefined, problem: (p) => problems.push(p) });
  assert.equal(history.open(30), null);
  assert.equal(history.isOpen, false);
  const look = zoomUp();
  history.recordLook(look.evidence, look.diagnosis, NOW);
  assert.deepEqual(history.providerMemory.get('zoom'), { provider: 'aws', region: 'us-east-1', cnameChain: [] });
  assert.equal(
    history.write(() => 'written'),
    null,
  );
  assert.deepEqual(history.query({ since: new Date(0).toISOString() }), { incidents: [], samples: [] });
  assert.deepEqual(problems, []);
});

test('what a look taught is in the file: samples, and the provider memory loaded again on the next open', () => {
  const dataDir = join(root, 'taught');
  const first = new MonitorHistory({ dataDir, maxBytes: undefined, problem: () => {} });
  first.open(30);
  const look = zoomUp();
  first.recordLook(look.evidence, look.diagnosis, NOW);
  first.close();
  const second = new MonitorHistory({ dataDir, maxBytes: undefined, problem: () => {} });
  assert.equal(second.open(30), null, 'no incident was left open');
  assert.deepEqual(second.providerMemory.get('zoom'), { provider: 'aws', region: 'us-east-1', cnameChain: [] });
  assert.deepEqual(
    second.query({ since: new Date(NOW - 1).toISOString() }).samples.map((s) => [s.appId, s.status]),
    [['zoom', 'up']],
  );
  second.close();
});

test('a write that fails is a history-failed problem and gives null; a folder that cannot be used stops the open', () => {
  const problems: MonitorProblem[] = [];
  const history = new MonitorHistory({
    dataDir: join(root, 'failing'),
    maxBytes: undefined,
    problem: (p) => problems.push(p),
  });
  history.open(30);
  const result = history.write(() => {
    throw new Error('disk full');
  });
  assert.equal(result, null);
  assert.deepEqual(problems, [{ kind: 'history-failed', message: 'disk full' }]);
  history.close();

  const blocker = join(root, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const blocked = new MonitorHistory({ dataDir: join(blocker, 'history'), maxBytes: undefined, problem: () => {} });
  assert.throws(
    () => blocked.open(30),
    (error: unknown) => (error as { kind?: string }).kind === 'history-unavailable',
  );
});
