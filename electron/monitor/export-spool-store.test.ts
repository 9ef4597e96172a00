// The fleet export's spool in the history file: snapshots kept in order
// across a restart, removed once delivered, the oldest dropped when asked,
// and one instance id for the life of the file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HistoryStore } from './history-store';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-spool-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('snapshots survive a restart, leave oldest first, and the instance id stays', () => {
  const dataDir = join(root, 'restart');
  let store = HistoryStore.open({ dataDir, historyDays: 30 });
  const spool = store.exportSpool();
  const id = spool.instanceId();
  assert.match(id, /^[0-9a-f]{16}$/);
  for (let i = 1; i <= 5; i += 1) spool.append(1_000 * i, 10 * i, new Uint8Array([i, i, i]));
  store.close();

  store = HistoryStore.open({ dataDir, historyDays: 30 });
  const reopened = store.exportSpool();
  assert.equal(reopened.instanceId(), id, 'the same machine after a restart');
  assert.deepEqual(reopened.totals(), { rows: 5, samples: 150, bytes: 15 });
  const oldest = reopened.oldest(2);
  assert.deepEqual(
    oldest.map((row) => [row.at, row.samples, [...row.payload]]),
    [
      [1_000, 10, [1, 1, 1]],
      [2_000, 20, [2, 2, 2]],
    ],
  );
  reopened.removeThrough(oldest[1]?.id ?? 0);
  assert.equal(reopened.dropOldest(2), 30 + 40, 'the samples the dropped snapshots held');
  assert.deepEqual(
    reopened.oldest(10).map((row) => row.at),
    [5_000],
  );
  store.close();
});

test('a second file is a second machine', () => {
  const one = HistoryStore.open({ dataDir: join(root, 'one'), historyDays: 30 });
  const two = HistoryStore.open({ dataDir: join(root, 'two'), historyDays: 30 });
  try {
    assert.notEqual(one.exportSpool().instanceId(), two.exportSpool().instanceId());
  } finally {
    one.close();
    two.close();
  }
});
