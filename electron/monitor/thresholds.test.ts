import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../contracts/diagnosis';
import { verdictOf } from './test-verdicts';
import {
  INITIAL_THRESHOLD_STATE,
  confirmDueAt,
  observeLook,
  verdictSignature,
  type ThresholdChange,
  type ThresholdSettings,
  type ThresholdState,
} from './thresholds';

const ok = verdictOf('ok');
const offline = verdictOf('offline');
const awsOutage = verdictOf('provider-outage', { provider: 'aws', region: 'us-east-1', apps: ['zoom', 'alexa'] });
const zoomDown = verdictOf('app-outage', { apps: ['zoom'] });
const slackDown = verdictOf('app-outage', { apps: ['slack'] });

/** Feeds looks three seconds apart (the default minimum span); returns the changes and the final state. */
function feed(verdicts: Verdict[], settings?: ThresholdSettings, start: ThresholdState = INITIAL_THRESHOLD_STATE) {
  let state = start;
  const changes: ThresholdChange[] = [];
  verdicts.forEach((verdict, index) => {
    const step = observeLook(state, { verdict, at: 3000 * (index + 1) }, settings);
    state = step.state;
    changes.push(step.change);
  });
  return { state, changes };
}

test('the first ok look is confirmed at once', () => {
  const { state, changes } = feed([ok]);
  assert.deepEqual(changes, ['confirmed']);
  assert.equal(state.confirmed?.kind, 'ok');
  assert.equal(state.confirmedSince, 3000);
});

test('a failure at start still needs confirming', () => {
  const { state, changes } = feed([awsOutage, awsOutage]);
  assert.deepEqual(changes, ['pending', 'confirmed']);
  assert.equal(state.confirmed?.kind, 'provider-outage');
  assert.equal(state.confirmedSince, 3000, 'the incident began at the first failing look');
});

test('one failing look between ok looks changes nothing', () => {
  const { state, changes } = feed([ok, awsOutage, ok, ok]);
  assert.deepEqual(changes, ['confirmed', 'pending', 'steady', 'steady']);
  assert.equal(state.confirmed?.kind, 'ok');
});

test('alternating ok and failing looks never flap, whichever side is confirmed', () => {
  const alternating = [ok, zoomDown, ok, zoomDown, ok, zoomDown, ok, zoomDown, ok];
  const fromOk = feed(alternating);
  assert.equal(fromOk.changes.filter((c) => c === 'confirmed').length, 1, 'only the first ok');
  assert.equal(fromOk.state.confirmed?.kind, 'ok');

  const fromFailure = feed([zoomDown, zoomDown, ...alternating.slice(0, -1)]);
  assert.equal(fromFailure.changes.filter((c) => c === 'confirmed').length, 1, 'only the first failure');
  assert.equal(fromFailure.state.confirmed?.kind, 'app-outage');
});

test('offline is declared once however long it lasts', () => {
  const { changes, state } = feed([ok, offline, offline, offline, offline, offline, offline]);
  assert.deepEqual(changes, ['confirmed', 'pending', 'confirmed', 'steady', 'steady', 'steady', 'steady']);
  assert.equal(state.confirmed?.kind, 'offline');
});

test('leaving ok, two different failing looks in a row confirm the latest', () => {
  const { state, changes } = feed([ok, zoomDown, awsOutage]);
  assert.deepEqual(changes, ['confirmed', 'pending', 'confirmed']);
  assert.equal(state.confirmed?.kind, 'provider-outage');
});

test('between two failures the new one must repeat itself', () => {
  const { state, changes } = feed([awsOutage, awsOutage, offline, awsOutage, offline, offline]);
  assert.deepEqual(changes, ['pending', 'confirmed', 'pending', 'steady', 'pending', 'confirmed']);
  assert.equal(state.confirmed?.kind, 'offline');
});

test('alternating between two failures keeps the confirmed one', () => {
  const { state } = feed([awsOutage, awsOutage, zoomDown, awsOutage, zoomDown, awsOutage, zoomDown]);
  assert.equal(state.confirmed?.kind, 'provider-outage');
});

test('recovery needs the success threshold', () => {
  const settings = { failureThreshold: 2, successThreshold: 3, minSpanMs: 3000 };
  const { changes, state } = feed([awsOutage, awsOutage, ok, ok, ok], settings);
  assert.deepEqual(changes, ['pending', 'confirmed', 'pending', 'pending', 'confirmed']);
  assert.equal(state.confirmed?.kind, 'ok');
  assert.equal(state.confirmedSince, 9000);
});

