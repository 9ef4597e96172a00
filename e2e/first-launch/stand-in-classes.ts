// The classes and factories the stand-in 'electron' exports for the
// visible parts (Tray, BrowserWindow, Notification, nativeImage, Menu): each
// construction checks Electron's preconditions through the stand-in.
import { existsSync } from 'node:fs';
import type { Menu, MenuItemTemplate, StandInElectron } from './stand-in-electron';
import { StandInNotification, StandInTray, StandInWindow, type WindowOptions } from './stand-in-objects';

export function createImage(standIn: StandInElectron, path: string): { path: string; isEmpty: () => boolean } {
  standIn.record('nativeImage.createFromPath', [path]);
  // Electron returns an empty image for a missing file, silently: the tray would be invisible.
  standIn.checkFile('nativeImage.createFromPath', path);
  return { path, isEmpty: () => !existsSync(path) };
}

export function buildMenu(standIn: StandInElectron, template: MenuItemTemplate[]): Menu {
  standIn.record('Menu.buildFromTemplate', [template.map((item) => item.label ?? item.type)]);
  return { template };
}

export function trayClass(standIn: StandInElectron) {
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

export function windowClass(standIn: StandInElectron) {
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

export function notificationClass(standIn: StandInElectron) {
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
  if (standIn.options.platform === 'win32')
    Object.assign(Notification, {
      handleActivation: (callback: unknown) => {
        standIn.record('Notification.handleActivation');
        if (typeof callback !== 'function') standIn.violate('Notification.handleActivation without a callback');
        else standIn.activationHandler = callback as (details: { type: string; arguments: string }) => void;
      },
    });
  return Notification;
}
