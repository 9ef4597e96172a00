import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchOnline } from './online-watch';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await sleep(5);
  assert.ok(condition(), 'condition never came true');
}

test('reports each change of the online state once, and nothing after stop', async () => {
  let online = true;
  let polls = 0;
  const seen: boolean[] = [];
  const watch = watchOnline(
    () => (polls++, online),
    (value) => seen.push(value),
    1,
  );
  await until(() => polls > 3);
  assert.deepEqual(seen, [], 'no change, no report');
  online = false;
  await until(() => seen.length === 1);
  online = true;
  await until(() => seen.length === 2);
  const pollsAtStop = polls;
  watch.stop();
  online = false;
  await sleep(20);
  assert.deepEqual(seen, [false, true]);
  assert.equal(polls, pollsAtStop, 'no polling after stop');
});
