// `npm run bench`: the monitor's costs over the loopback world (fake DNS and
// HTTPS servers on 127.0.0.1 only; gateway off; no other address is touched).
//   - one round (probes + diagnose) over 20, 100 and 1,000 apps, healthy and
//     all-hanging: wall time, CPU time, peak RSS (medians of several runs);
//   - 10,000 real rounds through the Monitor (history on): RSS, heap and open
//     file descriptors sampled along the way must stay flat;
//   - idle at the default settings through the command a user runs, in the namespace lab
//     (scripts/bench/idle.ts; needs root, as bench:detect does).
// The fakes run in their own process so their CPU is not counted; each
// measurement runs in a fresh process so peak RSS belongs to it alone.
//   tsx scripts/bench-monitor.ts            (everything, a few minutes)
//   tsx scripts/bench-monitor.ts --quick    (fewer runs, for a smoke test)
//   tsx scripts/bench-monitor.ts --idle [--before DIR] [--seconds N] [--profile] [--no-peer]
//       (only the idle measurement, through `npm run --silent cli -- watch` in the lab: scripts/bench/idle.ts)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { checkConfig, type Config, type ConfigInput } from '../electron/contracts/config';
import { diagnose } from '../electron/diagnose/index';
import { createTranslator } from '../electron/i18n/translate';
import { Monitor } from '../electron/monitor/monitor';
import { DEFAULT_CONCURRENCY, runRound } from '../electron/probe/round';
import { startLoopbackWorld, type WorldApp } from '../electron/testkit/loopback-world';
import { labUnavailableReason } from '../e2e/lab/lab';
import { runIdleBench } from './bench/idle';

const self = new URL(import.meta.url).pathname;
const [mode = 'main', ...rest] = process.argv.slice(2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function parseConfig(input: ConfigInput): Config {
  const check = checkConfig(input);
  if (!check.ok) throw new Error(check.problem);
  return check.config;
}

function worldApps(count: number): WorldApp[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `app-${i + 1}`,
    name: `App ${i + 1}`,
    hostname: `app-${i + 1}.test`,
    ...(i % 2 ? { cnameChain: [`app-${i + 1}.elb.us-east-1.amazonaws.com`] } : {}),
  }));
}

const openFds = () => readdirSync('/proc/self/fd').length;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const mb = (bytes: number) => bytes / (1024 * 1024);

// ---- child: the loopback world ------------------------------------------------
// Prints its config (JSON, one line), then obeys stdin lines: `hang`, `heal`.
async function worldProcess(count: number): Promise<void> {
  const world = await startLoopbackWorld({ apps: worldApps(count) });
  process.stdout.write(`${JSON.stringify(world.config())}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'hang') for (const app of world.apps) world.setAppHttp(app.id, { kind: 'hang' });
    if (line === 'heal') await world.reset();
    process.stdout.write('done\n');
  }
  await world.close();
}

// ---- child: rounds ------------------------------------------------------------------
async function roundsProcess(configFile: string, runs: number): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const config = parseConfig(JSON.parse(await readFile(configFile, 'utf8')) as ConfigInput);
  const { t } = createTranslator('en');
  const walls: number[] = [];
  const cpus: number[] = [];
  const verdicts = new Set<string>();
  // One warm-up round (module loading, TLS contexts), not counted.
  for (let run = -1; run < runs; run++) {
    const cpuBefore = cpuMs();
    const start = performance.now();
    const diagnosis = diagnose(await runRound(config), t);
    const wall = performance.now() - start;
    const cpu = cpuMs() - cpuBefore;
    if (run >= 0) {
      verdicts.add(diagnosis.verdict.kind);
      walls.push(wall);
      cpus.push(cpu);
    }
  }
  process.stdout.write(`${JSON.stringify({ walls, cpus, verdicts: [...verdicts], peakRssMb: peakRssMb() })}\n`);
}

// ---- child: 10,000 rounds through the Monitor ------------------------------------------
async function soakProcess(configFile: string, rounds: number): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const config = parseConfig(JSON.parse(await readFile(configFile, 'utf8')) as ConfigInput);
  const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-bench-'));
  const monitor = new Monitor({ config, dataDir, language: 'en' });
  monitor.start();
  const points: { round: number; rssMb: number; heapMb: number; fds: number }[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = (round: number) => {
    gc?.();
    const memory = process.memoryUsage();
    points.push({ round, rssMb: mb(memory.rss), heapMb: mb(memory.heapUsed), fds: openFds() });
  };
  const start = performance.now();
  for (let round = 1; round <= rounds; round++) {
    await monitor.checkNow();
    if (round === 100 || round % Math.max(1, Math.floor(rounds / 10)) === 0) sample(round);
  }
  const wall = performance.now() - start;
  const verdict = monitor.verdict?.kind ?? 'none';
  await monitor.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ points, wallMs: wall, verdict, peakRssMb: peakRssMb() })}\n`);
}

// ---- orchestration --------------------------------------------------------------------------
interface WorldHandle {
  config: ConfigInput;
  command(line: 'hang' | 'heal'): Promise<void>;
  close(): Promise<void>;
}

async function startWorld(count: number): Promise<WorldHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, 'world', String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the world process ended early');
  const config = JSON.parse(first.value) as ConfigInput;
  return {
    config,
    async command(line) {
      child.stdin.write(`${line}\n`);
      await lines.next();
    },
    async close() {
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
    },
  };
}

