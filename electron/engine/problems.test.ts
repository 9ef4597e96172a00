// Problems are seen: the book's rules alone, then the engine over a real
// history database that starts refusing writes, and a round that throws.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AppState, EngineProblem } from '../contracts/bridge';
import { defaultConfig, type Config } from '../contracts/config';
import type { Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { REFUSED_WRITE_MESSAGE, refuseHistoryWrites } from '../testkit/history-faults';
import { diagnosisOf, verdictOf } from '../testkit/app-state-fixture';
import { startEngine, type RunningEngine } from './engine';
import { NO_PROBLEMS, observeState, recordProblem } from './problems';
import { quietRoundEvidence } from '../testkit/round-evidence-fixture';

const root = mkdtempSync(join(tmpdir(), 'outage-watch-problems-'));
after(() => rmSync(root, { recursive: true, force: true }));

const diagnosisAt = (at: string): Diagnosis => ({ ...diagnosisOf(verdictOf({}), []), at });
const AT = new Date('2026-11-22T10:00:00.000Z');

test('one problem per kind, the lasting one first; a newer diagnosis clears a failed round, never a failed history', () => {
  const shown = diagnosisAt('2026-11-22T09:59:00.000Z');
  let book = recordProblem(NO_PROBLEMS, { kind: 'round-failed', message: 'boom' }, shown, AT);
  book = recordProblem(book, { kind: 'history-failed', message: 'disk full' }, shown, AT);
  book = recordProblem(book, { kind: 'round-failed', message: 'boom again' }, shown, AT);
  assert.deepEqual(
    book.problems.map(({ kind, message }) => `${kind}: ${message}`),
    ['history-failed: disk full', 'round-failed: boom again'],
  );
  assert.equal(book.problems[0]?.at, AT.toISOString());

  assert.equal(observeState(book, shown), book, 'the same diagnosis: the round has not worked yet');
  assert.equal(observeState(book, null), book);
  const later = observeState(book, diagnosisAt('2026-11-22T10:01:00.000Z'));
  assert.deepEqual(
    later.problems.map((problem) => problem.kind),
    ['history-failed'],
  );
  assert.equal(observeState(later, diagnosisAt('2026-11-22T10:02:00.000Z')), later);
});

test('a round failing before any diagnosis is cleared by the first one', () => {
  const book = recordProblem(NO_PROBLEMS, { kind: 'round-failed', message: 'boom' }, null, AT);
  assert.deepEqual(observeState(book, diagnosisAt('2026-11-22T10:01:00.000Z')).problems, []);
});

interface Run {
  engine: RunningEngine;
  states: AppState[];
  problems: EngineProblem[];
  /** Makes the next n rounds throw. */
  failRounds(n: number): void;
  /** The verdict the next rounds see (a confirmed change opens an incident: a history write). */
  see(verdict: Verdict): void;
}

function run(dataDir: string | null): Run {
  let failing = 0;
  let seen = verdictOf({});
  const runRound = async (): Promise<RoundEvidence> => {
    if (failing > 0) {
      failing -= 1;
      throw new Error('the probes could not run (test)');
    }
    return quietRoundEvidence();
  };
  const config: Config = { ...defaultConfig(), apps: ['zoom'], gateway: 'off', captivePortal: 'off', language: 'en' };
  const engine = startEngine({
    config,
    configPath: null,
    dataDir,
    systemLocale: 'en_US',
    outside: null,
    monitor: {
      runRound,
      diagnose: (evidence) => ({ ...diagnosisOf(seen, []), at: evidence.at }),
      timings: { heartbeatMs: 3_600_000, confirmDelayMs: 5, networkPollMs: null, maintenanceMs: 3_600_000 },
    },
  });
  const states: AppState[] = [];
  const problems: EngineProblem[] = [];
  engine.bridge.onState((state) => states.push(state));
  engine.onProblem((problem) => problems.push(problem));
  return {
    engine,
    states,
    problems,
    failRounds: (n) => (failing = n),
    see: (verdict) => (seen = verdict),
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

const ZOOM_DOWN = verdictOf({ kind: 'app-outage', scope: 'upstream', apps: ['zoom'], summary: 'Zoom is down' });

const kinds = (state: AppState) => state.problems.map((problem) => problem.kind);

test('a failed round is in the state and heard once, until a later round brings a diagnosis', async () => {
  const r = run(null);
  try {
    await waitFor('a diagnosis', () => r.states.some((state) => state.diagnosis));
    assert.deepEqual((await r.engine.bridge.getState()).problems, []);
    r.failRounds(1);
    await r.engine.bridge.checkNow().catch(() => undefined);
    const failed = await waitFor('the problem in state', () => r.states.find((state) => state.problems.length > 0));
    assert.deepEqual(kinds(failed), ['round-failed']);
    assert.equal(failed.problems[0]?.message, 'the probes could not run (test)');
    assert.deepEqual(
      r.problems.map((problem) => problem.kind),
      ['round-failed'],
    );
    assert.deepEqual(kinds(await r.engine.bridge.getState()), ['round-failed']);

    await r.engine.bridge.checkNow();
    await waitFor('the problem cleared', () => r.states.at(-1)?.problems.length === 0);
    assert.deepEqual((await r.engine.bridge.getState()).problems, []);
  } finally {
    await r.engine.stop();
  }
});

test('a history that refuses writes shows history-failed, and it stays after writes work again', async () => {
  const dataDir = join(root, 'history');
  const r = run(dataDir);
  try {
    await waitFor('a diagnosis', () => r.states.some((state) => state.diagnosis));
    const undo = refuseHistoryWrites(dataDir);
    r.see(ZOOM_DOWN);
    await r.engine.bridge.checkNow();
    const failed = await waitFor('history-failed in state', () =>
      r.states.find((state) => kinds(state).includes('history-failed')),
    );
    assert.match(failed.problems[0]?.message ?? '', new RegExp(REFUSED_WRITE_MESSAGE.replace(/[()]/g, '\\$&')));
    assert.ok(r.problems.some((problem) => problem.kind === 'history-failed'));

    undo();
    await r.engine.bridge.checkNow();
    assert.deepEqual(
      kinds(await r.engine.bridge.getState()),
      ['history-failed'],
      'what this run recorded may be missing',
    );
  } finally {
    await r.engine.stop();
  }
});
