// The first launch of the tray app, simulated where Electron cannot run:
// the built main.cjs against a stand-in 'electron' that checks every path
// and precondition, with the real engine host forked from the built bundle
// and opening its history through node:sqlite, in the development and the
// installed layout on Linux, macOS and Windows. e2e/electron.spec.ts does the
// same with the real Electron wherever its binary exists.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { BRIDGE_CALLS } from '../../electron/contracts/bridge';
import { APP_ID, appIdentity } from '../../electron/shell/common/app-identity';
import { createTranslator } from '../../electron/i18n/translate';
import { startLoopbackWorld, type LoopbackWorld } from '../../electron/testkit/loopback-world';
import { WORLD_APPS } from '../../electron/testkit/world-apps';
import { quoteExecArgument } from '../../electron/shell/main/linux-autostart';
import { ensureRendererBuilt } from '../support/renderer-build';
import type { LaunchPlan, LaunchReport, SecondInstanceReport } from './launch-child';
import { buildAppRoot, makeLayout, type Layout } from './layouts';
import { runChild } from './run-child';
import { DISPLAYS, type SimulatedPlatform } from './stand-in-electron';

const childScript = join(import.meta.dirname, 'launch-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'outage-watch-first-launch-'));
let appRoot = '';
let world: LoopbackWorld;

before(async () => {
  ensureRendererBuilt();
  appRoot = buildAppRoot(dir);
  world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 2) });
});
after(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

function listTree(folder: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out.sort();
}

function launch<Report = LaunchReport>(
  layout: Layout,
  extra: Pick<LaunchPlan, 'quitBy' | 'loginItemStatus' | 'lockHeldElsewhere' | 'locale'>,
): Promise<{ report: Report; stderr: string }> {
  return runChild<Report>(childScript, world, layout, { ...layout.plan, ...extra });
}

function checkHistory(userData: string): void {
  const db = new DatabaseSync(join(userData, 'history.sqlite'), { readOnly: true });
  try {
    assert.equal(db.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
    assert.ok(
      Number(db.prepare('SELECT COUNT(*) AS n FROM samples').get()?.n) > 0,
      'the first round is in the history',
    );
  } finally {
    db.close();
  }
}

function checkLoginItem(layout: Layout, report: LaunchReport): void {
  const { platform, packaged, exePath, appPath, home } = layout.plan;
  const identity = appIdentity(packaged);
  const { loginItem } = report.startAtLogin;
  assert.equal(report.startAtLogin.menuChecked, true);
  if (platform === 'linux') {
    const entry = readFileSync(join(home, '.config', 'autostart', `${identity.autostartId}.desktop`), 'utf8');
    const exec = /^Exec=(.*)$/m.exec(entry)?.[1] ?? '';
    const command = packaged ? [exePath] : [exePath, appPath];
    assert.equal(exec, command.map(quoteExecArgument).join(' '), 'starts the app itself');
    assert.match(entry, new RegExp(`^Name=${identity.displayName}$`, 'm'));
  } else if (platform === 'darwin' && !packaged) {
    const agent = readFileSync(join(home, 'Library', 'LaunchAgents', `${identity.appId}.plist`), 'utf8');
    assert.ok(agent.includes(`<string>${exePath}</string>`) && agent.includes(`<string>${appPath}</string>`), agent);
    assert.equal(loginItem.openAtLogin, false, 'not the OS login item (it would start the bare Electron.app)');
  } else if (platform === 'win32' && !packaged) {
    assert.deepEqual(loginItem, { openAtLogin: true, path: exePath, args: [appPath] });
  } else {
    assert.deepEqual(loginItem, { openAtLogin: true });
  }
}

const RUNS: {
  platform: SimulatedPlatform;
  packaged: boolean;
  extra: Pick<LaunchPlan, 'quitBy' | 'loginItemStatus'>;
}[] = [
  { platform: 'linux', packaged: false, extra: { quitBy: 'tray' } },
  { platform: 'linux', packaged: true, extra: { quitBy: 'shutdown' } },
  { platform: 'darwin', packaged: false, extra: { quitBy: 'tray' } },
  { platform: 'darwin', packaged: true, extra: { quitBy: 'tray', loginItemStatus: 'requires-approval' } },
  { platform: 'win32', packaged: false, extra: { quitBy: 'tray' } },
  { platform: 'win32', packaged: true, extra: { quitBy: 'tray' } },
];

for (const run of RUNS) {
  const label = `${run.platform} ${run.packaged ? 'packaged' : 'dev'}`;
  test(`first launch, ${label}: start, first verdict, window, IPC, start at login, quit (${run.extra.quitBy})`, async () => {
    const layout = makeLayout(run.platform, run.packaged, appRoot, join(dir, label.replace(' ', '-')));
    const installedBefore = layout.installDir ? listTree(layout.installDir) : [];
    const { report, stderr } = await launch(layout, run.extra);
    if (process.env.FIRST_LAUNCH_REPORTS)
      writeFileSync(join(process.env.FIRST_LAUNCH_REPORTS, `${label}.json`), JSON.stringify(report, null, 2));

    assert.deepEqual(report.violations, [], `Electron preconditions broken:\n${report.violations.join('\n')}`);
    assert.equal(report.userData, layout.userData, 'the data folder of this identity');
    const identity = appIdentity(run.packaged);
    assert.equal(identity.appId === APP_ID, run.packaged, 'a dev run has an app id of its own');
    assert.equal(
      report.appUserModelId,
      run.platform === 'win32' && !run.packaged ? layout.plan.exePath : identity.appId,
    );

    assert.match(report.firstVerdict.tooltip, /^Outage Watch: /);
    assert.ok(
      report.firstVerdict.icon.startsWith(layout.iconRoot),
      `${report.firstVerdict.icon} in ${layout.iconRoot}`,
    );

    const primary = DISPLAYS.find((display) => display.primary)?.workArea;
    const { bounds } = report.window;
    assert.ok(
      primary && bounds.x >= primary.x && bounds.x + bounds.width <= primary.x + primary.width,
      'on the primary',
    );
    assert.equal(report.window.visible, true);
    assert.ok(report.window.url.startsWith('file://') && report.window.url.includes('/dist/renderer/index.html'));

    assert.deepEqual(report.page.bridge, [...BRIDGE_CALLS, 'onState'].sort());
    assert.equal(report.page.verdictKind, 'ok');
    assert.ok(report.page.pushedStates > 0);
    for (const [what, answer] of Object.entries(report.page.refused)) assert.match(answer, /refused/, what);
    assert.match(stderr, /IPC refused from https:\/\/attacker\.example\//);

    checkLoginItem(layout, report);
    if (run.extra.loginItemStatus === 'requires-approval') {
      assert.deepEqual(report.startAtLogin.notices, ['Allow Outage Watch to start at login']);
      assert.deepEqual(report.startAtLogin.openedExternal, [
        'x-apple.systempreferences:com.apple.LoginItems-Settings.extension',
      ]);
    } else assert.deepEqual(report.startAtLogin.openedExternal, []);

    const { notification } = report;
    assert.match(notification.clickOpened, /\/dist\/renderer\/index\.html#\/history\/7$/, 'a click opens the incident');
    if (run.platform === 'win32') {
      assert.equal(notification.toastLaunch, '#/history/9', "the toast's launch arguments carry its route");
      assert.match(
        notification.activationOpened ?? '',
        /index\.html#\/history\/9$/,
        'an activation opens its incident',
      );
      assert.equal(
        notification.foreignActivationOpened,
        notification.activationOpened,
        'a foreign route opens nothing',
      );
      assert.ok(report.apis.includes('Notification.handleActivation'));
    } else {
      assert.deepEqual([notification.toastLaunch, notification.activationOpened], [null, null]);
      assert.ok(!report.apis.includes('Notification.handleActivation'));
    }
    assert.equal(report.quit.trayDestroyed, true);
    assert.equal(report.quit.windowDestroyed, true);
    if (run.extra.quitBy === 'tray') {
      assert.deepEqual(report.quit.engineExitCodes, [0], 'the engine closed its history and exited');
      assert.equal(report.quit.beforeQuit, 2, 'one quit held for the engine, then the real one');
    } else {
      assert.equal(report.quit.beforeQuit, 1, 'a logout is never held up');
    }
    assert.ok(existsSync(join(layout.userData, 'window-bounds.json')), 'the window place saved before quitting');
    checkHistory(layout.userData);
    if (layout.installDir)
      assert.deepEqual(listTree(layout.installDir), installedBefore, 'nothing written into the app');
  });
}

test('a second start of the same identity says on stderr that one runs, and only quits', async () => {
  const layout = makeLayout('linux', true, appRoot, join(dir, 'second-instance'));
  const { report, stderr } = await launch<SecondInstanceReport>(layout, { quitBy: 'tray', lockHeldElsewhere: true });
  assert.deepEqual(report, { violations: [], quitCalls: 1, trays: 0, engines: 0, windows: 0 });
  assert.match(
    stderr,
    new RegExp(
      `^Outage Watch is already running with the data folder ${layout.userData}; its window is brought forward instead\\.$`,
      'm',
    ),
  );
});

test('in Arabic, the second start says so in Arabic (tray.json)', async () => {
  const layout = makeLayout('linux', false, appRoot, join(dir, 'second-instance-ar'));
  const { report, stderr } = await launch<SecondInstanceReport>(layout, {
    quitBy: 'tray',
    lockHeldElsewhere: true,
    locale: 'ar-EG',
  });
  assert.deepEqual(report.violations, []);
  const line = createTranslator('ar').t('tray:instance.alreadyRunning', {
    app: appIdentity(false).displayName,
    folder: layout.userData,
  });
  assert.match(line, /يعمل بالفعل/);
  assert.ok(stderr.split('\n').includes(line), stderr);
});
