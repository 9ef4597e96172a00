import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../i18n/translate';
import { appReport, appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { MAX_APP_LINES, MAX_LABEL_CHARS, trayMenuModel, truncateLabel, type TrayMenuItem } from './tray-menu-model';

const en = createTranslator('en');
const running = { kind: 'running' } as const;
const restarting = { kind: 'restarting' } as const;
const ar = createTranslator('ar');

const outage = diagnosisOf(
  verdictOf({
    kind: 'provider-outage',
    scope: 'upstream',
    provider: 'aws',
    region: 'us-east-1',
    summary: 'AWS us-east-1 is failing: Zoom, Alexa.',
  }),
  [
    appReport('zoom', 'Zoom', 'down'),
    appReport('alexa', 'Alexa', 'down'),
    appReport('slack', 'Slack', 'up'),
    appReport('netflix', 'Netflix', 'degraded'),
  ],
);

function labels(items: TrayMenuItem[]): string[] {
  return items.map((item) => (item.type === 'separator' ? '---' : item.label));
}

function actionOf(items: TrayMenuItem[], action: string) {
  return items.find((item) => (item.type === 'action' || item.type === 'checkbox') && item.action === action);
}

test('the menu: verdict line, one line per app with a status mark and word, then the actions', () => {
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: outage }),
    engine: running,
    startAtLogin: false,
    translator: en,
  });
  assert.deepEqual(labels(items), [
    'AWS us-east-1 is failing: Zoom, Alexa.',
    '---',
    '✗ Zoom: down',
    '✗ Alexa: down',
    '✓ Slack: up',
    '~ Netflix: slow',
    '---',
    'Check now',
    'Open Outage Watch',
    'Pause for 1 hour',
    'Start at login',
    '---',
    'Quit Outage Watch',
  ]);
  assert.deepEqual(actionOf(items, 'start-at-login'), {
    type: 'checkbox',
    action: 'start-at-login',
    label: 'Start at login',
    checked: false,
  });
  assert.equal(items[0]?.type, 'label');
});

test('start at login is a checked checkbox when on, and absent where unsupported', () => {
  const on = trayMenuModel({
    state: appStateOf({ diagnosis: outage }),
    engine: running,
    startAtLogin: true,
    translator: en,
  });
  assert.deepEqual(actionOf(on, 'start-at-login'), {
    type: 'checkbox',
    action: 'start-at-login',
    label: 'Start at login',
    checked: true,
  });
  const none = trayMenuModel({
    state: appStateOf({ diagnosis: outage }),
    engine: running,
    startAtLogin: null,
    translator: en,
  });
  assert.equal(actionOf(none, 'start-at-login'), undefined);
});

test('paused: the pause line shows until when, the action becomes Resume, and Check now is off', () => {
  const items = trayMenuModel({
    state: appStateOf({ phase: 'paused', pausedUntil: '2026-11-22T11:00:00.000Z', diagnosis: outage }),
    engine: running,
    startAtLogin: false,
    translator: en,
  });
  assert.match(labels(items)[1] ?? '', /^Paused until /);
  assert.deepEqual(actionOf(items, 'resume'), {
    type: 'action',
    action: 'resume',
    label: 'Resume watching',
    enabled: true,
  });
  assert.deepEqual(actionOf(items, 'check-now'), {
    type: 'action',
    action: 'check-now',
    label: 'Check now',
    enabled: false,
  });
  assert.equal(actionOf(items, 'pause'), undefined);
});

test('a running check shows its progress and cannot be started twice', () => {
  const items = trayMenuModel({
    state: appStateOf({ phase: 'checking', diagnosis: outage, progress: { pending: ['zoom'], done: 3, total: 4 } }),
    engine: running,
    startAtLogin: false,
    translator: en,
  });
  assert.deepEqual(actionOf(items, 'check-now'), {
    type: 'action',
    action: 'check-now',
    label: 'Checking… (3 of 4)',
    enabled: false,
  });
});

