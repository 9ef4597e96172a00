import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_SCOPES, VERDICT_KINDS, type Scope, type VerdictKind } from '../../contracts/diagnosis';
import { appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { TRAY_ICON_STATES, iconPlatform, trayIconFile, trayIconFiles, trayIconState } from './tray-icon-model';

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
  const all = TRAY_ICON_STATES.flatMap((s) =>
    (['darwin', 'win32', 'linux'] as const).flatMap((p) => trayIconFiles(s, p)),
  );
  assert.equal(new Set(all).size, TRAY_ICON_STATES.length * 4);
});

test('platforms other than macOS and Windows use the Linux icons', () => {
  assert.equal(iconPlatform('darwin'), 'darwin');
  assert.equal(iconPlatform('win32'), 'win32');
  assert.equal(iconPlatform('linux'), 'linux');
  assert.equal(iconPlatform('freebsd'), 'linux');
});
