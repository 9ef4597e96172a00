// A stand-in for the 'electron' module, for the first-launch simulation: the
// built main.cjs runs against it as it would in Electron. Every call is
// recorded, and every precondition Electron has (or that a first launch
// depends on) is checked and reported as a violation: files that must exist
// do, APIs that need `ready` are not used before it, userData is set before
// the single-instance lock, tray images follow each OS's rules, windows are
// secured and shown only once painted. The engine host is a real process:
// utilityProcess.fork forks the built monitor-host.cjs on this Node.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, extname, isAbsolute, join } from 'node:path';
import { StandInNotification, StandInTray, StandInWindow, type WindowOptions } from './stand-in-objects';

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
  private readonly readyPromise: Promise<void>;
  private resolveQuitted: () => void = () => undefined;
  private name = 'outage-watch';
  readonly app: Emitter & Record<string, unknown>;
  readonly module: Record<string, unknown>;

  constructor(readonly options: StandInOptions) {
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
    this.quitted = new Promise((resolve) => (this.resolveQuitted = resolve));
    this.app = this.makeApp();
    const powerMonitor = Object.assign(new Emitter(), {});
    const originalOn = powerMonitor.on.bind(powerMonitor);
    powerMonitor.on = (event: string, listener: (...args: unknown[]) => void) => {
      this.record('powerMonitor.on', [event], true);
      return originalOn(event, listener);
    };
    const exports: Record<string, unknown> = {
      app: this.app,
      BrowserWindow: this.windowClass(),
      Tray: this.trayClass(),
      Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => this.buildMenu(template) },
      nativeImage: { createFromPath: (path: string) => this.createImage(path) },
      Notification: this.notificationClass(),
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
        fork: (modulePath: string, args: string[], options: object) => this.fork(modulePath, args, options),
      },
    };
    Object.defineProperty(exports.session, 'defaultSession', { get: () => this.defaultSession(), enumerable: true });
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

  /** Electron's 'ready': main's whenReady() resolves. */
  emitReady(): void {
    this.ready = true;
    this.app.emit('will-finish-launching');
    this.app.emit('ready', {}, {});
    this.resolveReady();
  }

  private makeApp(): Emitter & Record<string, unknown> {
    const app = new Emitter() as Emitter & Record<string, unknown>;
    const { options } = this;
    let quitting = false;
    Object.assign(app, {
      isPackaged: options.packaged,
      commandLine: { getSwitchValue: () => '', hasSwitch: () => false, appendSwitch: () => undefined },
      whenReady: () => this.readyPromise,
      isReady: () => this.ready,
      setAppUserModelId: (id: string) => {
        this.record('app.setAppUserModelId', [id]);
        this.appUserModelId = id;
      },
      setName: (name: string) => {
        this.record('app.setName', [name]);
        if (this.userDataSet === null && this.called('app.getPath').length > 0)
          this.violate('app.setName after a path was read: the default paths use the name');
        this.name = name;
      },
      getName: () => this.name,
      getPath: (name: string) => {
        this.record('app.getPath', [name]);
        switch (name) {
          case 'appData':
            return options.appData;
          case 'userData':
            return this.userDataSet ?? `${options.appData}/${this.name}`;
          case 'home':
            return options.home;
          case 'exe':
            return options.exePath;
          default:
            this.violate(`app.getPath('${name}') is not simulated`);
            return `${options.home}/${name}`;
        }
      },
      setPath: (name: string, path: string) => {
        this.record('app.setPath', [name, path]);
        if (name !== 'userData') return;
        if (this.lockRequested)
          this.violate('userData set after requestSingleInstanceLock: the lock lives in userData');
        if (this.ready) this.violate('userData set after ready: Chromium has already opened its profile');
        if (!isAbsolute(path)) this.violate(`userData is not absolute: ${path}`);
        this.userDataSet = path;
      },
      enableSandbox: () => {
        this.record('app.enableSandbox');
        if (this.ready) this.violate('app.enableSandbox after ready has no effect');
      },
      requestSingleInstanceLock: () => {
        this.record('app.requestSingleInstanceLock');
        if (this.userDataSet === null) this.violate('the single-instance lock taken before userData was set');
        this.lockRequested = true;
        return !options.lockHeldElsewhere;
      },
      getAppPath: () => (this.record('app.getAppPath'), options.appPath),
      getLocale: () => (this.record('app.getLocale', [], true), options.locale),
      getLoginItemSettings: (query?: { path?: string; args?: string[] }) => {
        this.record('app.getLoginItemSettings', [query ?? {}], true);
        const enabled = this.loginItem.openAtLogin;
        const status = enabled ? (options.loginItemStatus ?? 'enabled') : 'not-registered';
        return { openAtLogin: enabled && status === 'enabled', status, executableWillLaunchAtLogin: enabled };
      },
      setLoginItemSettings: (settings: { openAtLogin: boolean; path?: string; args?: string[] }) => {
        this.record('app.setLoginItemSettings', [settings], true);
        if (options.platform === 'linux') this.violate('app.setLoginItemSettings does nothing on Linux');
        Object.assign(this.loginItem, settings);
      },
      quit: () => {
        this.record('app.quit');
        if (quitting) return;
        quitting = true;
        setImmediate(() => {
          let prevented = false;
          app.emit('before-quit', { preventDefault: () => (prevented = true) });
          if (prevented) {
            quitting = false;
            return;
          }
          app.emit('will-quit', { preventDefault: () => this.violate('will-quit prevented') });
          app.emit('quit', {}, 0);
          this.resolveQuitted();
        });
      },
    });
    if (options.platform === 'darwin') app.dock = { hide: () => this.record('app.dock.hide'), show: () => undefined };
    return app;
  }

  private defaultSession(): object {
    this.record('session.defaultSession', [], true);
    const hardened = (name: string) => (handler: unknown) => {
      this.record(`session.${name}`);
      if (typeof handler !== 'function') this.violate(`session.${name} without a handler`);
      this.sessionHardened.add(name);
    };
    return {
      setPermissionRequestHandler: hardened('setPermissionRequestHandler'),
      setPermissionCheckHandler: hardened('setPermissionCheckHandler'),
      setDevicePermissionHandler: hardened('setDevicePermissionHandler'),
      setDisplayMediaRequestHandler: hardened('setDisplayMediaRequestHandler'),
      webRequest: {
        onBeforeRequest: hardened('webRequest.onBeforeRequest'),
        onHeadersReceived: hardened('webRequest.onHeadersReceived'),
      },
      // The proxy for a URL, as Chromium resolves it (system settings, PAC): the test machine's is direct.
      resolveProxy: async (url: string) => {
        this.record('session.resolveProxy', [url]);
        return this.options.resolveProxy?.(url) ?? 'DIRECT';
      },
    };
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

  private createImage(path: string): { path: string; isEmpty: () => boolean } {
    this.record('nativeImage.createFromPath', [path]);
    // Electron returns an empty image for a missing file, silently: the tray would be invisible.
    this.checkFile('nativeImage.createFromPath', path);
    return { path, isEmpty: () => !existsSync(path) };
  }

  private buildMenu(template: MenuItemTemplate[]): Menu {
    this.record('Menu.buildFromTemplate', [template.map((item) => item.label ?? item.type)]);
    return { template };
  }

  private trayClass() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the classes main constructs report to this stand-in
    const standIn = this;
    return class Tray extends StandInTray {
      constructor(image: string | { path: string }) {
        super(standIn);
        const path = typeof image === 'string' ? image : image.path;
        standIn.record('new Tray', [path], true);
        standIn.checkTrayImage('new Tray', path);
        this.imagePath = path;
        standIn.trays.push(this);
      }
    };
  }

  private windowClass() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the classes main constructs report to this stand-in
    const standIn = this;
    return class BrowserWindow extends StandInWindow {
      constructor(options: WindowOptions) {
        super(standIn, options);
        standIn.record('new BrowserWindow', [options], true);
        for (const handler of ['setPermissionRequestHandler', 'webRequest.onBeforeRequest'])
          if (!standIn.sessionHardened.has(handler)) standIn.violate(`a window opened before session.${handler}`);
        const prefs = options.webPreferences ?? {};
        standIn.checkFile('BrowserWindow preload', prefs.preload);
        if (typeof prefs.preload === 'string' && !prefs.preload.endsWith('.cjs'))
          standIn.violate('a sandboxed preload must be CommonJS (.cjs)');
        if (prefs.sandbox !== true || prefs.contextIsolation !== true || prefs.nodeIntegration !== false)
          standIn.violate('the window is not sandboxed and isolated');
        if (options.icon !== undefined) standIn.checkFile('BrowserWindow icon', options.icon);
        if (options.show !== false) standIn.violate('the window is shown before its page has painted (show: false)');
        standIn.windows.push(this);
        standIn.app.emit('web-contents-created', {}, this.webContents);
      }
    };
  }

  private notificationClass() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the classes main constructs report to this stand-in
    const standIn = this;
    const Notification = class extends StandInNotification {
      constructor(options: { title: string; body: string; icon?: string }) {
        super(standIn, options);
        standIn.record('new Notification', [options], true);
        if (options.icon !== undefined) standIn.checkFile('Notification icon', options.icon);
        if (standIn.options.platform === 'win32' && standIn.appUserModelId === null)
          standIn.violate('a notification before app.setAppUserModelId: Windows drops it');
        standIn.notifications.push(this);
      }
      static isSupported(): boolean {
        return true;
      }
    };
    if (this.options.platform === 'win32')
      Object.assign(Notification, {
        handleActivation: (callback: unknown) => {
          standIn.record('Notification.handleActivation');
          if (typeof callback !== 'function') standIn.violate('Notification.handleActivation without a callback');
        },
      });
    return Notification;
  }

  private fork(
    modulePath: string,
    args: string[],
    options: { serviceName?: string; stdio?: unknown; execArgv?: string[] },
  ) {
    this.record('utilityProcess.fork', [modulePath, args, options], true);
    this.checkFile('utilityProcess.fork', modulePath);
    const host = new Emitter() as Emitter & Record<string, unknown>;
    // Network safety: an engine without the test's config would probe the built-in public defaults.
    const configPath = args[args.indexOf('--config') + 1];
    if (!args.includes('--config') || !configPath || !existsSync(configPath)) {
      this.violate(`the engine was started without the test's config (${configPath}): not started`);
      Object.assign(host, { postMessage: () => undefined, kill: () => undefined });
      setImmediate(() => host.emit('exit', 1));
      return host;
    }
    const child = fork(modulePath, args, {
      execPath: this.options.nodePath,
      // As Electron's utility process takes them: a flag this Node refuses stops the engine here too.
      execArgv: options.execArgv ?? [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.engines.push(child);
    child.on('message', (message: { type?: string; state?: unknown }) => {
      if (message.type === 'state') this.latestEngineState = message.state;
      host.emit('message', message);
    });
    child.on('exit', (code) => host.emit('exit', code ?? 1));
    child.on('spawn', () => host.emit('spawn'));
    Object.assign(host, {
      pid: child.pid,
      postMessage: (message: unknown) => {
        if (child.connected) child.send(message as object);
      },
      kill: () => child.kill(),
    });
    return host;
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
