// A stand-in for the 'electron' module, for the first-launch simulation: the
// built main.cjs runs against it as it would in Electron. Every call is
// recorded, and every precondition Electron has (or that a first launch
// depends on) is checked and reported as a violation: files that must exist
// do, APIs that need `ready` are not used before it, userData is set before
// the single-instance lock, tray images follow each OS's rules, windows are
// secured and shown only once painted. The engine host is a real process:
// utilityProcess.fork forks the built monitor-host.cjs on this Node.
// The module and its bookkeeping are here; the app and session are in
// stand-in-app.ts, the tray, window and notification classes in
// stand-in-classes.ts (their objects in stand-in-objects.ts), the engine's
// fork in stand-in-engine.ts.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, extname, isAbsolute, join } from 'node:path';
import { makeDefaultSession, makeStandInApp } from './stand-in-app';
import { buildMenu, createImage, notificationClass, trayClass, windowClass } from './stand-in-classes';
import { forkEngine } from './stand-in-engine';
import type { StandInNotification, StandInTray, StandInWindow } from './stand-in-objects';

export type SimulatedPlatform = 'linux' | 'darwin' | 'win32';

export interface StandInOptions {
  platform: SimulatedPlatform;
  packaged: boolean;
  appPath: string;
  appData: string;
  home: string;
  /** process.execPath as main sees it (Electron's binary, or the installed app's). */
  exePath: string;
  /** The Node that runs the engine host. */
  nodePath: string;
  locale: string;
  /** Another instance of this identity runs: requestSingleInstanceLock refuses. */
  lockHeldElsewhere?: boolean;
  /** macOS: what getLoginItemSettings reports after an item is registered. */
  loginItemStatus?: 'enabled' | 'requires-approval';
  /** What Chromium's resolveProxy answers for a URL (system settings, PAC); absent: DIRECT, as on this machine. */
  resolveProxy?: (url: string) => string;
}

export interface CallRecord {
  api: string;
  args: unknown[];
  afterReady: boolean;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A secondary display listed first: the order Electron gives is not the primary's. */
export const DISPLAYS = [
  { id: 2, workArea: { x: 1920, y: 0, width: 1280, height: 1000 }, primary: false },
  { id: 1, workArea: { x: 0, y: 25, width: 1920, height: 1055 }, primary: true },
];

export type Menu = { template: MenuItemTemplate[] };
export interface MenuItemTemplate {
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: (item: { checked: boolean }, window: undefined, event: object) => void;
}

class Emitter extends EventEmitter {}

export class StandInElectron {
  readonly calls: CallRecord[] = [];
  readonly violations: string[] = [];
  readonly windows: StandInWindow[] = [];
  readonly trays: StandInTray[] = [];
  readonly notifications: StandInNotification[] = [];
  readonly engines: ChildProcess[] = [];
  /** What main holds of each engine: a test may post to main through one as that engine would. */
  readonly engineHosts: EventEmitter[] = [];
  /** Windows: what main gave Notification.handleActivation (a toast clicked in Action Center after a restart). */
  activationHandler: ((details: { type: string; arguments: string }) => void) | null = null;
  /** The last state an engine host posted to main (its AppState), null before the first. */
  latestEngineState: unknown = null;
  readonly ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  readonly loginItem: { openAtLogin: boolean; path?: string; args?: string[] } = { openAtLogin: false };
  ready = false;
  userDataSet: string | null = null;
  appUserModelId: string | null = null;
  lockRequested = false;
  sessionHardened = new Set<string>();
  readonly quitted: Promise<void>;
  private resolveReady: () => void = () => undefined;
  /** What app.whenReady() returns. */
  readonly whenReady: Promise<void>;
  private resolveQuitted: () => void = () => undefined;
  /** What app.getName() says; userData's default folder is named after it. */
  appName = 'outage-watch';
  readonly app: Emitter & Record<string, unknown>;
  readonly module: Record<string, unknown>;

