// `outage-watch demo`: the loopback world (fake DNS and HTTPS on 127.0.0.1,
// a test CA made now), a real Monitor pointed only at it, and the scenario
// switch the window shows. Never touches the internet or the host's gateway.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../contracts/config';
import { DEMO_SCENARIOS, type DemoScenario, type DemoState } from '../../contracts/serve-protocol';
import { validateConfig } from '../../engine/config-file';
import type { Engine, EngineOptions } from '../../engine/engine';
import { openEngine } from '../../engine/startup';
import type { DemoBackend } from '../server';
import { startLoopbackWorld, type LoopbackWorld } from '../../testkit/loopback-world';
import { WORLD_APPS } from '../../testkit/world-apps';
import { demoOutside } from './demo-feeds';
import { applyScenario } from './scenarios';

/** How long a switch waits for the monitor to confirm the new verdict before it lets go. */
const SETTLE_MS = 20_000;

export interface DemoSession {
  world: LoopbackWorld;
  engine: Engine;
  demo: DemoBackend;
  config: Config;
  close(): Promise<void>;
}

export async function startDemoSession(options: {
  systemLocale: string;
  monitor?: Pick<NonNullable<EngineOptions['monitor']>, 'timings'>;
}): Promise<DemoSession> {
  const world = await startLoopbackWorld({ apps: WORLD_APPS });
  const dataDir = await mkdtemp(join(tmpdir(), 'outage-watch-demo-'));
  try {
    const config = validateConfig(world.config({ language: 'auto', intervalSeconds: 15 }), 'demo config');
    let state: DemoState = { scenarios: [...DEMO_SCENARIOS], current: 'all-fine', switching: false };
    const engine = await openEngine({
      startup: { config, savePath: null },
      dataDir,
      systemLocale: options.systemLocale,
      monitor: { timings: options.monitor?.timings ?? {} },
      // The official status pages, as the app shows them, from memory.
      outside: demoOutside(() => state.current),
    });
    const listeners = new Set<(state: DemoState) => void>();
    const publish = (next: DemoState) => {
      state = next;
      for (const listener of listeners) listener(state);
      return state;
    };
    let switching: Promise<DemoState> = Promise.resolve(state);

    const demo: DemoBackend = {
      getState: () => state,
      onState(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      switchTo(scenario: DemoScenario) {
        // One switch at a time, in the order asked.
        switching = switching.then(async () => {
          publish({ ...state, current: scenario, switching: true });
          try {
            await applyScenario(world, scenario);
            const confirmed = new Promise<void>((resolve) => {
              const timer = setTimeout(done, SETTLE_MS);
              const stop = engine.onVerdict(done);
              function done() {
                clearTimeout(timer);
                stop();
                resolve();
              }
            });
            await engine.bridge.checkNow();
            await confirmed;
          } finally {
            publish({ ...state, switching: false });
          }
          return state;
        });
        return switching;
      },
    };

    return {
      world,
      engine,
      demo,
      config,
      async close() {
        await engine.stop();
        await world.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await world.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
