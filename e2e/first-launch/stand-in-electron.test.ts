// The stand-in's own checks: each precondition it promises to watch is
// reported when broken, so a clean first-launch report means something.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { StandInElectron, type SimulatedPlatform } from './stand-in-electron';

const dir = mkdtempSync(join(tmpdir(), 'outage-watch-stand-in-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, '');
  return path;
};

function standIn(platform: SimulatedPlatform = 'linux') {
  return new StandInElectron({
    platform,
    packaged: true,
    appPath: dir,
    appData: dir,
    home: dir,
    exePath: join(dir, 'app'),
    nodePath: process.execPath,
    locale: 'en-US',
  });
}

type Ctor = new (...args: unknown[]) => Record<string, (...args: unknown[]) => unknown>;
const electron = (s: StandInElectron) => s.module as Record<string, Ctor & Record<string, unknown>>;

test('APIs that need ready are reported when used before it', () => {
  const s = standIn();
  new (electron(s).Tray as Ctor)(file('tray-ok.png'));
  void (electron(s).session as unknown as { defaultSession: unknown }).defaultSession;
  assert.deepEqual(s.violations, [
    'new Tray before the app is ready',
    'session.defaultSession before the app is ready',
  ]);
});

test('userData must be set before the lock; unknown electron APIs are reported', () => {
  const s = standIn();
  const app = electron(s).app as unknown as Record<string, (...args: unknown[]) => unknown>;
  app.requestSingleInstanceLock?.();
  app.setPath?.('userData', join(dir, 'data'));
  void electron(s).autoUpdater;
  assert.deepEqual(s.violations, [
    'the single-instance lock taken before userData was set',
    'userData set after requestSingleInstanceLock: the lock lives in userData',
    'main uses electron.autoUpdater, which the stand-in does not know: add it, with its preconditions',
  ]);
});

test('tray images follow each OS: macOS …Template.png with @2x, Windows .ico, files that exist', () => {
  const mac = standIn('darwin');
  mac.emitReady();
  new (electron(mac).Tray as Ctor)(file('tray-ok.png'));
  new (electron(mac).Tray as Ctor)(file('tray-okTemplate.png'));
  assert.deepEqual(mac.violations, [
    `new Tray: a macOS menu bar image must be a …Template.png: tray-ok.png`,
    `new Tray: no @2x image beside tray-ok.png`,
    `new Tray: no @2x image beside tray-okTemplate.png`,
  ]);
  const windows = standIn('win32');
  windows.emitReady();
  new (electron(windows).Tray as Ctor)(join(dir, 'missing.png'));
  assert.deepEqual(windows.violations, [
    `new Tray: no such file: ${join(dir, 'missing.png')}`,
    'new Tray: a Windows tray image should be an .ico: missing.png',
  ]);
});

test('windows: hardened session first, secure preferences, shown only once painted', async () => {
  const s = standIn();
  s.emitReady();
  const page = file('index.html');
  const window = new (electron(s).BrowserWindow as Ctor)({
    show: true,
    webPreferences: { preload: file('preload.js'), sandbox: false, contextIsolation: true, nodeIntegration: false },
  });
  window.maximize?.();
  await window.loadURL?.(pathToFileURL(page).toString());
  assert.deepEqual(s.violations, [
    'a window opened before session.setPermissionRequestHandler',
    'a window opened before session.webRequest.onBeforeRequest',
    'a sandboxed preload must be CommonJS (.cjs)',
    'the window is not sandboxed and isolated',
    'the window is shown before its page has painted (show: false)',
    'BrowserWindow.maximize before ready-to-show: a blank window flashes',
  ]);
});

test('a notification needs a "failed" handler, and on Windows the AppUserModelID first', () => {
  const s = standIn('win32');
  s.emitReady();
  const notification = new (electron(s).Notification as Ctor)({ title: 't', body: 'b' });
  notification.show?.();
  assert.deepEqual(s.violations, [
    'a notification before app.setAppUserModelId: Windows drops it',
    'a notification without a "failed" handler: failures go unseen',
  ]);
});
