// The schedule alone, on a manual clock: which look runs when. Probes answer
// at once unless a test holds them (then they end when released or aborted);
// judging is a callback the test scripts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BACKOFF } from './backoff';
import { ManualClock, runClock, settle } from './manual-clock';
import { Scheduler, type LookRequest, type RoundKind, type ScheduleTimings } from './scheduler';

const START = Date.UTC(2026, 10, 23, 12, 0, 0);

const TIMINGS: ScheduleTimings = {
  heartbeatMs: 5_000,
  confirmDelayMs: 2_500,
  networkSettleMs: 1_000,
  maintenanceMs: 600_000,
  backoff: DEFAULT_BACKOFF,
};

interface LookCall {
  at: number;
  kind: RoundKind;
  appIds: string[];
  aborted: () => boolean;
}

function setup(options: { judge?: (look: LookRequest) => void; timings?: Partial<ScheduleTimings> } = {}) {
  const clock = new ManualClock(START);
  const looks: LookCall[] = [];
  const judged: LookRequest[] = [];
  const failures: { kind: RoundKind; message: string }[] = [];
  const maintenance: number[] = [];
  let changes = 0;
  let held = false;
  const releases: (() => void)[] = [];
  let failNext: Error | null = null;
  const scheduler = new Scheduler<number>({
    clock,
    timings: { ...TIMINGS, ...options.timings },
    fullRoundIntervalMs: () => 30_000,
    probe: (look, signal) => {
      looks.push({ at: clock.now(), kind: look.kind, appIds: look.appIds, aborted: () => signal.aborted });
      const failure = failNext;
      failNext = null;
      if (failure) return Promise.reject(failure);
      if (!held) return Promise.resolve(looks.length);
      return new Promise<number>((resolve, reject) => {
        const abort = () => reject(new Error('aborted'));
        if (signal.aborted) abort();
        signal.addEventListener('abort', abort);
        releases.push(() => resolve(looks.length));
      });
    },
    judge: (look) => {
      judged.push(look);
      options.judge?.(look);
    },
    failed: (look, error) => failures.push({ kind: look.kind, message: (error as Error).message }),
    maintain: () => maintenance.push(clock.now() - START),
    changed: () => (changes += 1),
  });
  return {
    clock,
    scheduler,
    looks,
    judged,
    failures,
    maintenance,
    changes: () => changes,
    run: (ms: number) => runClock(clock, ms),
    hold: () => (held = true),
    releaseAll: async () => {
      held = false;
      for (const release of releases.splice(0)) release();
      await settle();
    },
    failNextProbe: (error: Error) => (failNext = error),
  };
}

const times = (looks: LookCall[], kind: RoundKind) => looks.filter((l) => l.kind === kind).map((l) => l.at - START);

test('a full round at start, then heartbeats every 5 s and full rounds every 30 s', async () => {
  const { scheduler, looks, run } = setup();
  scheduler.start();
  await run(60_000);
  assert.deepEqual(times(looks, 'full'), [0, 30_000, 60_000]);
  assert.deepEqual(
    times(looks, 'heartbeat'),
    [5_000, 10_000, 15_000, 20_000, 25_000, 35_000, 40_000, 45_000, 50_000, 55_000],
  );
  await scheduler.stop();
});

test('a confirming look follows a disagreeing look after confirmDelayMs; one already due keeps its time and takes more apps', async () => {
  let asked = false;
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && !asked) {
        asked = true;
        scheduler.confirmAt(['zoom'], 0);
        // A second disagreeing look before the confirming one: no second timer, its apps join.
        scheduler.confirmAt(['slack'], START + 60_000);
      }
    },
  });
  scheduler.start();
  await run(2_500);
  assert.deepEqual(
    looks.map((l) => [l.kind, l.at - START, l.appIds]),
    [
      ['full', 0, []],
      ['confirm', 2_500, ['zoom', 'slack']],
    ],
  );
  await scheduler.stop();
});

test('a confirming look waits for the time it is asked for when that is later than confirmDelayMs', async () => {
  let asked = false;
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && !asked) {
        asked = true;
        scheduler.confirmAt([], START + 3_000);
      }
    },
  });
  scheduler.start();
  await run(4_000);
  assert.deepEqual(times(looks, 'confirm'), [3_000]);
  await scheduler.stop();
});