test('a failing look during recovery restarts the count', () => {
  const { state } = feed([awsOutage, awsOutage, ok, awsOutage, ok]);
  assert.equal(state.confirmed?.kind, 'provider-outage');
});

test('thresholds of one switch on every look', () => {
  const { changes } = feed([ok, zoomDown, ok], { failureThreshold: 1, successThreshold: 1, minSpanMs: 0 });
  assert.deepEqual(changes, ['confirmed', 'confirmed', 'confirmed']);
});

test('an app joining a provider outage updates it without a new confirmation', () => {
  const wider = { ...awsOutage, apps: ['zoom', 'alexa', 'primevideo'] };
  const { changes, state } = feed([awsOutage, awsOutage, wider]);
  assert.deepEqual(changes, ['pending', 'confirmed', 'updated']);
  assert.deepEqual(state.confirmed?.apps, ['zoom', 'alexa', 'primevideo']);
  assert.equal(state.confirmedSince, 3000, 'the incident keeps its start');
});

test('another app failing on its own is another situation', () => {
  assert.notEqual(verdictSignature(zoomDown), verdictSignature(slackDown));
  const { changes, state } = feed([zoomDown, zoomDown, slackDown, slackDown]);
  assert.deepEqual(changes, ['pending', 'confirmed', 'pending', 'confirmed']);
  assert.deepEqual(state.confirmed?.apps, ['slack']);
});

test('the same verdict with other wording is steady', () => {
  const reworded = { ...awsOutage, summary: 'other words', confidence: 0.5 };
  const { changes } = feed([awsOutage, awsOutage, reworded]);
  assert.deepEqual(changes, ['pending', 'confirmed', 'steady']);
});

test('exhaustive: every sequence of 6 looks over 3 verdicts obeys the rules', () => {
  const choices = [ok, zoomDown, offline];
  const settings = { failureThreshold: 2, successThreshold: 2, minSpanMs: 0 };
  for (let code = 0; code < 3 ** 6; code++) {
    const looks: Verdict[] = [];
    for (let i = 0, rest = code; i < 6; i++, rest = Math.floor(rest / 3)) looks.push(choices[rest % 3] as Verdict);
    let state = INITIAL_THRESHOLD_STATE;
    looks.forEach((verdict, index) => {
      const before = state.confirmed;
      const step = observeLook(state, { verdict, at: index }, settings);
      state = step.state;
      if (step.change !== 'confirmed' || before === null) return;
      const previous = looks[index - 1];
      // A change away from the confirmed verdict always rests on two agreeing looks.
      assert.ok(previous, `sequence ${code}: a change needs a previous look`);
      if (verdict.kind === 'ok' || before.kind !== 'ok') {
        assert.equal(verdictSignature(previous), verdictSignature(verdict), `sequence ${code} look ${index}`);
      } else {
        assert.notEqual(previous.kind, 'ok', `sequence ${code} look ${index}`);
      }
    });
  }
});

test('two agreeing looks closer than the minimum span do not confirm; a later third does', () => {
  let state = feed([ok]).state;
  const at = (ms: number, verdict: Verdict) => {
    const step = observeLook(state, { verdict, at: ms });
    state = step.state;
    return step.change;
  };
  assert.equal(at(10_000, offline), 'pending');
  assert.equal(at(11_500, offline), 'pending', '1.5 s apart: a blip could explain both');
  assert.equal(confirmDueAt(state), 13_000, 'the look that may confirm starts once the span is covered');
  assert.equal(at(13_000, offline), 'confirmed');
  assert.equal(state.confirmedSince, 10_000);
});

test('a blip shorter than the span never changes the verdict, however many looks see it', () => {
  let state = feed([ok]).state;
  const changes: ThresholdChange[] = [];
  for (const [ms, verdict] of [
    [10_000, zoomDown],
    [10_500, zoomDown],
    [11_000, zoomDown],
    [12_900, zoomDown],
    [13_500, ok],
    [17_000, ok],
  ] as const) {
    const step = observeLook(state, { verdict, at: ms });
    state = step.state;
    changes.push(step.change);
  }
  assert.deepEqual(changes, ['pending', 'pending', 'pending', 'pending', 'steady', 'steady']);
  assert.equal(state.confirmed?.kind, 'ok');
});

test('recovery needs the same span', () => {
  let state = feed([zoomDown, zoomDown]).state;
  const step1 = observeLook(state, { verdict: ok, at: 20_000 });
  const step2 = observeLook(step1.state, { verdict: ok, at: 21_000 });
  assert.equal(step2.change, 'pending');
  state = observeLook(step2.state, { verdict: ok, at: 23_000 }).state;
  assert.equal(state.confirmed?.kind, 'ok');
});
