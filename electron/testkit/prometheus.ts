// A real Prometheus (Debian's `prometheus` package) as a test's own child
// process: a generated config, a temporary data folder, loopback only, the
// remote-write receiver on and an out-of-order window, so spooled samples
// with their original timestamps are taken. Never the system service.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const PROMTOOL_BINARY = '/usr/bin/promtool';

/** Why the real-Prometheus tests cannot run here (a binary of Debian's `prometheus` is missing), or null when they can. */
export function prometheusUnavailableReason(binaries = [PROMETHEUS_BINARY, PROMTOOL_BINARY]): string | null {
  const missing = binaries.filter((binary) => spawnSync(binary, ['--version'], { encoding: 'utf8' }).status !== 0);
  return missing.length === 0
    ? null
    : `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed (apt-get install prometheus; .ci/run does)`;
}

/**
 * For node:test's `skip`: the reason the real-Prometheus tests cannot run here
 * (printed with the skip), or false. In CI (CI set) a missing binary is an
 * error, not a skip: CI installs prometheus and must run these tests.
 */
export function prometheusSkipReason(env: NodeJS.ProcessEnv = process.env, binaries?: string[]): string | false {
  const reason = prometheusUnavailableReason(binaries);
  if (reason && env.CI) throw new Error(`${reason}; CI must run the real-Prometheus tests`);
  return reason ?? false;
}

export interface PrometheusOptions {
  /** Scrape targets as host:port, all in the job `outagewatch-scrape`. */
  scrapeTargets?: string[];
  /** Rule files to load (e.g. resources/fleet/outage-watch.rules.yml). */
  ruleFiles?: string[];
  /** Scrape and rule evaluation interval. */
  intervalSeconds?: number;
  outOfOrderWindow?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface RunningPrometheus {
  url: string;
  writeUrl: string;
  /** An instant query's vector. */
  query(expr: string, time?: number): Promise<PromSample[]>;
  /** A range selector's raw samples (e.g. `outagewatch_verdict{kind="isp"}[10m]`). */
  queryRange(selector: string): Promise<PromSeries[]>;
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  /** Waits until `check` holds (polling), or throws with what it last saw. */
  waitFor<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const folder = await mkdtemp(join(tmpdir(), 'outage-watch-prometheus-'));
  const port = await freePort();
  const interval = `${options.intervalSeconds ?? 1}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    storage: { tsdb: { out_of_order_time_window: options.outOfOrderWindow ?? '1h' } },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: options.scrapeTargets?.length
      ? [{ job_name: 'outagewatch-scrape', static_configs: [{ targets: options.scrapeTargets }] }]
      : [],
  };
  // JSON is YAML: no YAML writer needed.
  const configFile = join(folder, 'prometheus.yml');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  const waitFor: RunningPrometheus['waitFor'] = async (what, probe, check, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        last = await probe();
        if (check(last as never)) return last as never;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() > deadline)
        throw new Error(`prometheus: ${what} not within ${timeoutMs} ms; last: ${JSON.stringify(last)}\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const prometheus: RunningPrometheus = {
    url,
    writeUrl: `${url}/api/v1/write`,
    query: async (expr, time) =>
      (
        await api<{ result: PromSample[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}${time === undefined ? '' : `&time=${time}`}`,
        )
      ).result,
    queryRange: async (selector) =>
      (await api<{ result: PromSeries[] }>(`/api/v1/query?query=${encodeURIComponent(selector)}`)).result,
    alerts: async () =>
      (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts')).alerts,
    waitFor,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      'ready',
      async () => (await fetch(`${url}/-/ready`)).status,
      (status) => status === 200,
      30_000,
    );
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return prometheus;
}
