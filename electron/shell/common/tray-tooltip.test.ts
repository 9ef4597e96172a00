import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineProblem } from '../../contracts/bridge';
import { createTranslator } from '../../i18n/translate';
import { appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { MAX_TOOLTIP_UNITS, limitUtf16, trayTooltip } from './tray-tooltip';

const en = createTranslator('en');
const running = { kind: 'running' } as const;
const ar = createTranslator('ar');

test('the tooltip is the verdict summary', () => {
  const state = appStateOf({ diagnosis: diagnosisOf(verdictOf({ summary: 'You are offline.' }), []) });
  assert.equal(trayTooltip(state, running, en), 'Outage Watch: You are offline.');
});

test('starting, paused, restarting and failed tooltips', () => {
  assert.equal(trayTooltip(null, running, en), 'Outage Watch: running the first check…');
  assert.equal(trayTooltip(null, { kind: 'restarting' }, en), 'Outage Watch: the watcher stopped; restarting it…');
  assert.equal(
    trayTooltip(null, { kind: 'failed', problem: 'bad config' }, en),
    'Outage Watch cannot start: bad config',
  );
  const paused = trayTooltip(appStateOf({ phase: 'paused', pausedUntil: '2026-11-22T11:00:00.000Z' }), running, en);
  assert.match(paused, /^Outage Watch: paused until .+/);
});

test('long summaries stay within the 127 UTF-16 units Windows shows, in English and Arabic', () => {
  for (const [translator, summary] of [
    [
      en,
      'AWS us-east-1 is failing: Zoom, Alexa, Prime Video, Slack, Netflix, Disney+, Fortnite, Roblox, Venmo, Coinbase and 12 more apps.',
    ],
    [
      ar,
      'خدمة AWS في المنطقة us-east-1 متعطلة: Zoom و Alexa و Prime Video و Slack و Netflix و Disney+ و Fortnite و Roblox و Venmo و 12 تطبيقًا آخر.',
    ],
  ] as const) {
    const text = trayTooltip(appStateOf({ diagnosis: diagnosisOf(verdictOf({ summary }), []) }), running, translator);
    assert.ok(text.length <= MAX_TOOLTIP_UNITS, `${text.length} units`);
    assert.ok(text.endsWith('…'));
  }
});

test('cutting never splits a surrogate pair', () => {
  const text = '😀'.repeat(100);
  const cut = limitUtf16(text, 127);
  assert.ok(cut.length <= 127);
  assert.equal(cut, `${'😀'.repeat(63)}…`);
  assert.equal(limitUtf16('short', 127), 'short');
});

test('a problem is a second line that is never cut, within the 127 units, in English and Arabic', () => {
  const problems: EngineProblem[] = [
    { kind: 'history-failed', message: 'database or disk is full', at: '2026-11-22T10:00:00.000Z' },
  ];
  const short = appStateOf({ diagnosis: diagnosisOf(verdictOf({ summary: 'You are offline.' }), []), problems });
  assert.equal(trayTooltip(short, running, en), 'Outage Watch: You are offline.\nHistory is not being saved');
  const long = appStateOf({
    diagnosis: diagnosisOf(verdictOf({ summary: 'Zoom, Slack and more. '.repeat(10) }), []),
    problems,
  });
  for (const translator of [en, ar]) {
    const text = trayTooltip(long, running, translator);
    assert.ok(text.length <= MAX_TOOLTIP_UNITS, `${text.length} units`);
    assert.equal(text.split('\n')[1], translator.t('tray:tooltip.problem.history-failed'));
  }
  assert.equal(trayTooltip(long, { kind: 'restarting' }, en), 'Outage Watch: the watcher stopped; restarting it…');
});
