// The Electron main process: a tray icon over the engine. The engine (the
// monitor, its probes and database) runs in a utility process so a stall or
// crash never freezes the tray; this file wires OS events to it and its
// state to the tray, notifications and window.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, net, powerMonitor, session, shell, utilityProcess } from 'electron';
import type { AppState } from '../../contracts/bridge';
import { ENGINE_V8_FLAGS } from '../../contracts/engine-runtime';
import { createTranslator, resolveLanguage, type Language } from '../../i18n/translate';
import { PRODUCT_NAME, appIdentity } from '../common/app-identity';
import type { EngineStatus } from '../common/engine-status';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpc, sendState } from './ipc';
import { createLoginItem } from './login-item';
import { hostArguments, type NetworkChangeReason } from '../common/monitor-protocol';
import { MonitorSupervisor, type HostProcess } from './monitor-supervisor';
import { NotificationPresenter } from './notifications';
import { watchOnline } from './online-watch';
import { TrayController } from './tray';
import type { TrayAction } from '../common/tray-menu-model';
import { MainWindow } from './window';

const identity = appIdentity(app.isPackaged);
// Windows ties notifications to this id; set before anything can show one. A
// development run has no Start-menu shortcut for an id of its own, and
// Windows shows toasts of such a run only under the executable's path.
app.setAppUserModelId(process.platform === 'win32' && !app.isPackaged ? process.execPath : identity.appId);
app.setName(PRODUCT_NAME);
// The installed app and a development run each have their own data folder
// (history, config and the single-instance lock live there); the name is
// set here because package.json's differs. --user-data-dir wins (tests).
app.setPath(
  'userData',
  app.commandLine.getSwitchValue('user-data-dir') || join(app.getPath('appData'), identity.dataFolderName),
);
// Every renderer sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Before ready, app.getLocale() is not there yet; the OS's preferred languages are.
  const { t } = createTranslator(resolveLanguage('auto', app.getPreferredSystemLanguages()[0]));
  console.error(t('tray:instance.alreadyRunning', { app: identity.displayName, folder: app.getPath('userData') }));
  app.quit();
} else {
  void app.whenReady().then(startShell);
}

