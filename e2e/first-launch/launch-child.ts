// One simulated first launch, in its own process: this Node pretends to be
// Electron's main process on the plan's OS and layout (process.platform,
// execPath, resourcesPath), loads the built main.cjs against the stand-in
// 'electron', and walks through start → first verdict → open window → IPC
// from the page and from strangers → start at login → quit. It writes what
// happened to the plan's report file; first-launch.test.ts judges it.
import { reportTo } from './child-report';
import { present, until } from './waits';
import { toastLaunchArguments } from '../../electron/shell/common/notification-model';
import { IPC_CALL_CHANNEL } from '../../electron/shell/common/ipc-channels';
import { openPage, type Page } from './page';
import type { StandInWindow } from './stand-in-objects';
import {
  quitAndEngineExits,
  StandInElectron,
  startMain,
  type MenuItemTemplate,
  type SimulatedPlatform,
} from './stand-in-electron';

export interface LaunchPlan {
  platform: SimulatedPlatform;
  packaged: boolean;
  appPath: string;
  resourcesPath: string;
  exePath: string;
  appData: string;
  home: string;
  /** How the run ends: the tray's Quit, or the OS logging out (powerMonitor 'shutdown'). */
  quitBy: 'tray' | 'shutdown';
  loginItemStatus?: 'enabled' | 'requires-approval';
  /** Another instance already runs: main must step aside. */
  lockHeldElsewhere?: boolean;
  /** The OS's language (default en-US). */
  locale?: string;
  reportFile: string;
}

/** What a second instance did: it should only have quit. */
export interface SecondInstanceReport {
  violations: string[];
  quitCalls: number;
  trays: number;
  engines: number;
  windows: number;
}

export interface LaunchReport {
  violations: string[];
  apis: string[];
  userData: string | null;
  appUserModelId: string | null;
  firstVerdict: { tooltip: string; icon: string };
  window: { bounds: { x: number; y: number; width: number; height: number }; visible: boolean; url: string };
  page: {
    bridge: string[];
    verdictKind: string | undefined;
    pushedStates: number;
    refused: Record<'foreignOrigin' | 'subframe' | 'badArguments' | 'unknownCall', string>;
  };
  startAtLogin: {
    menuChecked: boolean | undefined;
    loginItem: { openAtLogin: boolean; path?: string; args?: string[] };
    openedExternal: string[];
    notices: string[];
  };
  /** An incident's notification: what its toast carries, and where a click and (Windows) an activation lead. */
  notification: {
    toastLaunch: string | null;
    clickOpened: string;
    activationOpened: string | null;
    foreignActivationOpened: string | null;
  };
  quit: { beforeQuit: number; engineExitCodes: (number | null)[]; trayDestroyed: boolean; windowDestroyed: boolean };
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LaunchPlan;
const nodePath = process.execPath;

function refusal(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    (value) => `answered: ${JSON.stringify(value)?.slice(0, 80)}`,
    (error: Error) => error.message,
  );
}

/**
 * The engine posts two incidents' notifications (as its host would); main
 * shows them. A click on the first opens its incident; on Windows the
 * second's activation, as after a restart (handleActivation, from the toast's
 * launch arguments), opens the second's, and an activation that is no route
 * of ours opens none (the window stays where it is).
 */
async function notifyAndActivate(
  standIn: StandInElectron,
  window: StandInWindow,
): Promise<LaunchReport['notification']> {
  const shownBefore = standIn.notifications.length;
  const post = (incidentId: number) =>
    standIn.engineHosts[0]?.emit('message', {
      type: 'notification',
      notification: {
        id: `n-${incidentId}`,
        kind: 'provider-outage',
        title: 'AWS is failing',
        body: 'Zoom',
        incidentId,
      },
    });
  post(7);
  post(9);
  const clicked = await present(() => standIn.notifications[shownBefore], 'the first notification shown');
  const later = await present(() => standIn.notifications[shownBefore + 1], 'the second notification shown');
  clicked.emit('click', {});
  const clickOpened = window.loadedUrl;
  const toastXml = later.options.toastXml;
  const toastLaunch = toastXml === undefined ? null : (toastLaunchArguments(toastXml) ?? null);
  let activationOpened: string | null = null;
  let foreignActivationOpened: string | null = null;
  if (standIn.activationHandler) {
    standIn.activationHandler({ type: 'click', arguments: toastLaunch ?? '' });
    activationOpened = window.loadedUrl;
    standIn.activationHandler({ type: 'click', arguments: '#/history/9/../../../etc' });
    foreignActivationOpened = window.loadedUrl;
  }
  return { toastLaunch, clickOpened, activationOpened, foreignActivationOpened };
}

