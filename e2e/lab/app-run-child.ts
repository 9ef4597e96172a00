// The desktop app in the lab's client namespace, where Electron cannot run:
// the built main.cjs against the stand-in 'electron' (e2e/first-launch),
// whose session.resolveProxy answers each URL as the plan says (what
// Chromium's system settings or PAC would), and the real engine host forked
// from the built bundle. Waits for the first full round's diagnosis (and,
// when asked, the first notification), quits from the tray, and writes what
// happened to the plan's report file; app-networks.test.ts judges it.
import { reportTo } from '../first-launch/child-report';
import type { AppState } from '../../electron/contracts/bridge';
import type { Diagnosis } from '../../electron/contracts/diagnosis';
import { quitAndEngineExits, StandInElectron, startMain } from '../first-launch/stand-in-electron';

export interface AppRunPlan {
  appPath: string;
  resourcesPath: string;
  exePath: string;
  appData: string;
  home: string;
  /** resolveProxy's answer for a URL: the entry of its host name, else `otherwise`. */
  pac: { byHost?: Record<string, string>; otherwise: string };
  /** Wait for the first notification (a confirmed verdict that is not ok). */
  notification: boolean;
  reportFile: string;
}

export interface AppRunReport {
  violations: string[];
  /** Every URL main asked resolveProxy about. */
  askedUrls: string[];
  /** The diagnosis the app showed last (after the notification, when one was awaited). */
  diagnosis: Diagnosis;
  tooltip: string;
  notifications: { title: string; body: string }[];
  engineExitCodes: (number | null)[];
}

const plan = JSON.parse(process.argv[2] ?? '{}') as AppRunPlan;

async function until<T>(read: () => T, accept: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pacAnswer(url: string): string {
  const host = URL.parse(url)?.hostname ?? '';
  return plan.pac.byHost?.[host] ?? plan.pac.otherwise;
}

async function run(): Promise<AppRunReport> {
  const standIn = new StandInElectron({
    platform: 'linux',
    packaged: false,
    appPath: plan.appPath,
    appData: plan.appData,
    home: plan.home,
    exePath: plan.exePath,
    nodePath: process.execPath,
    locale: 'en-US',
    resolveProxy: pacAnswer,
  });
  startMain(standIn, plan);

  const shown = () => (standIn.latestEngineState as AppState | null)?.diagnosis ?? null;
  // The first full round: a diagnosis with the apps in it.
  await until(shown, (diagnosis) => (diagnosis?.apps.length ?? 0) > 0, 'a first full round');
  if (plan.notification)
    await until(
      () => standIn.notifications.length,
      (n) => n > 0,
      'a notification',
    );
  const diagnosis = shown() as Diagnosis;
  const tray = standIn.trays[0];
  if (!tray) throw new Error('no tray icon');
  const tooltip = tray.tooltip;

  const quit = tray.menu?.template.find((entry) => entry.label === 'Quit Outage Watch');
  if (!quit?.click) throw new Error('no Quit in the tray menu');
  quit.click({ checked: false }, undefined, {});
  const engineExitCodes = await quitAndEngineExits(standIn, 'tray');
  return {
    violations: standIn.violations,
    askedUrls: [...new Set(standIn.called('session.resolveProxy').map((call) => String(call.args[0])))],
    diagnosis,
    tooltip,
    notifications: standIn.notifications.map(({ options }) => ({ title: options.title, body: options.body })),
    engineExitCodes,
  };
}

reportTo(plan.reportFile, run());