test('judge hears when the look started', async () => {
  const started: number[] = [];
  const clock = new ManualClock(START);
  const scheduler = new Scheduler<number>({
    clock,
    timings: TIMINGS,
    fullRoundIntervalMs: () => 30_000,
    probe: async () => {
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 700));
      return 1;
    },
    judge: (_look, _evidence, startedAt) => started.push(startedAt - START),
    failed: () => {},
    maintain: () => {},
    changed: () => {},
  });
  scheduler.start();
  await runClock(clock, 7_000);
  assert.deepEqual(started, [0, 5_700]);
  await scheduler.stop();
});

test('checkNow does not wait for a heartbeat in flight: the heartbeat gives way', async () => {
  const { scheduler, looks, hold, releaseAll, run } = setup();
  scheduler.start();
  await run(4_000);
  hold();
  await run(1_000);
  assert.equal(looks.at(-1)?.kind, 'heartbeat');
  const check = scheduler.checkNow();
  await settle();
  assert.equal(looks.at(-2)?.aborted(), true, 'the heartbeat was dropped');
  assert.equal(looks.at(-1)?.kind, 'full', 'the full round started at once');
  await releaseAll();
  await check;
  await scheduler.stop();
});

test('cancelConfirm drops a confirming look that is no longer needed', async () => {
  let first = true;
  const { scheduler, looks, run } = setup({
    judge: () => {
      if (first) scheduler.confirmAt(['zoom'], 0);
      else scheduler.cancelConfirm();
      first = false;
    },
  });
  scheduler.start();
  await run(100);
  scheduler.requestFullRound();
  await run(10_000);
  assert.equal(times(looks, 'confirm').length, 0);
  await scheduler.stop();
});

test('looks never overlap: confirming looks asked for meanwhile wait and merge their apps', async () => {
  const { scheduler, looks, hold, releaseAll, run } = setup();
  scheduler.start();
  await run(100);
  hold();
  scheduler.requestFullRound();
  scheduler.confirmAt(['zoom'], 0);
  await run(2_500);
  scheduler.confirmAt(['slack', 'zoom'], 0);
  await run(2_500);
  assert.equal(looks.length, 2, 'nothing starts while a look is in flight');
  await releaseAll();
  assert.deepEqual(
    looks.map((l) => [l.kind, l.at - START, l.appIds]),
    [
      ['full', 0, []],
      ['full', 100, []],
      ['confirm', 5_100, ['zoom', 'slack']],
    ],
  );
  await scheduler.stop();
});

test('a full round waiting covers a confirming look waiting', async () => {
  const { scheduler, looks, hold, releaseAll, run } = setup();
  scheduler.start();
  await run(100);
  hold();
  scheduler.requestFullRound();
  scheduler.confirmAt(['zoom'], 0);
  await run(2_500);
  const check = scheduler.checkNow();
  await releaseAll();
  await check;
  assert.deepEqual(
    looks.map((l) => l.kind),
    ['full', 'full', 'full'],
  );
  await scheduler.stop();
});

test('a heartbeat due while a full round is in flight is dropped: the round covers it', async () => {
  let first = true;
  const { scheduler, looks, hold, releaseAll, run } = setup({
    judge: (look) => {
      if (look.kind !== 'heartbeat' || !first) return;
      first = false;
      // E.g. a heartbeat saw a local problem go: a full round at once, and it takes a while.
      hold();
      scheduler.requestFullRound();
    },
  });
  scheduler.start();
  await run(11_000);
  assert.deepEqual(
    looks.map((l) => [l.kind, l.at - START]),
    [
      ['full', 0],
      ['heartbeat', 5_000],
      ['full', 5_000],
    ],
    'no heartbeat at 10 s',
  );
  await releaseAll();
  await run(5_000);
  assert.deepEqual(times(looks, 'heartbeat'), [5_000, 16_000], 'heartbeats go on from the end of the round');
  await scheduler.stop();
});

