// The packaged shape of the app in real Electron: tray menu, window, bridge,
// hardening. Runs wherever Electron's binary exists; this machine has none
// (no download), so here it skips and says why. The engine inside probes
// only a loopback world named by the config written before launch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { BRIDGE_CALLS } from '../electron/contracts/bridge';
import type { TrayAction, TrayMenuItem } from '../electron/shell/common/tray-menu-model';
import { startLoopbackWorld } from '../electron/testkit/loopback-world';
import { WORLD_APPS } from '../electron/testkit/world-apps';
import { findElectronBinary } from '../scripts/electron-binary.mjs';
import { runTool } from '../scripts/tools.mjs';

const root = join(import.meta.dirname, '..');
const electronBinary = findElectronBinary();

interface E2eHook {
  trayMenu(): TrayMenuItem[];
  trayAction(action: TrayAction, checked?: boolean): void;
}

function trayMenu(app: ElectronApplication): Promise<TrayMenuItem[]> {
  return app.evaluate(() => (globalThis as unknown as { outageWatchE2e: E2eHook }).outageWatchE2e.trayMenu());
}

function trayAction(app: ElectronApplication, action: TrayAction): Promise<void> {
  return app.evaluate(
    (_electron, name) => (globalThis as unknown as { outageWatchE2e: E2eHook }).outageWatchE2e.trayAction(name),
    action,
  );
}

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} never happened; last: ${JSON.stringify(last)}`);
}

test('Electron: tray menu, window on demand, typed bridge, hardening, clean quit', async (t) => {
  if (!electronBinary) {
    t.skip(
      'no Electron binary in node_modules/electron/dist (it is not downloadable here); e2e/first-launch/ runs the same path against a stand-in electron module, and electron/shell/ unit-tests the tray menu, IPC validation and security policy',
    );
    return;
  }
  if (
    !existsSync(join(root, 'dist', 'renderer', 'index.html')) ||
    !existsSync(join(root, 'dist-electron', 'main.cjs'))
  ) {
    assert.equal(runTool('vite', ['build', '--logLevel', 'warn']), 0, 'vite build');
    const buildMain = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
    assert.equal(buildMain.status, 0, 'build-main');
  }

  const world = await startLoopbackWorld({ apps: WORLD_APPS.slice(0, 3) });
  const userData = await mkdtemp(join(tmpdir(), 'outage-watch-electron-'));
  t.after(async () => {
    await world.close();
    await rm(userData, { recursive: true, force: true });
  });
  await writeFile(join(userData, 'config.json'), JSON.stringify(world.config({ intervalSeconds: 5, language: 'en' })));

  const app = await _electron.launch({
    executablePath: electronBinary,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, OUTAGE_WATCH_E2E: '1' },
  });
  t.after(() => app.close().catch(() => undefined));

  await t.test(
    'lives in the tray: no window at start; the menu shows the verdict, each app and every action',
    async () => {
      const menu = await until(
        () => trayMenu(app),
        (items) => items[0]?.type === 'label' && !items[0].label.startsWith('Running'),
        'a first verdict',
      );
      assert.equal(app.windows().length, 0);
      const labels = menu.map((item) => (item.type === 'separator' ? '---' : item.label));
      for (const worldApp of WORLD_APPS.slice(0, 3))
        assert.ok(
          labels.some((l) => l.includes(`${worldApp.name}: up`)),
          `${worldApp.name} in ${labels.join(' | ')}`,
        );
      for (const action of ['Check now', 'Open Outage Watch', 'Pause for 1 hour', 'Quit Outage Watch'])
        assert.ok(labels.includes(action), action);
    },
  );

  await t.test('Open shows the window with exactly the Bridge and no Node', async () => {
    await trayAction(app, 'open');
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const surface = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as { outageWatch: object }).outageWatch).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    assert.deepEqual(surface.bridge, [...BRIDGE_CALLS, 'onState'].sort());
    assert.equal(surface.require, 'undefined');
    assert.equal(surface.process, 'undefined');
    const kind = await page.evaluate(
      async () =>
        (
          await (
            window as unknown as {
              outageWatch: { getState(): Promise<{ diagnosis: { verdict: { kind: string } } | null }> };
            }
          ).outageWatch.getState()
        ).diagnosis?.verdict.kind,
    );
    assert.equal(kind, 'ok');
  });

  await t.test('hardening: no network from the page, no window.open, navigation denied, bad IPC refused', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    const probe = await page.evaluate(async (url) => {
      const fetched = await fetch(url).then(
        () => 'loaded',
        () => 'blocked',
      );
      const opened = window.open('https://example.invalid/') === null ? 'denied' : 'opened';
      const refused = await (window as unknown as { outageWatch: { pause(m: unknown): Promise<void> } }).outageWatch
        .pause('sixty')
        .then(
          () => 'accepted',
          () => 'refused',
        );
      return { fetched, opened, refused };
    }, world.https.url('/'));
    assert.deepEqual(probe, { fetched: 'blocked', opened: 'denied', refused: 'refused' });
    await page.evaluate((url) => {
      window.location.href = url;
    }, world.https.url('/'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(page.url(), before);
    const csp = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
    );
    assert.ok(csp === null || !csp.includes('unsafe-eval'));
  });

  await t.test('closing hides the window to the tray; Quit stops the engine and exits', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().forEach((w) => w.close()));
    const visible = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()));
    assert.ok(visible.every((v) => v === false));
    const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await trayAction(app, 'quit');
    await exited;
    assert.equal(app.process().exitCode, 0);
  });
});