  constructor(readonly options: StandInOptions) {
    this.whenReady = new Promise((resolve) => (this.resolveReady = resolve));
    this.quitted = new Promise((resolve) => (this.resolveQuitted = resolve));
    this.app = makeStandInApp(this);
    const powerMonitor = Object.assign(new Emitter(), {});
    const originalOn = powerMonitor.on.bind(powerMonitor);
    powerMonitor.on = (event: string, listener: (...args: unknown[]) => void) => {
      this.record('powerMonitor.on', [event], true);
      return originalOn(event, listener);
    };
    const exports: Record<string, unknown> = {
      app: this.app,
      BrowserWindow: windowClass(this),
      Tray: trayClass(this),
      Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => buildMenu(this, template) },
      nativeImage: { createFromPath: (path: string) => createImage(this, path) },
      Notification: notificationClass(this),
      ipcMain: {
        handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
          this.record('ipcMain.handle', [channel]);
          this.ipcHandlers.set(channel, handler);
        },
        removeHandler: (channel: string) => {
          this.record('ipcMain.removeHandler', [channel]);
          this.ipcHandlers.delete(channel);
        },
      },
      net: { isOnline: () => (this.record('net.isOnline', [], true), true) },
      powerMonitor,
      nativeTheme: Object.assign(new Emitter(), { shouldUseDarkColors: false }),
      screen: {
        getPrimaryDisplay: () => (this.record('screen.getPrimaryDisplay', [], true), DISPLAYS[1]),
        getAllDisplays: () => (this.record('screen.getAllDisplays', [], true), DISPLAYS),
      },
      session: {},
      shell: {
        openExternal: async (url: string) => {
          this.record('shell.openExternal', [url]);
        },
      },
      utilityProcess: {
        fork: (modulePath: string, args: string[], options: object) => forkEngine(this, modulePath, args, options),
      },
    };
    Object.defineProperty(exports.session, 'defaultSession', { get: () => makeDefaultSession(this), enumerable: true });
    this.module = new Proxy(exports, {
      get: (target, key) => {
        if (typeof key === 'string' && !(key in target) && key !== '__esModule' && key !== 'default')
          this.violate(`main uses electron.${key}, which the stand-in does not know: add it, with its preconditions`);
        return key === 'default' ? target : target[key as string];
      },
    });
  }

  record(api: string, args: unknown[] = [], needsReady = false): void {
    this.calls.push({ api, args, afterReady: this.ready });
    if (needsReady && !this.ready) this.violate(`${api} before the app is ready`);
  }

  violate(problem: string): void {
    if (!this.violations.includes(problem)) this.violations.push(problem);
  }

  called(api: string): CallRecord[] {
    return this.calls.filter((call) => call.api === api);
  }

  /** A file main hands to Electron: absolute and present. */
  checkFile(api: string, path: unknown): void {
    if (typeof path !== 'string' || !isAbsolute(path)) this.violate(`${api}: not an absolute path: ${String(path)}`);
    else if (!existsSync(path)) this.violate(`${api}: no such file: ${path}`);
  }

  /** The app has quit: `quitted` resolves. */
  markQuitted(): void {
    this.resolveQuitted();
  }

  /** Electron's 'ready': main's whenReady() resolves. */
  emitReady(): void {
    this.ready = true;
    this.app.emit('will-finish-launching');
    this.app.emit('ready', {}, {});
    this.resolveReady();
  }

  checkTrayImage(api: string, path: string): void {
    this.checkFile(api, path);
    const name = basename(path);
    switch (this.options.platform) {
      case 'darwin': {
        if (!name.endsWith('Template.png'))
          this.violate(`${api}: a macOS menu bar image must be a …Template.png: ${name}`);
        const retina = path.replace(/\.png$/, '@2x.png');
        if (!existsSync(retina)) this.violate(`${api}: no @2x image beside ${name}`);
        return;
      }
      case 'win32':
        if (extname(name) !== '.ico') this.violate(`${api}: a Windows tray image should be an .ico: ${name}`);
        return;
      case 'linux':
        if (extname(name) !== '.png') this.violate(`${api}: a Linux tray image should be a PNG: ${name}`);
    }
  }
}

/**
 * Makes this process look like Electron's main process on the stand-in's OS
 * (process.platform, execPath, resourcesPath), runs the built main.cjs with
 * 'electron' resolving to the stand-in, and fires 'ready'.
 */
export function startMain(standIn: StandInElectron, paths: { appPath: string; resourcesPath: string }): void {
  Object.defineProperty(process, 'platform', { value: standIn.options.platform });
  process.execPath = standIn.options.exePath;
  Object.assign(process, { resourcesPath: paths.resourcesPath });
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? standIn.module : load.call(this, request, ...rest);
  };
  createRequire(import.meta.url)(join(paths.appPath, 'dist-electron', 'main.cjs'));
  standIn.emitReady();
}

/** Waits for the app to quit (at most 20 s, `why` names the way it was asked to) and for its engines to exit: their exit codes. */
export async function quitAndEngineExits(standIn: StandInElectron, why: string): Promise<(number | null)[]> {
  const quitTimeout = new Promise<never>((_resolve, reject) =>
    setTimeout(() => reject(new Error(`the app did not quit within 20 s (${why})`)), 20_000).unref(),
  );
  await Promise.race([standIn.quitted, quitTimeout]);
  return Promise.all(
    standIn.engines.map((child) =>
      child.exitCode !== null || child.signalCode !== null
        ? child.exitCode
        : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
    ),
  );
}
