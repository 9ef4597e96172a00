// `npm run bench:detect`: time from a fault to the right verdict, at the
// product's defaults (no interval or timeout of the bench's own), through the
// command a user types: `npm run --silent cli -- watch --json-lines` in the
// lab's client namespace. Each fault is injected at a random moment of the
// schedule (a seeded draw in [0, 30 s) after `ok` is shown, the same draws for
// every checkout), so no run rides on the phase of the last look. Blips (a
// 2 s fault) must change nothing. A benchmark, not a test: it prints tables
// (per scenario, per class: median and p95; recovery) for BENCHMARKS.md.
//   npm run bench:detect -- [--reps N] [--before DIR] [--checkout DIR] [--only NAME,...]
// --before DIR measures that checkout first (e.g. main's tree) in the same lab, then this one;
// --checkout DIR measures only that one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConfigInput } from '../electron/contracts/config';
import { labConfig, labUnavailableReason, startLab, type Lab } from '../e2e/lab/lab';
import { DETECT_SCENARIOS, BLIP_SCENARIOS, benchSites, benchApps, type Scenario } from './bench/detect-scenarios';
import { percentile, seconds } from './bench/stats';
import { describeExpected, followWatch, type RunningWatch } from './bench/verdict-stream';

const WAIT_LIMIT_MS = 90_000;
/** Faults land anywhere in one full-round interval (the default 30 s). */
const PHASE_SPAN_MS = 30_000;
/** After a blip, how long no verdict change may show. */
const BLIP_WATCH_MS = 20_000;
const BLIP_MS = 2_000;

const repoRoot = resolve(new URL('..', import.meta.url).pathname);

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** A small seeded generator (mulberry32): every checkout gets the same injection moments. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface ScenarioResult {
  scenario: Scenario;
  detectMs: number[];
  recoverMs: number[];
  /** Runs in which a verdict of the expected kind named another provider or other apps before the right one. */
  wrongDetailRuns: number;
  /** What those verdicts named, each once. */
  wrongDetail: Set<string>;
  failure: string | null;
}

interface BlipResult {
  name: string;
  runs: number;
  changes: string[];
}

function startWatch(lab: Lab, root: string, configFile: string, dataDir: string): RunningWatch {
  return followWatch(
    lab.spawnInClient(
      'npm',
      ['run', '--silent', 'cli', '--', 'watch', '--json-lines', '--config', configFile, '--data-dir', dataDir],
      root,
    ),
  );
}

/** Back to a healthy lab, and the time until `watch` shows ok again (0 when it never left ok). */
async function recover(lab: Lab, watch: RunningWatch): Promise<number> {
  const wasOk = watch.stream.latest?.kind === 'ok';
  const resetAt = performance.now();
  await lab.reset();
  await lab.setSites(benchSites());
  const okAt = await watch.stream.waitFor({ kind: 'ok' }, resetAt, WAIT_LIMIT_MS, wasOk);
  return wasOk ? 0 : okAt - resetAt;
}

