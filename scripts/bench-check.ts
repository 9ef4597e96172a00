// `npm run bench:check`: wall time of `outage-watch check` over 20 loopback
// apps — the whole CLI process (5 runs) and the round alone in-process (5 runs).
// Loopback only: every resolver, app and control is a fake on 127.0.0.1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCheck } from '../electron/engine/check';
import { checkConfig } from '../electron/contracts/config';
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
  const cli = join(import.meta.dirname, '..', 'electron', 'cli', 'main.ts');
  const processTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    // Async: the fakes live in this process and must keep answering while the CLI runs.
    const { stdout } = await runFile(process.execPath, [
      '--import',
      'tsx',
      cli,
      'check',
      '--json',
      '--config',
      configPath,
    ]);
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
  const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`check over ${APPS} loopback apps, ${RUNS} runs each`);
  console.log(
    `  whole CLI process (tsx start-up included): median ${median(processTimes).toFixed(0)} ms  [${fmt(processTimes)}]`,
  );
  console.log(
    `  round + diagnosis in-process:             median ${median(roundTimes).toFixed(0)} ms  [${fmt(roundTimes)}]`,
  );
} finally {
  await world.close();
}
