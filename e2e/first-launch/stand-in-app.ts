// The stand-in's app (names and paths, the single-instance lock, login
// items, the quit sequence) and its default session: each records its calls
// and reports what Electron would not accept.
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import type { StandInElectron } from './stand-in-electron';

class Emitter extends EventEmitter {}

export function makeStandInApp(standIn: StandInElectron): Emitter & Record<string, unknown> {
  const app = new Emitter() as Emitter & Record<string, unknown>;
  const { options } = standIn;
  let quitting = false;
  Object.assign(app, {
    isPackaged: options.packaged,
    commandLine: { getSwitchValue: () => '', hasSwitch: () => false, appendSwitch: () => undefined },
    whenReady: () => standIn.whenReady,
    isReady: () => standIn.ready,
    setAppUserModelId: (id: string) => {
      standIn.record('app.setAppUserModelId', [id]);
      standIn.appUserModelId = id;
    },
    setName: (name: string) => {
      standIn.record('app.setName', [name]);
      if (standIn.userDataSet === null && standIn.called('app.getPath').length > 0)
        standIn.violate('app.setName after a path was read: the default paths use the name');
      standIn.appName = name;
    },
    getName: () => standIn.appName,
    getPath: (name: string) => {
      standIn.record('app.getPath', [name]);
      switch (name) {
        case 'appData':
          return options.appData;
        case 'userData':
          return standIn.userDataSet ?? `${options.appData}/${standIn.appName}`;
        case 'home':
          return options.home;
        case 'exe':
          return options.exePath;
        default:
          standIn.violate(`app.getPath('${name}') is not simulated`);
          return `${options.home}/${name}`;
      }
    },
    setPath: (name: string, path: string) => {
      standIn.record('app.setPath', [name, path]);
      if (name !== 'userData') return;
      if (standIn.lockRequested)
        standIn.violate('userData set after requestSingleInstanceLock: the lock lives in userData');
      if (standIn.ready) standIn.violate('userData set after ready: Chromium has already opened its profile');
      if (!isAbsolute(path)) standIn.violate(`userData is not absolute: ${path}`);
      standIn.userDataSet = path;
    },
    enableSandbox: () => {
      standIn.record('app.enableSandbox');
      if (standIn.ready) standIn.violate('app.enableSandbox after ready has no effect');
    },
    requestSingleInstanceLock: () => {
      standIn.record('app.requestSingleInstanceLock');
      if (standIn.userDataSet === null) standIn.violate('the single-instance lock taken before userData was set');
      standIn.lockRequested = true;
      return !options.lockHeldElsewhere;
    },
    getAppPath: () => (standIn.record('app.getAppPath'), options.appPath),
    getLocale: () => (standIn.record('app.getLocale', [], true), options.locale),
    getPreferredSystemLanguages: () => (standIn.record('app.getPreferredSystemLanguages'), [options.locale]),
    getLoginItemSettings: (query?: { path?: string; args?: string[] }) => {
      standIn.record('app.getLoginItemSettings', [query ?? {}], true);
      const enabled = standIn.loginItem.openAtLogin;
      const status = enabled ? (options.loginItemStatus ?? 'enabled') : 'not-registered';
      return { openAtLogin: enabled && status === 'enabled', status, executableWillLaunchAtLogin: enabled };
    },
    setLoginItemSettings: (settings: { openAtLogin: boolean; path?: string; args?: string[] }) => {
      standIn.record('app.setLoginItemSettings', [settings], true);
      if (options.platform === 'linux') standIn.violate('app.setLoginItemSettings does nothing on Linux');
      Object.assign(standIn.loginItem, settings);
    },
    quit: () => {
      standIn.record('app.quit');
      if (quitting) return;
      quitting = true;
      setImmediate(() => {
        let prevented = false;
        app.emit('before-quit', { preventDefault: () => (prevented = true) });
        if (prevented) {
          quitting = false;
          return;
        }
        app.emit('will-quit', { preventDefault: () => standIn.violate('will-quit prevented') });
        app.emit('quit', {}, 0);
        standIn.markQuitted();
      });
    },
  });
  if (options.platform === 'darwin') app.dock = { hide: () => standIn.record('app.dock.hide'), show: () => undefined };
  return app;
}

export function makeDefaultSession(standIn: StandInElectron): object {
  standIn.record('session.defaultSession', [], true);
  const hardened = (name: string) => (handler: unknown) => {
    standIn.record(`session.${name}`);
    if (typeof handler !== 'function') standIn.violate(`session.${name} without a handler`);
    standIn.sessionHardened.add(name);
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
      standIn.record('session.resolveProxy', [url]);
      return standIn.options.resolveProxy?.(url) ?? 'DIRECT';
    },
  };
}