function startShell(): void {
  const appRoot = app.getAppPath();
  const rendererDir = join(appRoot, 'dist', 'renderer');
  const rendererUrl = pathToFileURL(join(rendererDir, 'index.html')).toString();
  const iconRoot = app.isPackaged
    ? join(process.resourcesPath, 'icons')
    : join(appRoot, 'resources', 'icons', 'generated');
  const windowIcon = process.platform === 'linux' ? join(iconRoot, 'app', 'linux', '256x256.png') : undefined;
  const userData = app.getPath('userData');
  const loginItem = createLoginItem({
    platform: process.platform,
    identity,
    packaged: app.isPackaged,
    onNeedsApproval: () => {
      const { t } = createTranslator(language());
      notifications.showNotice(
        t('tray:loginItem.approvalTitle'),
        t('tray:loginItem.approvalBody'),
        openLoginItemsSettings,
      );
      openLoginItemsSettings();
    },
  });

  let state: AppState | null = null;
  let engine: EngineStatus = { kind: 'running' };
  let startAtLogin: boolean | null = null;
  let quitting = false;
  let systemShuttingDown = false;

  const language = (): Language => state?.language ?? resolveLanguage('auto', app.getLocale());
  const withShellState = (engineState: AppState): AppState => ({ ...engineState, startAtLogin });

  hardenSession(session.defaultSession, rendererDir);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const window = new MainWindow({
    rendererUrl,
    preloadPath: join(__dirname, 'preload.cjs'),
    boundsFile: join(userData, 'window-bounds.json'),
    iconPath: windowIcon,
    title: () => createTranslator(language()).t('tray:window.title'),
    isQuitting: () => quitting,
    onPageGaveUp: () => {
      const { t } = createTranslator(language());
      notifications.showNotice(t('tray:window.crashedTitle'), t('tray:window.crashedBody'), () => window.show());
    },
  });

  const supervisor = new MonitorSupervisor({
    spawn: (): HostProcess => {
      const child = utilityProcess.fork(
        join(__dirname, 'monitor-host.cjs'),
        hostArguments({ dataDir: userData, configPath: join(userData, 'config.json'), systemLocale: app.getLocale() }),
        { serviceName: `${PRODUCT_NAME} engine`, stdio: 'inherit', execArgv: [...ENGINE_V8_FLAGS] },
      );
      return {
        postMessage: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', listener),
        kill: () => void child.kill(),
      };
    },
    // The proxy the person's apps use for each URL: system settings and PAC, as Chromium resolves them.
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
  });

  const notifications = new NotificationPresenter((route) => window.show(route), windowIcon, process.platform);

  const refreshTray = (): void =>
    tray.update({ state, engine, startAtLogin, translator: createTranslator(language()) });

  const setStartAtLogin = async (enabled: boolean): Promise<boolean> => {
    startAtLogin = await loginItem.set(enabled, language());
    refreshTray();
    if (state) sendState(window.webContents, withShellState(state));
    return startAtLogin ?? false;
  };

  const onTrayAction = (action: TrayAction, checked?: boolean): void => {
    switch (action) {
      case 'open':
        window.show();
        return;
      case 'check-now':
        void supervisor.call('checkNow', []).catch(() => undefined);
        return;
      case 'pause':
        void supervisor.call('pause', [60]).catch(() => undefined);
        return;
      case 'resume':
        void supervisor.call('resume', []).catch(() => undefined);
        return;
      case 'start-at-login':
        void setStartAtLogin(checked ?? false).catch(() => refreshTray());
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  const tray = new TrayController(
    { iconDir: join(iconRoot, 'tray'), platform: process.platform, onAction: onTrayAction },
    { state, engine, startAtLogin, translator: createTranslator(language()) },
  );

  supervisor.on('state', (next) => {
    const languageChanged = next.language !== state?.language;
    state = next;
    engine = { kind: 'running' };
    refreshTray();
    if (languageChanged) window.setTitle(createTranslator(next.language).t('tray:window.title'));
    sendState(window.webContents, withShellState(next));
  });
  supervisor.on('notification', (notification) => notifications.show(notification));
  supervisor.on('engine-down', (down) => {
    engine = down ? { kind: 'restarting' } : { kind: 'running' };
    refreshTray();
  });
  supervisor.on('fatal', (problem) => {
    engine = { kind: 'failed', problem };
    refreshTray();
  });

  const disposeIpc = registerIpc({ rendererUrl, supervisor, withShellState, setStartAtLogin });

  // Waking up, unlocking and network changes are when outages start and end.
  const networkChanged = (reason: NetworkChangeReason) => supervisor.networkChanged(reason);
  powerMonitor.on('resume', () => networkChanged('resume'));
  powerMonitor.on('unlock-screen', () => networkChanged('unlock'));
  const online = watchOnline(
    () => net.isOnline(),
    (isOnline) => networkChanged(isOnline ? 'online' : 'offline'),
  );

  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  // The app lives in the tray: closing the window does not quit.
  app.on('window-all-closed', () => undefined);
  // Logout, restart or shutdown (Linux, macOS): quit at once, never hold the system up.
  powerMonitor.on('shutdown', () => {
    systemShuttingDown = true;
    app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    online.stop();
    disposeIpc();
    notifications.closeAll();
    if (systemShuttingDown) {
      // The history is in WAL mode: an engine stopped mid-write loses at most that write.
      supervisor.stopWithoutWaiting();
      tray.destroy();
      window.destroy();
      return;
    }
    // A normal quit waits (a few seconds at most) for the engine to close its history.
    event.preventDefault();
    void supervisor.stop().finally(() => {
      tray.destroy();
      window.destroy();
      app.quit();
    });
  });

  if (process.env.OUTAGE_WATCH_E2E === '1') {
    // The OS tray cannot be clicked from a test: e2e/electron.spec.ts reads
    // the menu and runs its actions through this hook instead.
    Object.assign(globalThis, { outageWatchE2e: { trayMenu: () => tray.menuItems, trayAction: onTrayAction } });
  }

  app.dock?.hide();
  void loginItem.get().then((enabled) => {
    startAtLogin = enabled;
    refreshTray();
  });
  supervisor.start();
}

/** System Settings › General › Login Items (macOS 13+). */
function openLoginItemsSettings(): void {
  void shell.openExternal('x-apple.systempreferences:com.apple.LoginItems-Settings.extension');
}
