import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settleUntilStopped, startDeadline, untilStopped } from './deadline';

test('the budget running out stops with reason timeout, and cleanup runs once', async () => {
  const deadline = startDeadline(5);
  let cleanups = 0;
  const ended = await untilStopped(
    deadline.signal,
    (reason) => reason,
    () => () => cleanups++,
  );
  deadline.dispose();
  assert.equal(ended, 'timeout');
  assert.equal(cleanups, 1);
});

test("the caller's abort stops with reason aborted; an already aborted caller never starts", async () => {
  const caller = new AbortController();
  const deadline = startDeadline(60_000, caller.signal);
  const pending = untilStopped(
    deadline.signal,
    (reason) => reason,
    () => () => {},
  );
  caller.abort();
  assert.equal(await pending, 'aborted');
  deadline.dispose();

  const late = startDeadline(60_000, caller.signal);
  let started = false;
  const ended = await untilStopped(
    late.signal,
    (reason) => reason,
    () => {
      started = true;
      return () => {};
    },
  );
  assert.equal(ended, 'aborted');
  assert.equal(started, false);
});

test('a finish wins over a later stop; a finish inside start still cleans up once', async () => {
  const deadline = startDeadline(60_000);
  let cleanups = 0;
  const value = await untilStopped<string>(
    deadline.signal,
    (reason) => reason,
    (finish) => {
      finish('done');
      return () => cleanups++;
    },
  );
  deadline.dispose();
  assert.equal(value, 'done');
  assert.equal(cleanups, 1);
});

test("dispose lets go of the caller's signal: a later abort no longer reaches the deadline", () => {
  const caller = new AbortController();
  const deadline = startDeadline(60_000, caller.signal);
  deadline.dispose();
  caller.abort();
  assert.equal(deadline.signal.aborted, false);
});

test('settleUntilStopped: the value, the rejection fallback, or the stop', async () => {
  const open = startDeadline(60_000);
  assert.equal(
    await settleUntilStopped(
      async () => 'a',
      open.signal,
      () => 'stopped',
      () => 'rejected',
    ),
    'a',
  );
  assert.equal(
    await settleUntilStopped(
      () => Promise.reject(new Error('x')),
      open.signal,
      () => 'stopped',
      () => 'rejected',
    ),
    'rejected',
  );
  open.dispose();
  const spent = startDeadline(0);
  const never = new Promise<string>(() => {});
  assert.equal(
    await settleUntilStopped(
      () => never,
      spent.signal,
      (reason) => reason,
      () => 'rejected',
    ),
    'timeout',
  );
  spent.dispose();
});