test('without a network only heartbeats run, at growing intervals; leaving it brings full rounds back', async () => {
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && looks.length === 1) scheduler.setBackoff('growing');
    },
  });
  scheduler.start();
  assert.equal(scheduler.backingOff, false);
  await run(120_000);
  assert.equal(scheduler.backingOff, true);
  const heartbeats = times(looks, 'heartbeat');
  assert.deepEqual(
    heartbeats.slice(0, 5).map((at, i) => at - (i === 0 ? 0 : (heartbeats[i - 1] ?? 0))),
    [5_000, 10_000, 20_000, 30_000, 30_000],
  );
  assert.deepEqual(times(looks, 'full'), [0], 'no full round while backing off');

  // Entering back-off again while in it does not restart the growth.
  scheduler.setBackoff('growing');
  const before = looks.length;
  await run(30_000);
  assert.equal(looks.length - before, 1);

  // Leaving it: the heartbeat already due runs, then the normal schedule from there.
  scheduler.setBackoff('none');
  await run(35_000);
  assert.deepEqual(
    looks.slice(before + 1).map((l) => [l.kind, l.at - START]),
    [
      ['heartbeat', 155_000],
      ['heartbeat', 160_000],
      ['heartbeat', 165_000],
      ['heartbeat', 170_000],
      ['heartbeat', 175_000],
      ['heartbeat', 180_000],
      ['full', 185_000],
    ],
  );
  await scheduler.stop();
});

test('while no app can be reached, heartbeats keep their pace and no full round runs', async () => {
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && looks.length === 1) scheduler.setBackoff('no-full-rounds');
    },
  });
  scheduler.start();
  await run(60_000);
  assert.equal(scheduler.backingOff, true);
  assert.deepEqual(times(looks, 'full'), [0]);
  assert.equal(times(looks, 'heartbeat').length, 12, 'every 5 s');
  await scheduler.stop();
});

test('a network change restarts the back-off growth from the base delay', async () => {
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && looks.length === 1) scheduler.setBackoff('growing');
    },
  });
  scheduler.start();
  await run(65_000); // heartbeats at 5, 15, 35, 65 s: the next one waits 30 s
  scheduler.networkChanged();
  await run(1_000);
  assert.equal(looks.at(-1)?.kind, 'full', 'a full round after the settle');
  const after = looks.length;
  await run(5_000);
  assert.deepEqual(
    looks.slice(after).map((l) => [l.kind, l.at - START]),
    [['heartbeat', 71_000]],
    'the base delay again',
  );
  await scheduler.stop();
});

test('an OS network change re-checks at once (after a short settle), bursts make one round', async () => {
  const { scheduler, looks, run } = setup();
  scheduler.start();
  await run(3_000);
  const before = looks.length;
  scheduler.networkChanged();
  scheduler.networkChanged();
  await run(1_000);
  const fulls = looks.slice(before).filter((l) => l.kind === 'full');
  assert.equal(fulls.length, 1);
  assert.equal((fulls[0]?.at ?? 0) - START, 4_000);
  await scheduler.stop();
});

test('a network change or startOver drops the look in flight unjudged and runs a full round', async () => {
  const { scheduler, looks, judged, hold, releaseAll, run } = setup();
  scheduler.start();
  await run(100);
  hold();
  scheduler.requestFullRound();
  scheduler.networkChanged();
  await run(1_000);
  assert.equal(looks[1]?.aborted(), true, 'the look that mixes two networks is aborted');
  assert.equal(looks.length, 3);
  assert.equal(judged.length, 1, 'only the first round was judged');
  scheduler.startOver();
  assert.equal(looks[2]?.aborted(), true);
  await settle();
  assert.equal(looks.length, 4);
  await releaseAll();
  assert.deepEqual(
    judged.map((l) => l.kind),
    ['full', 'full'],
  );
  await scheduler.stop();
});

test('a full round restarts the interval; confirming looks and heartbeats keep it', async () => {
  let first = true;
  const { scheduler, looks, run } = setup({
    judge: (look) => {
      if (look.kind === 'full' && first) scheduler.confirmAt(['zoom'], 0);
      first = false;
    },
  });
  scheduler.start();
  await run(40_000);
  assert.deepEqual(times(looks, 'confirm'), [2_500]);
  assert.deepEqual(times(looks, 'full'), [0, 30_000], 'not moved by the confirming look');
  await scheduler.checkNow();
  await run(40_000);
  assert.deepEqual(times(looks, 'full'), [0, 30_000, 40_000, 70_000], 'checkNow starts a new interval');
  await scheduler.stop();
});

