// `npm run bench:detect`: time to verdict. Runs `watch --json-lines` inside
// the lab's client namespace, injects each fault, and measures how long until
// the right verdict is printed. A benchmark, not a test: it prints a table
// (median, p95) for BENCHMARKS.md.
//   node --import tsx scripts/bench-detect.ts [--reps N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Verdict, VerdictKind } from '../electron/contracts/diagnosis';
import { labConfig, labUnavailableReason, startLab, type Lab } from '../e2e/lab/lab';
import { block443, captivePortal, gatewayGone, linkDown, uplinkBlackholed } from '../e2e/lab/lab-faults';
import { ALL_APPS, answering, AWS_APPS, changeApps, sitesFor } from '../e2e/lab/lab-sites';

interface Scenario {
  name: string;
  expect: VerdictKind;
  targetSeconds: number;
  inject: (lab: Lab) => Promise<void>;
}

const SCENARIOS: Scenario[] = [
  { name: 'link loss', expect: 'offline', targetSeconds: 2, inject: (lab) => linkDown(lab.names) },
  { name: 'gateway gone', expect: 'lan', targetSeconds: 10, inject: (lab) => gatewayGone(lab.names) },
  { name: 'uplink blackholed', expect: 'isp', targetSeconds: 10, inject: (lab) => uplinkBlackholed(lab.names) },
  {
    name: 'router DNS SERVFAIL',
    expect: 'dns-local',
    targetSeconds: 10,
    inject: (lab) => lab.setRouterDns('servfail'),
  },
  { name: 'captive portal', expect: 'captive-portal', targetSeconds: 10, inject: (lab) => captivePortal(lab.names) },
  { name: 'TCP 443 refused', expect: 'firewall', targetSeconds: 10, inject: (lab) => block443(lab.names, 'refuse') },
  { name: 'uplink +800 ms round trip', expect: 'degraded', targetSeconds: 10, inject: (lab) => lab.slowUplink(800) },
  {
    name: 'AWS apps answer 503',
    expect: 'provider-outage',
    targetSeconds: 10,
    inject: (lab) =>
      lab.setSites(sitesFor(ALL_APPS, changeApps(AWS_APPS, answering(503, '<h1>503 Service Unavailable</h1>')))),
  },
];

const WAIT_LIMIT_MS = 60_000;
/** The product's default timeout: what a person running the app gets. */
const BENCH_TIMEOUT_MS = 3000;

function percentile(sorted: number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** The verdict lines `watch` prints, each stamped with when it arrived. */
class VerdictStream {
  latest: { kind: VerdictKind; receivedAt: number } | null = null;
  /** Why `watch` stopped, once it has. */
  ended: string | null = null;
  private waiters: Array<() => void> = [];

  push(verdict: Verdict): void {
    this.latest = { kind: verdict.kind, receivedAt: performance.now() };
    this.wake();
  }

  end(reason: string): void {
    this.ended = reason;
    this.wake();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the arrival time of the first verdict of `kind` received after `since`. */
  async waitFor(kind: VerdictKind, since: number): Promise<number> {
    const deadline = performance.now() + WAIT_LIMIT_MS;
    for (;;) {
      const latest = this.latest;
      if (latest && latest.kind === kind && latest.receivedAt >= since) return latest.receivedAt;
      if (this.ended) throw new Error(this.ended);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`no "${kind}" verdict within ${WAIT_LIMIT_MS / 1000} s (last: ${latest?.kind ?? 'none'})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

interface RunningWatch {
  stream: VerdictStream;
  stop(): Promise<void>;
}

/** `watch --json-lines` in the client namespace, its verdicts fed into a stream. */
function startWatch(lab: Lab, configFile: string, dataDir: string): RunningWatch {
  const child = lab.spawnCli(['watch', '--json-lines', '--config', configFile, '--data-dir', dataDir]);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const stream = new VerdictStream();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const parsed = JSON.parse(line) as { verdict?: Verdict };
      if (parsed.verdict) stream.push(parsed.verdict);
    } catch {
      // Not a verdict line.
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      stream.end(`\`watch\` exited (${code ?? signal}): ${stderr.trim()}`);
      resolve();
    }),
  );
  return {
    stream,
    async stop() {
      if (!stream.ended) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<number> {
  const repsAt = process.argv.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(process.argv[repsAt + 1]) : 5;
  const unavailable = labUnavailableReason();
  if (unavailable) {
    console.error(`bench:detect: ${unavailable}`);
    return 1;
  }
  const lab = await startLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-bench-'));
  try {
    await lab.setSites(sitesFor(ALL_APPS));
    const configFile = await lab.writeConfig(
      labConfig(
        lab,
        ALL_APPS.map((app) => app.config),
        { intervalSeconds: 5, timeoutMs: BENCH_TIMEOUT_MS },
      ),
    );
    let watch = startWatch(lab, configFile, dataDir);
    await watch.stream.waitFor('ok', 0);

    console.log(`| scenario | expected verdict | median (s) | p95 (s) | target (s) | runs |`);
    console.log(`| --- | --- | --- | --- | --- | --- |`);
    let failures = 0;
    for (const scenario of SCENARIOS) {
      const seconds: number[] = [];
      try {
        for (let rep = 0; rep < reps; rep++) {
          await lab.reset();
          await lab.setSites(sitesFor(ALL_APPS));
          await watch.stream.waitFor('ok', 0);
          const injectedAt = performance.now();
          await scenario.inject(lab);
          const seenAt = await watch.stream.waitFor(scenario.expect, injectedAt);
          seconds.push((seenAt - injectedAt) / 1000);
        }
      } catch (error) {
        failures += 1;
        console.log(
          `| ${scenario.name} | ${scenario.expect} | failed: ${(error as Error).message.split('\n')[0]} | | ≤ ${scenario.targetSeconds} | ${seconds.length} |`,
        );
        if (watch.stream.ended) {
          // A crashed watch says nothing about the next scenario: start a fresh one.
          await lab.reset();
          watch = startWatch(lab, configFile, dataDir);
          await watch.stream.waitFor('ok', 0);
        }
        continue;
      }
      seconds.sort((a, b) => a - b);
      console.log(
        `| ${scenario.name} | ${scenario.expect} | ${percentile(seconds, 0.5).toFixed(1)} | ${percentile(seconds, 0.95).toFixed(1)} | ≤ ${scenario.targetSeconds} | ${seconds.length} |`,
      );
    }
    await watch.stop();
    return failures === 0 ? 0 : 1;
  } finally {
    await lab.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:detect: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
