// "Start at login": the OS's login items on macOS and Windows, an XDG
// autostart entry on Linux.
import { homedir } from 'node:os';
import { app } from 'electron';
import { createTranslator, type Language } from '../../i18n/translate';
import { LINUX_EXECUTABLE, PRODUCT_NAME } from '../common/app-identity';
import { isAutostartEnabled, setAutostart, type AutostartEntry } from './linux-autostart';

export interface LoginItem {
  /** null where the platform has no login items Electron can set. */
  get(): Promise<boolean | null>;
  /** Returns the state after the change. */
  set(enabled: boolean, language: Language): Promise<boolean | null>;
}

function linuxEntry(language: Language): AutostartEntry {
  // An AppImage runs from a temporary mount; $APPIMAGE is the file to start.
  const program = process.env.APPIMAGE ?? process.execPath;
  const exec = app.isPackaged ? [program] : [process.execPath, app.getAppPath()];
  return {
    id: LINUX_EXECUTABLE,
    name: PRODUCT_NAME,
    comment: createTranslator(language).t('tray:autostart.comment'),
    exec,
    icon: LINUX_EXECUTABLE,
  };
}

export function createLoginItem(platform: NodeJS.Platform): LoginItem {
  if (platform === 'darwin' || platform === 'win32') {
    return {
      get: async () => app.getLoginItemSettings().openAtLogin,
      set: async (enabled) => {
        app.setLoginItemSettings({ openAtLogin: enabled });
        return app.getLoginItemSettings().openAtLogin;
      },
    };
  }
  if (platform === 'linux') {
    const location = () => ({ home: homedir(), xdgConfigHome: process.env.XDG_CONFIG_HOME });
    return {
      get: () => isAutostartEnabled(LINUX_EXECUTABLE, location()),
      set: (enabled, language) => setAutostart(enabled, linuxEntry(language), location()),
    };
  }
  return { get: async () => null, set: async () => null };
}