async function runChild<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', self, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bench child ${args[0]} failed (exit ${code})`);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T;
}

async function measureRoundsAndSoak(
  quick: boolean,
  writeConfig: (name: string, config: ConfigInput) => string,
): Promise<void> {
  const fmt = (value: number, digits = 0) => value.toFixed(digits);
  console.log(
    '| apps | state | timeout | runs | wall median | CPU median | bound timeout×⌈N/c⌉ | wall / bound | peak RSS | verdicts |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const healthyWall = new Map<number, number>();
  for (const count of [20, 100, 1000]) {
    const world = await startWorld(count);
    try {
      for (const state of ['healthy', 'hanging'] as const) {
        const timeoutMs = state === 'healthy' ? 3000 : 1000;
        const runs = quick ? 2 : count >= 1000 ? 3 : 5;
        if (state === 'hanging') await world.command('hang');
        const configFile = writeConfig(`round-${count}-${state}.json`, { ...world.config, timeoutMs });
        const result = await runChild<{ walls: number[]; cpus: number[]; verdicts: string[]; peakRssMb: number }>([
          'rounds',
          configFile,
          String(runs),
        ]);
        const wall = median(result.walls);
        if (state === 'healthy') healthyWall.set(count, wall);
        const bound = timeoutMs * Math.ceil(count / DEFAULT_CONCURRENCY);
        console.log(
          `| ${count} | ${state} | ${timeoutMs} ms | ${runs} | ${fmt(wall)} ms | ${fmt(median(result.cpus))} ms | ${state === 'hanging' ? `${bound} ms` : '-'} | ${state === 'hanging' ? fmt(wall / bound, 2) : '-'} | ${fmt(result.peakRssMb)} MB | ${result.verdicts.join(', ')} |`,
        );
        if (state === 'hanging') await world.command('heal');
      }
    } finally {
      await world.close();
    }
  }
  const w20 = healthyWall.get(20) ?? 0;
  console.log(
    `\nHealthy wall-time ratios: 100 apps / 20 apps = ${fmt((healthyWall.get(100) ?? 0) / w20, 2)}, 1000 / 20 = ${fmt((healthyWall.get(1000) ?? 0) / w20, 2)}`,
  );

  const soakRounds = quick ? 500 : 10_000;
  console.log(
    `\n## ${soakRounds} rounds through the Monitor (2 apps, 1 control, system + 1 public resolver, history on, real loopback probes)`,
  );
  const soakWorld = await startWorld(2);
  try {
    // Small on purpose: the point is whether memory and descriptors stay flat over many real rounds.
    const soakConfig = soakWorld.config;
    const configFile = writeConfig('soak.json', {
      ...soakConfig,
      controls: soakConfig.controls?.slice(0, 1) ?? [],
      resolvers: {
        system: soakConfig.resolvers?.system ?? 'auto',
        public: soakConfig.resolvers?.public?.slice(0, 1) ?? [],
      },
      timeoutMs: 3000,
    });
    const soak = await runChild<{
      points: { round: number; rssMb: number; heapMb: number; fds: number }[];
      wallMs: number;
      verdict: string;
      peakRssMb: number;
    }>(['soak', configFile, String(soakRounds)], ['--expose-gc']);
    console.log('| round | RSS | heap used (after GC) | open fds |');
    console.log('| ---: | ---: | ---: | ---: |');
    for (const point of soak.points)
      console.log(`| ${point.round} | ${fmt(point.rssMb, 1)} MB | ${fmt(point.heapMb, 1)} MB | ${point.fds} |`);
    const first = soak.points[0];
    const last = soak.points.at(-1);
    if (first && last) {
      console.log(
        `\nLast / round-${first.round}: RSS ${fmt(last.rssMb / first.rssMb, 2)}, heap ${fmt(last.heapMb / first.heapMb, 2)}, fds ${last.fds - first.fds >= 0 ? '+' : ''}${last.fds - first.fds}; ` +
          `${fmt(soak.wallMs / soakRounds, 1)} ms per round; final verdict ${soak.verdict}; peak RSS ${fmt(soak.peakRssMb)} MB`,
      );
    }
  } finally {
    await soakWorld.close();
  }
}

async function main(quick: boolean): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'outage-watch-bench-config-'));
  const writeConfig = (name: string, config: ConfigInput) => {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  console.log(
    `Monitor benchmark — loopback only, Node ${process.version}, ${process.platform}/${process.arch}, round concurrency ${DEFAULT_CONCURRENCY}`,
  );
  try {
    await measureRoundsAndSoak(quick, writeConfig);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log('');
  const unavailable = labUnavailableReason();
  if (unavailable) console.log(`Idle: not measured (it runs in the namespace lab: ${unavailable})`);
  else await runIdleBench(quick ? ['--seconds', '15'] : []);
}

if (mode === 'world') await worldProcess(Number(rest[0]));
else if (mode === '--idle') await runIdleBench(rest);
else if (mode === 'rounds') await roundsProcess(rest[0] ?? '', Number(rest[1]));
else if (mode === 'soak') await soakProcess(rest[0] ?? '', Number(rest[1]));
else await main(mode === '--quick');