test('a failed look is reported and the schedule goes on; so is a judge that throws', async () => {
  let throwOnce = true;
  const { scheduler, failures, looks, failNextProbe, run } = setup({
    judge: (look) => {
      if (look.kind === 'heartbeat' && throwOnce) {
        throwOnce = false;
        throw new Error('judging broke');
      }
    },
  });
  failNextProbe(new Error('no sockets'));
  scheduler.start();
  await run(10_000);
  assert.deepEqual(failures, [
    { kind: 'full', message: 'no sockets' },
    { kind: 'heartbeat', message: 'judging broke' },
  ]);
  assert.deepEqual(times(looks, 'heartbeat'), [5_000, 10_000]);
  await scheduler.stop();
});

test('pause stops probing until the given time, resume() or the time restarts it', async () => {
  const { scheduler, clock, looks, run } = setup();
  scheduler.start();
  await run(100);
  scheduler.pause(clock.now() + 60_000);
  assert.equal(scheduler.pausedUntil, START + 60_100);
  const before = looks.length;
  await run(59_000);
  assert.equal(looks.length, before, 'nothing while paused');
  await run(1_000);
  assert.equal(looks.at(-1)?.kind, 'full', 'a full round when the pause ends');
  assert.equal(scheduler.pausedUntil, null);
  const waiting = scheduler.checkNow();
  scheduler.pause(clock.now() + 600_000);
  await waiting; // released by the pause, not left hanging for ten minutes
  scheduler.resume();
  await run(100);
  assert.equal(looks.at(-1)?.kind, 'full');
  await scheduler.stop();
});

test('checkNow resolves after a full round, also during a pause', async () => {
  const { scheduler, clock, looks, run } = setup();
  scheduler.start();
  await run(100);
  let done = false;
  const check = scheduler.checkNow().then(() => (done = true));
  await run(100);
  await check;
  assert.ok(done);
  assert.equal(times(looks, 'full').length, 2);
  scheduler.pause(clock.now() + 600_000);
  await scheduler.checkNow();
  assert.equal(times(looks, 'full').length, 3, 'a check asked for runs even while paused');
  await scheduler.stop();
  await scheduler.checkNow(); // stopped: resolves at once
  assert.equal(times(looks, 'full').length, 3);
});

test('what is shown changes when a full round or confirming look starts and ends, not for a heartbeat', async () => {
  const { scheduler, changes, hold, releaseAll, run } = setup();
  hold();
  scheduler.start();
  assert.equal(scheduler.checking, true);
  assert.equal(changes(), 1, 'the round started');
  await releaseAll();
  assert.equal(scheduler.checking, false);
  assert.equal(changes(), 2, 'the round ended');
  hold();
  await run(5_000);
  assert.equal(scheduler.checking, false, 'a heartbeat in flight is not a check');
  assert.equal(changes(), 2);
  await releaseAll();
  assert.equal(changes(), 2, 'a heartbeat runs unseen: its judge tells when it moved something');
  await scheduler.stop();
});

test('history maintenance runs at start and every maintenanceMs', async () => {
  const { scheduler, maintenance, run } = setup({ timings: { maintenanceMs: 20_000 } });
  scheduler.start();
  await run(45_000);
  assert.deepEqual(maintenance, [0, 20_000, 40_000]);
  await scheduler.stop();
});

test('stop waits for the look in flight, leaves no timer behind and releases checkNow', async () => {
  const { scheduler, clock, looks, judged, hold, run } = setup();
  scheduler.start();
  await run(7_000);
  hold();
  const check = scheduler.checkNow();
  assert.equal(scheduler.running, true);
  await scheduler.stop();
  await check;
  assert.equal(scheduler.running, false);
  assert.equal(looks.at(-1)?.aborted(), true);
  assert.equal(judged.length, 2, 'the aborted round is not judged');
  assert.equal(clock.pendingTimers(), 0);
  const before = looks.length;
  await run(60_000);
  assert.equal(looks.length, before);
});
