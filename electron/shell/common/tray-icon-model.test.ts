import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_SCOPES, VERDICT_KINDS, type Scope, type VerdictKind } from '../../contracts/diagnosis';
import { appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import {
  TRAY_ICON_STATES,
  iconPlatform,
  trayIconBadged,
  trayIconFile,
  trayIconFiles,
  trayIconState,
} from './tray-icon-model';

const running = { kind: 'running' } as const;

function stateWith(kind: VerdictKind, scope: Scope = KIND_SCOPES[kind]) {
  return appStateOf({ diagnosis: diagnosisOf(verdictOf({ kind, scope }), []) });
}

test('every verdict kind maps to the icon of its scope', () => {
  const expected: Record<VerdictKind, string> = {
    ok: 'ok',
    offline: 'local',
    lan: 'local',
    vpn: 'local',
    proxy: 'local',
    isp: 'local',
    'dns-local': 'local',
    blocked: 'blocked',
    'captive-portal': 'local',
    firewall: 'local',
    'provider-outage': 'upstream',
    'app-outage': 'upstream',
    degraded: 'degraded',
    unknown: 'unknown',
  };
  for (const kind of VERDICT_KINDS) assert.equal(trayIconState(stateWith(kind), running), expected[kind], kind);
});

test('degraded shows the degraded icon whether the slowness is local or upstream', () => {
  assert.equal(trayIconState(stateWith('degraded', 'local'), running), 'degraded');
  assert.equal(trayIconState(stateWith('degraded', 'upstream'), running), 'degraded');
});

test('paused wins over the last verdict; a running check keeps the last verdict', () => {
  const down = diagnosisOf(verdictOf({ kind: 'provider-outage', scope: 'upstream' }), []);
  assert.equal(trayIconState(appStateOf({ phase: 'paused', diagnosis: down }), running), 'paused');
  assert.equal(trayIconState(appStateOf({ phase: 'checking', diagnosis: down }), running), 'upstream');
});

test('no verdict yet: checking, or local when the monitor already backs off as offline', () => {
  assert.equal(trayIconState(appStateOf({ phase: 'starting' }), running), 'checking');
  assert.equal(trayIconState(appStateOf({ phase: 'checking' }), running), 'checking');
  assert.equal(trayIconState(appStateOf({ phase: 'offline-backoff' }), running), 'local');
  assert.equal(trayIconState(null, running), 'checking');
});

test('a restarting engine shows checking (its last state is stale); one that cannot start, unknown', () => {
  const ok = appStateOf({ diagnosis: diagnosisOf(verdictOf({}), []) });
  assert.equal(trayIconState(ok, { kind: 'restarting' }), 'checking');
  assert.equal(trayIconState(ok, { kind: 'failed', problem: 'bad config' }), 'unknown');
});

test('icon files per platform: macOS template @1x and @2x, a Windows .ico, one Linux PNG', () => {
  assert.deepEqual(trayIconFiles('ok', 'darwin'), ['darwin/tray-okTemplate.png', 'darwin/tray-okTemplate@2x.png']);
  assert.deepEqual(trayIconFiles('local', 'win32'), ['win32/tray-local.ico']);
  assert.deepEqual(trayIconFiles('paused', 'linux'), ['linux/tray-paused.png']);
  assert.equal(trayIconFile('upstream', 'darwin'), 'darwin/tray-upstreamTemplate.png');
  assert.deepEqual(trayIconFiles('ok', 'darwin', true), [
    'darwin/tray-ok-problemTemplate.png',
    'darwin/tray-ok-problemTemplate@2x.png',
  ]);
  assert.equal(trayIconFile('local', 'win32', true), 'win32/tray-local-problem.ico');
  assert.equal(trayIconFile('paused', 'linux', true), 'linux/tray-paused-problem.png');
  const all = TRAY_ICON_STATES.flatMap((s) =>
    (['darwin', 'win32', 'linux'] as const).flatMap((p) => [...trayIconFiles(s, p), ...trayIconFiles(s, p, true)]),
  );
  assert.equal(new Set(all).size, TRAY_ICON_STATES.length * 4 * 2);
});

test("a problem of the engine's own badges the verdict's icon while the engine runs", () => {
  const problem = { kind: 'history-failed', message: 'disk full', at: '2026-01-01T00:00:00.000Z' } as const;
  const ok = appStateOf({ diagnosis: diagnosisOf(verdictOf({}), []) });
  const troubled = { ...ok, problems: [problem] };
  assert.equal(trayIconBadged(ok, running), false);
  assert.equal(trayIconBadged(troubled, running), true);
  assert.equal(trayIconState(troubled, running), 'ok', 'the glyph stays the verdict');
  assert.equal(trayIconBadged(troubled, { kind: 'restarting' }), false, 'a stale state shows checking alone');
  assert.equal(trayIconBadged(troubled, { kind: 'failed', problem: 'bad config' }), false);
  assert.equal(trayIconBadged(null, running), false);
});

test('platforms other than macOS and Windows use the Linux icons', () => {
  assert.equal(iconPlatform('darwin'), 'darwin');
  assert.equal(iconPlatform('win32'), 'win32');
  assert.equal(iconPlatform('linux'), 'linux');
  assert.equal(iconPlatform('freebsd'), 'linux');
});