async function launch(): Promise<LaunchReport | SecondInstanceReport> {
  const standIn = new StandInElectron({
    platform: plan.platform,
    packaged: plan.packaged,
    appPath: plan.appPath,
    appData: plan.appData,
    home: plan.home,
    exePath: plan.exePath,
    nodePath,
    locale: plan.locale ?? 'en-US',
    loginItemStatus: plan.loginItemStatus,
    lockHeldElsewhere: plan.lockHeldElsewhere,
  });
  startMain(standIn, plan);
  if (plan.lockHeldElsewhere) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {
      violations: standIn.violations,
      quitCalls: standIn.called('app.quit').length,
      trays: standIn.trays.length,
      engines: standIn.engines.length,
      windows: standIn.windows.length,
    };
  }

  const tray = await present(() => standIn.trays[0], 'a tray icon');
  await until(
    () => tray.imagePath,
    (icon) => /tray-ok/.test(icon),
    'the first verdict in the tray',
  );
  const firstVerdict = { tooltip: tray.tooltip, icon: tray.imagePath };

  const menuItem = (label: string): MenuItemTemplate => {
    const item = tray.menu?.template.find((entry) => entry.label === label);
    if (!item?.click) throw new Error(`no "${label}" in the tray menu: ${tray.menu?.template.map((e) => e.label)}`);
    return item;
  };
  const click = (label: string, checked = false) => menuItem(label).click?.({ checked }, undefined, {});

  click('Open Outage Watch');
  const window = await present(() => standIn.windows[0], 'a window');
  await until(() => window.visible, Boolean, 'the window shown');
  const preload = window.options.webPreferences?.preload ?? '';
  const page: Page = openPage(standIn, window, preload);
  const bridge = page.globals.outageWatch as Record<string, (...args: unknown[]) => Promise<unknown>> & {
    onState: (listener: (state: unknown) => void) => () => void;
  };
  let pushedStates = 0;
  bridge.onState(() => (pushedStates += 1));
  // A round now, from the page: its state is pushed at once, not after the next interval (30 s).
  await bridge.checkNow?.();
  const state = (await bridge.getState?.()) as { diagnosis: { verdict: { kind: string } } | null };
  const pageUrl = window.loadedUrl;
  const refused = {
    foreignOrigin: await refusal(
      page.invoke({ url: 'https://attacker.example/', isMain: true }, IPC_CALL_CHANNEL, { call: 'getState', args: [] }),
    ),
    subframe: await refusal(
      page.invoke({ url: pageUrl, isMain: false }, IPC_CALL_CHANNEL, { call: 'getState', args: [] }),
    ),
    badArguments: await refusal(bridge.pause?.('an hour') ?? Promise.resolve()),
    unknownCall: await refusal(
      page.invoke({ url: pageUrl, isMain: true }, IPC_CALL_CHANNEL, { call: 'runShell', args: ['rm -rf /'] }),
    ),
  };
  await until(
    () => pushedStates,
    (n) => n > 0,
    'a state pushed to the page',
  );

  click('Start at login', true);
  const menuChecked = await until(
    () => menuItem('Start at login').checked,
    (checked) => checked === true,
    'the start-at-login tick',
  );
  const startAtLogin = {
    menuChecked,
    loginItem: { ...standIn.loginItem },
    openedExternal: standIn.called('shell.openExternal').map((call) => String(call.args[0])),
    notices: standIn.notifications.map((notice) => notice.options.title),
  };

  const notification = await notifyAndActivate(standIn, window);

  if (plan.quitBy === 'tray') click('Quit Outage Watch');
  else (standIn.module.powerMonitor as NodeJS.EventEmitter).emit('shutdown');
  const engineExitCodes = await quitAndEngineExits(standIn, plan.quitBy);

  return {
    violations: standIn.violations,
    apis: [...new Set(standIn.calls.map((call) => call.api))],
    userData: standIn.userDataSet,
    appUserModelId: standIn.appUserModelId,
    firstVerdict,
    window: { bounds: window.getBounds(), visible: window.visible, url: pageUrl },
    page: {
      bridge: Object.keys(bridge).sort(),
      verdictKind: state.diagnosis?.verdict.kind,
      pushedStates,
      refused,
    },
    startAtLogin,
    notification,
    quit: {
      beforeQuit: standIn.called('app.quit').length,
      engineExitCodes,
      trayDestroyed: tray.isDestroyed(),
      windowDestroyed: window.isDestroyed(),
    },
  };
}

reportTo(plan.reportFile, launch());
