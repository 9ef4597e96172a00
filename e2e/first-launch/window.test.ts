// The window across launches and crashes, against the built main.cjs and the
// stand-in 'electron': a relaunch that reopens a window saved maximized
// (maximize only once painted, the saved place restored), and a page that
// crashes at every load (a few reloads, then the window closes and says so).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_RELOADS } from '../../electron/shell/common/crash-reloads';
import { createTranslator } from '../../electron/i18n/translate';
import { startLoopbackWorld, type LoopbackWorld } from '../../electron/testkit/loopback-world';
import { WORLD_APPS } from '../../electron/testkit/world-apps';
import { ensureRendererBuilt } from '../support/renderer-build';
import { buildAppRoot, makeLayout } from './layouts';
import { runChild } from './run-child';
import type { WindowPlan, WindowReport } from './window-child';

const childScript = join(import.meta.dirname, 'window-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'outage-watch-window-'));
let appRoot = '';
let world: LoopbackWorld;

before(async () => {
  ensureRendererBuilt();
  appRoot = buildAppRoot(dir);
  world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 1) });
});
after(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

function windowRun(name: string, scenario: WindowPlan['scenario'], saved?: object) {
  const layout = makeLayout('win32', true, appRoot, join(dir, name));
  mkdirSync(layout.userData, { recursive: true });
  if (saved) writeFileSync(join(layout.userData, 'window-bounds.json'), JSON.stringify(saved));
  return runChild<WindowReport>(childScript, world, layout, { ...layout.plan, scenario, userData: layout.userData });
}

test('relaunch, installed on Windows: a window saved maximized is maximized once painted, at its saved place', async () => {
  const saved = { x: 140, y: 90, width: 1100, height: 760, maximized: true };
  const { report } = await windowRun('maximized', 'maximized', saved);
  assert.deepEqual(report.violations, [], report.violations.join('\n'));
  assert.deepEqual(report.created, { x: 140, y: 90, width: 1100, height: 760 }, 'the saved bounds restored');
  assert.equal(report.maximized, true);
  assert.equal(report.visible, true);
  assert.deepEqual(report.firstWindowApis, ['ready-to-show', 'BrowserWindow.maximize'], 'maximize, not show');
  assert.deepEqual(report.savedAtQuit, saved, 'still maximized over the same normal bounds');
  assert.deepEqual(report.engineExitCodes, [0]);
});

test('a page that crashes at every load is reloaded a few times, then its window closes and a notice says so', async () => {
  const { report, stderr } = await windowRun('crashing', 'crashing-page');
  assert.deepEqual(report.violations, [], report.violations.join('\n'));
  assert.equal(report.loads, 1 + MAX_RELOADS, 'the first load and the reloads, no more');
  assert.equal(report.closedByMain, true);
  const { t } = createTranslator('en');
  assert.deepEqual(report.notices, [{ title: t('tray:window.crashedTitle'), body: t('tray:window.crashedBody') }]);
  assert.match(
    stderr,
    /the window's page crashed 4 times within a minute; the window is closed until it is opened again/,
  );
  assert.equal(report.reopened, true, 'the tray opens a new window');
  assert.deepEqual(report.engineExitCodes, [0]);
});
