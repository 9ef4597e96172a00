// `npm run bench:check`: wall time of `outage-watch check` over 20 loopback
// apps — the whole CLI process as a user starts it (the bin and its bundle,
// 5 runs), the round alone in-process (5 runs), and the Monitor's Check now
// (what the tray and the window call, 10 runs): from the call to the first
// state showing progress, and to the state carrying the new diagnosis, at the
// product's default timings. Loopback only: every resolver, app and control is
// a fake on 127.0.0.1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MonitorState } from '../electron/contracts/bridge';
import { runCheck } from '../electron/engine/check';
import { checkConfig, type Config } from '../electron/contracts/config';
import { Monitor } from '../electron/monitor/monitor';
import { startLoopbackWorld, type WorldApp } from '../electron/testkit/loopback-world';

const APPS = 20;
const runFile = promisify(execFile);
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const apps: WorldApp[] = Array.from({ length: APPS }, (_, i) => ({
  id: `app-${i + 1}`,
  name: `App ${i + 1}`,
  hostname: `app-${i + 1}.test`,
  cnameChain: i % 2 ? [`app-${i + 1}.elb.us-east-1.amazonaws.com`] : [],
}));
const world = await startLoopbackWorld({ apps });
try {
  const configPath = await world.writeConfig({ timeoutMs: 3000 });
  const cli = join(import.meta.dirname, '..', 'bin', 'outage-watch.mjs');
  const processTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    // Async: the fakes live in this process and must keep answering while the CLI runs.
    const { stdout } = await runFile(process.execPath, [cli, 'check', '--json', '--config', configPath]);
    const kind = (JSON.parse(stdout) as { verdict: { kind: string } }).verdict.kind;
    if (kind !== 'ok') throw new Error(`expected ok from the CLI, got ${kind}`);
    processTimes.push(performance.now() - start);
  }
  const parsed = checkConfig(world.config({ timeoutMs: 3000 }));
  if (!parsed.ok) throw new Error(parsed.problem);
  const roundTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const { diagnosis } = await runCheck(parsed.config, { language: 'en' });
    roundTimes.push(performance.now() - start);
    if (diagnosis.verdict.kind !== 'ok')
      throw new Error(`expected ok, got ${diagnosis.verdict.kind}: ${diagnosis.verdict.summary}`);
  }
  const checkNow = await measureCheckNow(parsed.config);
  const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`check over ${APPS} loopback apps, ${RUNS} runs each`);
  console.log(
    `  whole CLI process (bin + bundle):   median ${median(processTimes).toFixed(0)} ms  [${fmt(processTimes)}]`,
  );
  console.log(`  round + diagnosis in-process:       median ${median(roundTimes).toFixed(0)} ms  [${fmt(roundTimes)}]`);
  console.log(`Check now (Monitor.checkNow, default timings, ${checkNow.done.length} runs)`);
  console.log(
    `  call -> progress shown:             median ${median(checkNow.progress).toFixed(1)} ms  [${fmt(checkNow.progress)}]`,
  );
  console.log(
    `  call -> new diagnosis in the state: median ${median(checkNow.done).toFixed(0)} ms  [${fmt(checkNow.done)}]`,
  );
} finally {
  await world.close();
}

/** Check now on a running Monitor, a few seconds apart (heartbeats run meanwhile, as in the app). */
async function measureCheckNow(config: Config): Promise<{ progress: number[]; done: number[] }> {
  const monitor = new Monitor({ config, dataDir: null, language: 'en' });
  const states: { at: number; state: MonitorState }[] = [];
  monitor.on('state', (state) => states.push({ at: performance.now(), state }));
  const firstVerdict = new Promise<void>((resolve) => monitor.on('verdict', () => resolve()));
  monitor.start();
  await firstVerdict;
  const progress: number[] = [];
  const done: number[] = [];
  try {
    for (let run = 0; run < 10; run++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000 + run * 137));
      const before = monitor.getState().diagnosis?.at;
      const from = states.length;
      const start = performance.now();
      await monitor.checkNow();
      const after = states.slice(from);
      // What the tray needs to show "Checking… done/total": the phase and the round's first progress.
      const shown = after.find((entry) => entry.state.phase === 'checking' && entry.state.progress.total > 0);
      const fresh = after.find((entry) => entry.state.diagnosis && entry.state.diagnosis.at !== before);
      if (!shown || !fresh) throw new Error('Check now showed no progress or brought no new diagnosis');
      progress.push(shown.at - start);
      done.push(fresh.at - start);
    }
  } finally {
    await monitor.stop();
  }
  return { progress, done };
}