async function measureCheckout(lab: Lab, root: string, reps: number, only: Set<string> | null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-bench-'));
  const config: ConfigInput = labConfig(lab, benchApps());
  // The product's defaults: labConfig's own timeout and canaries go, so the config's defaults apply
  // (3000 ms, 30 s, canaries 'auto': benchSites serves them).
  delete config.timeoutMs;
  delete config.canaries;
  const configFile = await lab.writeConfig(config);
  const random = seeded(15);
  await lab.reset();
  await lab.setSites(benchSites());
  let watch = startWatch(lab, root, configFile, dataDir);
  const results: ScenarioResult[] = [];
  const blips: BlipResult[] = [];
  try {
    await watch.stream.waitFor({ kind: 'ok' }, 0, WAIT_LIMIT_MS);
    for (const scenario of DETECT_SCENARIOS) {
      if (only && !only.has(scenario.name)) continue;
      const result: ScenarioResult = {
        scenario,
        detectMs: [],
        recoverMs: [],
        wrongDetailRuns: 0,
        wrongDetail: new Set(),
        failure: null,
      };
      results.push(result);
      try {
        for (let rep = 0; rep < reps; rep++) {
          await recover(lab, watch);
          await sleep(random() * PHASE_SPAN_MS);
          const injectedAt = performance.now();
          await scenario.inject(lab);
          const seenAt = await watch.stream.waitFor(scenario.expect, injectedAt, WAIT_LIMIT_MS);
          const wrong = watch.stream
            .wrongDetail(scenario.expect, injectedAt)
            .filter((line) => line.receivedAt < seenAt);
          if (wrong.length > 0) result.wrongDetailRuns += 1;
          for (const line of wrong)
            result.wrongDetail.add(`${line.provider ?? 'no provider'}: [${line.apps.join(', ')}]`);
          result.detectMs.push(seenAt - injectedAt);
          result.recoverMs.push(await recover(lab, watch));
        }
      } catch (error) {
        result.failure = (error as Error).message.split('\n')[0] ?? 'failed';
        if (watch.stream.ended) {
          // A crashed watch says nothing about the next scenario: start a fresh one.
          await lab.reset();
          watch = startWatch(lab, root, configFile, dataDir);
          await watch.stream.waitFor({ kind: 'ok' }, 0, WAIT_LIMIT_MS);
        }
      }
      process.stderr.write(`bench:detect: ${root}: ${scenario.name} done\n`);
    }
    for (const blip of BLIP_SCENARIOS) {
      if (only && !only.has(blip.name)) continue;
      const result: BlipResult = { name: blip.name, runs: 0, changes: [] };
      blips.push(result);
      for (let rep = 0; rep < reps; rep++) {
        await recover(lab, watch);
        await sleep(random() * PHASE_SPAN_MS);
        const injectedAt = performance.now();
        await blip.inject(lab);
        await sleep(Math.max(0, BLIP_MS - (performance.now() - injectedAt)));
        await lab.reset();
        await lab.setSites(benchSites());
        await sleep(BLIP_WATCH_MS);
        result.runs += 1;
        result.changes.push(
          ...watch.stream
            .since(injectedAt)
            .filter((line) => line.kind !== 'ok')
            .map((line) => line.kind),
        );
      }
      process.stderr.write(`bench:detect: ${root}: ${blip.name} done\n`);
    }
  } finally {
    await watch.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { results, blips };
}

function printTables(label: string, measured: Awaited<ReturnType<typeof measureCheckout>>): void {
  console.log(`\n### ${label}\n`);
  console.log(
    '| scenario | class | expected verdict | median (s) | p95 (s) | recovery median (s) | runs | runs with the kind first naming another provider or other apps |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const { scenario, detectMs, recoverMs, wrongDetailRuns, wrongDetail, failure } of measured.results) {
    const failed = failure ? ` (then failed: ${failure})` : '';
    const wrong = wrongDetailRuns > 0 ? `${wrongDetailRuns} (${[...wrongDetail].join('; ')})` : '0';
    console.log(
      `| ${scenario.name} | ${scenario.class} | ${describeExpected(scenario.expect)} | ${seconds(percentile(detectMs, 0.5))} | ${seconds(percentile(detectMs, 0.95))} | ${seconds(percentile(recoverMs, 0.5))} | ${detectMs.length}${failed} | ${wrong} |`,
    );
  }
  console.log('\n| class | runs | median (s) | p95 (s) | recovery median (s) | recovery p95 (s) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const klass of ['local', 'filtered', 'upstream', 'degraded'] as const) {
    const rows = measured.results.filter((r) => r.scenario.class === klass);
    const detect = rows.flatMap((r) => r.detectMs);
    const recover = rows.flatMap((r) => r.recoverMs);
    if (rows.length === 0) continue;
    console.log(
      `| ${klass} | ${detect.length} | ${seconds(percentile(detect, 0.5))} | ${seconds(percentile(detect, 0.95))} | ${seconds(percentile(recover, 0.5))} | ${seconds(percentile(recover, 0.95))} |`,
    );
  }
  if (measured.blips.length > 0) {
    console.log('\n| blip (2 s) | runs | verdict changes |');
    console.log('| --- | ---: | --- |');
    for (const blip of measured.blips) {
      console.log(`| ${blip.name} | ${blip.runs} | ${blip.changes.length === 0 ? 'none' : blip.changes.join(', ')} |`);
    }
  }
}

async function main(): Promise<number> {
  const reps = Number(option('--reps') ?? 5);
  const before = option('--before');
  const onlyText = option('--only');
  const only = onlyText ? new Set(onlyText.split(',')) : null;
  const unavailable = labUnavailableReason();
  if (unavailable) {
    console.error(`bench:detect: ${unavailable}`);
    return 1;
  }
  const lab = await startLab();
  try {
    const single = option('--checkout');
    const checkouts = [...(before ? [{ label: `before (${resolve(before)})`, root: resolve(before) }] : [])];
    checkouts.push(
      single
        ? { label: resolve(single), root: resolve(single) }
        : { label: `this checkout (${repoRoot})`, root: repoRoot },
    );
    console.log(
      `bench:detect — Node ${process.version}, ${reps} runs per scenario, faults at a seeded random moment in [0, 30 s), the product's default interval and timeout`,
    );
    let failures = 0;
    for (const checkout of checkouts) {
      const measured = await measureCheckout(lab, checkout.root, reps, only);
      printTables(checkout.label, measured);
      failures += measured.results.filter((r) => r.failure).length;
      failures += measured.blips.filter((b) => b.changes.length > 0).length;
    }
    return failures === 0 ? 0 : 1;
  } finally {
    await lab.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:detect: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