test('before the first verdict, while the engine restarts and when it cannot start, only Open and Quit work', () => {
  for (const [state, engine, first] of [
    [null, running, 'Running the first check…'],
    [null, restarting, 'The watcher stopped; restarting it…'],
    [appStateOf({ diagnosis: outage }), restarting, 'The watcher stopped; restarting it…'],
    [
      null,
      { kind: 'failed', problem: 'config.json: apps[0]: unknown app id "zom"' },
      'The watcher cannot start: config.json: apps[0]: unknown app id "zom"',
    ],
  ] as const) {
    const items = trayMenuModel({ state, engine, startAtLogin: false, translator: en });
    assert.equal(labels(items)[0], first);
    const enabled = items
      .filter((i) => i.type === 'action' && i.enabled)
      .map((i) => (i.type === 'action' ? i.action : ''));
    assert.deepEqual(enabled, ['open', 'quit']);
  }
});

test('long app lists are capped and the rest counted', () => {
  const apps = Array.from({ length: MAX_APP_LINES + 3 }, (_, i) => appReport(`app-${i}`, `App ${i}`, 'up'));
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: diagnosisOf(verdictOf({}), apps) }),
    engine: running,
    startAtLogin: null,
    translator: en,
  });
  const appLines = labels(items).filter((l) => l.startsWith('✓ App'));
  assert.equal(appLines.length, MAX_APP_LINES);
  assert.ok(labels(items).includes('…and 3 more apps'));
});

test('long verdicts are cut to the label limit with an ellipsis', () => {
  const long = 'word '.repeat(60);
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: diagnosisOf(verdictOf({ summary: long }), []) }),
    engine: running,
    startAtLogin: null,
    translator: en,
  });
  const first = labels(items)[0] ?? '';
  assert.ok(Array.from(first).length <= MAX_LABEL_CHARS);
  assert.ok(first.endsWith('…'));
  assert.equal(truncateLabel('short', 10), 'short');
});

test('Arabic: every fixed line is translated', () => {
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: outage, language: 'ar' }),
    engine: running,
    startAtLogin: true,
    translator: ar,
  });
  const text = labels(items);
  assert.ok(text.includes('افحص الآن'));
  assert.ok(text.includes('✗ \u2068Zoom\u2069: متوقف'));
  assert.ok(text.includes('أغلق مراقب الانقطاعات'));
  for (const line of text.filter((l) => l !== '---' && !l.startsWith('AWS')))
    assert.match(line, /[\u0600-\u06FF]/, line);
});

test('a problem of the engine is a line right under the verdict, in English and Arabic', () => {
  const problems = [
    { kind: 'history-failed', message: 'database or disk is full', at: '2026-11-22T10:00:00.000Z' },
    { kind: 'round-failed', message: 'spawn EAGAIN', at: '2026-11-22T10:00:00.000Z' },
  ] as const;
  const state = appStateOf({ diagnosis: outage, problems: [...problems] });
  const english = labels(trayMenuModel({ state, engine: running, startAtLogin: null, translator: en }));
  assert.deepEqual(english.slice(0, 4), [
    'AWS us-east-1 is failing: Zoom, Alexa.',
    '⚠ History is not being saved: database or disk is full',
    '⚠ The last check failed: spawn EAGAIN',
    '---',
  ]);
  const arabic = labels(trayMenuModel({ state, engine: running, startAtLogin: null, translator: ar }));
  assert.equal(arabic[1], '⚠ لا يُحفظ السجل: \u2068database or disk is full\u2069');
  const long = appStateOf({ diagnosis: outage, problems: [{ ...problems[0], message: 'x'.repeat(300) }] });
  const cut = labels(trayMenuModel({ state: long, engine: running, startAtLogin: null, translator: en }))[1] ?? '';
  assert.equal(Array.from(cut).length, MAX_LABEL_CHARS);
});
