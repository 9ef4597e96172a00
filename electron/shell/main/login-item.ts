// "Start at login": the OS's login items on macOS and Windows, an XDG
// autostart entry on Linux. A development run registers Electron with this
// app's folder, under its own name, never the bare Electron binary.
import { homedir } from 'node:os';
import { app } from 'electron';
import { createTranslator, type Language } from '../../i18n/translate';
import { LINUX_EXECUTABLE, type AppIdentity } from '../common/app-identity';
import { isAutostartEnabled, setAutostart, type AutostartEntry } from './linux-autostart';
import { isLaunchAgentEnabled, setLaunchAgent } from './macos-launch-agent';

export interface LoginItem {
  /** null where the platform has no login items Electron can set. */
  get(): Promise<boolean | null>;
  /** Returns the state after the change. */
  set(enabled: boolean, language: Language): Promise<boolean | null>;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  identity: AppIdentity;
  packaged: boolean;
  /** macOS registered the item but waits for the user to allow it in System Settings. */
  onNeedsApproval: () => void;
}

/** What starts this app: the installed executable, or Electron with the app's folder. */
function launchCommand(packaged: boolean): string[] {
  // An AppImage runs from a temporary mount; $APPIMAGE is the file to start.
  const program = process.env.APPIMAGE ?? process.execPath;
  return packaged ? [program] : [process.execPath, app.getAppPath()];
}

function linuxEntry(options: LoginItemOptions, language: Language): AutostartEntry {
  return {
    id: options.identity.autostartId,
    name: options.identity.displayName,
    comment: createTranslator(language).t('tray:autostart.comment'),
    exec: launchCommand(options.packaged),
    icon: LINUX_EXECUTABLE,
  };
}

function osLoginItem(options: LoginItemOptions): LoginItem {
  // Windows keys the Run entry by executable and arguments; in development
  // those are Electron and the app folder. macOS ignores path and args.
  const [path, ...args] = launchCommand(options.packaged);
  const which = options.platform === 'win32' && !options.packaged ? { path, args } : {};
  const read = (): boolean => {
    const settings = app.getLoginItemSettings(which);
    if (settings.status === 'requires-approval') return true;
    return settings.openAtLogin;
  };
  return {
    get: async () => read(),
    set: async (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled, ...which });
      if (enabled && options.platform === 'darwin' && app.getLoginItemSettings().status === 'requires-approval')
        options.onNeedsApproval();
      return read();
    },
  };
}

export function createLoginItem(options: LoginItemOptions): LoginItem {
  const { platform, identity, packaged } = options;
  if (platform === 'darwin' && !packaged) {
    const agent = () => ({ label: identity.appId, programArguments: launchCommand(false) });
    return {
      get: () => isLaunchAgentEnabled(identity.appId, homedir()),
      set: (enabled) => setLaunchAgent(enabled, agent(), homedir()),
    };
  }
  if (platform === 'darwin' || platform === 'win32') return osLoginItem(options);
  if (platform === 'linux') {
    const location = () => ({ home: homedir(), xdgConfigHome: process.env.XDG_CONFIG_HOME });
    return {
      get: () => isAutostartEnabled(identity.autostartId, location()),
      set: (enabled, language) => setAutostart(enabled, linuxEntry(options, language), location()),
    };
  }
  return { get: async () => null, set: async () => null };
}
