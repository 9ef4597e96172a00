// The window's own first-launch cases, each in its own process against the
// built main.cjs and the stand-in 'electron' (as launch-child.ts does):
// `maximized`, a relaunch whose saved place says maximized; `crashing-page`,
// a page whose renderer crashes at every load. It writes what happened to
// the plan's report file; window.test.ts judges it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportTo } from './child-report';
import type { LaunchPlan } from './launch-child';
import { quitAndEngineExits, StandInElectron, startMain } from './stand-in-electron';
import type { StandInWindow } from './stand-in-objects';
import { present, until } from './waits';

export interface WindowPlan extends Omit<LaunchPlan, 'quitBy'> {
  scenario: 'maximized' | 'crashing-page';
  userData: string;
}

export interface WindowReport {
  violations: string[];
  /** What main asked BrowserWindow for, and what the window then was. */
  created: { x: number; y: number; width: number; height: number };
  maximized: boolean;
  visible: boolean;
  /** The order of the first window's show/maximize and its first paint. */
  firstWindowApis: string[];
  /** crashing-page: loads of the first window, whether main closed it, the notices shown, a window opened again. */
  loads: number;
  closedByMain: boolean;
  notices: { title: string; body: string }[];
  reopened: boolean;
  /** The place saved as the app quit. */
  savedAtQuit: unknown;
  engineExitCodes: (number | null)[];
}

const plan = JSON.parse(process.argv[2] ?? '{}') as WindowPlan & { reportFile: string };

function crashAtEveryLoad(window: StandInWindow): void {
  const crash = () =>
    setImmediate(() => window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 }));
  window.on('page-load', crash);
  crash();
}

async function run(): Promise<WindowReport> {
  const standIn = new StandInElectron({ ...plan, nodePath: process.execPath, locale: 'en-US' });
  startMain(standIn, plan);
  const tray = await present(() => standIn.trays[0], 'a tray icon');
  const open = () => {
    const item = tray.menu?.template.find((entry) => entry.label === 'Open Outage Watch');
    if (!item?.click) throw new Error('no "Open Outage Watch" in the tray menu');
    item.click({ checked: false }, undefined, {});
  };
  await until(() => tray.menu, Boolean, 'the tray menu');
  open();
  const window = await present(() => standIn.windows[0], 'a window');
  const firstWindowApis: string[] = [];
  window.on('ready-to-show', () => firstWindowApis.push('ready-to-show'));
  const created = window.getBounds();
  await until(() => window.visible, Boolean, 'the window shown');
  firstWindowApis.push(
    ...standIn.calls.filter((c) => /^BrowserWindow\.(show|maximize)$/.test(c.api)).map((c) => c.api),
  );

  let loads = standIn.called('BrowserWindow.loadURL').length;
  let reopened = false;
  if (plan.scenario === 'crashing-page') {
    const before = loads;
    crashAtEveryLoad(window);
    await until(() => window.isDestroyed(), Boolean, 'main giving up on the crashing page');
    // Time for a reload that should not come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    loads = standIn.called('BrowserWindow.loadURL').length - before + 1;
    open();
    const again = await present(() => standIn.windows[1], 'a new window from the tray');
    reopened = await until(() => again.visible, Boolean, 'the new window shown');
  }
  const { maximized, visible } = window;
  const notices = standIn.notifications.map(({ options }) => ({ title: options.title, body: options.body }));

  tray.menu?.template.find((entry) => entry.label === 'Quit Outage Watch')?.click?.({ checked: false }, undefined, {});
  const engineExitCodes = await quitAndEngineExits(standIn, 'tray');
  return {
    violations: standIn.violations,
    created,
    maximized,
    visible,
    firstWindowApis,
    loads,
    closedByMain: window.isDestroyed(),
    notices,
    reopened,
    savedAtQuit: JSON.parse(readFileSync(join(plan.userData, 'window-bounds.json'), 'utf8')),
    engineExitCodes,
  };
}

reportTo(plan.reportFile, run());
