// One served window for the browser tests: the loopback world, the real
// Monitor pointed only at it (gateway off, every resolver and control on
// 127.0.0.1), and the serve server in this process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { validateConfig } from '../../electron/engine/config-file';
import { startEngine, type Engine, type RunningEngine } from '../../electron/engine/engine';
import { RENDERER_DIR, startServeServer, type DemoBackend, type ServeServer } from '../../electron/serve/server';
import { startLoopbackWorld, type LoopbackWorld } from '../../electron/testkit/loopback-world';
import { DEFAULT_THRESHOLDS } from '../../electron/monitor/thresholds';
import { WORLD_APPS } from '../../electron/testkit/world-apps';
import { ensureRendererBuilt } from './renderer-build';

/** Quick confirmations (a short minimum span: these tests are about the window), and no watching of the host's own interfaces. */
export const TEST_TIMINGS = {
  confirmDelayMs: 300,
  heartbeatMs: 2_000,
  networkPollMs: null,
  thresholds: { ...DEFAULT_THRESHOLDS, minSpanMs: 500 },
};

export interface UiSession {
  world: LoopbackWorld;
  engine: RunningEngine;
  server: ServeServer;
  /** Where Settings saves. */
  configPath: string;
  url(language: 'en' | 'ar', view?: string): string;
  close(): Promise<void>;
}

export async function startUiSession(): Promise<UiSession> {
  ensureRendererBuilt();
  const world = await startLoopbackWorld({ apps: WORLD_APPS });
  const dataDir = await mkdtemp(join(tmpdir(), 'outage-watch-ui-'));
  const config = validateConfig(world.config({ language: 'en', intervalSeconds: 5 }), 'test config');
  const configPath = join(dataDir, 'config.json');
  const engine = startEngine({
    config,
    configPath,
    dataDir,
    systemLocale: 'en_US.UTF-8',
    outside: null,
    monitor: { timings: TEST_TIMINGS },
  });
  const server = await startServeServer({
    bridge: engine.bridge,
    staticDir: RENDERER_DIR,
    language: 'en',
    onLanguage: engine.setLanguage,
  });
  return {
    world,
    engine,
    server,
    configPath,
    url: (language, view = 'status') => `${server.url}&lang=${language}#/${view}`,
    async close() {
      await server.close();
      await engine.stop();
      await world.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startServedDemo(demo: DemoBackend, engine: Engine): Promise<ServeServer> {
  ensureRendererBuilt();
  return startServeServer({
    bridge: engine.bridge,
    staticDir: RENDERER_DIR,
    language: 'en',
    demo,
    onLanguage: engine.setLanguage,
  });
}

/** axe-core over the page: the serious and critical violations, as readable lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}
