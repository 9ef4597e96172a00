// The idle benchmark's peer: what an operator would run instead of Outage
// Watch. Debian's Prometheus scraping Debian's blackbox exporter every 30 s
// for the same 20 apps (HTTP with the stock http_2xx module, and each app's
// name, type A, at the system resolver) and the two controls (HTTP), both as
// the benchmark's own children in the lab's client namespace, with generated
// configs, listening on that namespace's loopback only (docs/contracts.md §6).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTER_LAN_ADDRESS } from '../../e2e/lab/lab-addresses';
import { execIn } from '../../e2e/lab/lab-shell';
import type { Lab } from '../../e2e/lab/lab';
import { PROMETHEUS_BINARY, PROMTOOL_BINARY } from '../../electron/testkit/prometheus';

export const BLACKBOX_BINARY = '/usr/bin/prometheus-blackbox-exporter';
const PROMETHEUS_LISTEN = '127.0.0.1:9090';
const BLACKBOX_LISTEN = '127.0.0.1:9115';
export const PEER_INTERVAL_SECONDS = 30;

/** Why the peer cannot run here, or null when it can. */
export function peerMissing(): string | null {
  for (const [binary, pkg] of [
    [PROMETHEUS_BINARY, 'prometheus'],
    [BLACKBOX_BINARY, 'prometheus-blackbox-exporter'],
  ] as const) {
    if (spawnSync(binary, ['--version']).status !== 0)
      return `${binary} is not installed (apt-get install ${pkg}; its service is never started)`;
  }
  return null;
}

export interface PeerTargets {
  /** URLs probed over HTTP: the apps', then the controls'. */
  httpUrls: string[];
  /** Names probed over DNS (type A) at the system resolver. */
  dnsNames: string[];
  caFile: string;
}

const yamlString = (text: string) => JSON.stringify(text);

function blackboxConfig(targets: PeerTargets): string {
  const dnsModules = targets.dnsNames.map(
    (name, index) =>
      `  dns_${index}:\n    prober: dns\n    dns:\n      query_name: ${yamlString(name)}\n      query_type: A\n      transport_protocol: udp\n`,
  );
  return [
    'modules:',
    '  http_2xx:',
    '    prober: http',
    '    http:',
    '      tls_config:',
    `        ca_file: ${yamlString(targets.caFile)}`,
    ...dnsModules,
  ].join('\n');
}

function prometheusConfig(targets: PeerTargets): string {
  const relabel = (module: string | null) =>
    [
      '    relabel_configs:',
      '      - source_labels: [__address__]',
      '        target_label: __param_target',
      // Each probe its own series (else every target is the exporter's address, and their samples collide).
      '      - source_labels: [__param_target]',
      '        target_label: instance',
      ...(module === null ? ['      - source_labels: [module]', '        target_label: __param_module'] : []),
      `      - target_label: __address__`,
      `        replacement: ${BLACKBOX_LISTEN}`,
    ].join('\n');
  const dnsTargets = targets.dnsNames.map(
    (_, index) =>
      `      - targets: [${yamlString(`${ROUTER_LAN_ADDRESS}:53`)}]\n        labels: { module: dns_${index} }`,
  );
  return [
    'global:',
    `  scrape_interval: ${PEER_INTERVAL_SECONDS}s`,
    '  scrape_timeout: 10s',
    'scrape_configs:',
    '  - job_name: blackbox_http',
    '    metrics_path: /probe',
    '    params: { module: [http_2xx] }',
    '    static_configs:',
    `      - targets: [${targets.httpUrls.map(yamlString).join(', ')}]`,
    relabel('http_2xx'),
    '  - job_name: blackbox_dns',
    '    metrics_path: /probe',
    '    static_configs:',
    ...dnsTargets,
    relabel(null),
  ].join('\n');
}

export interface RunningPeer {
  processes: ChildProcess[];
  /** How many probes last succeeded, of how many (Prometheus's own `probe_success`). */
  probeSuccess(): Promise<{ up: number; of: number }>;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts the blackbox exporter and Prometheus in the client namespace, with their configs and data in `folder`. */
export async function startPeer(lab: Lab, folder: string, targets: PeerTargets): Promise<RunningPeer> {
  mkdirSync(join(folder, 'tsdb'), { recursive: true });
  const blackboxFile = join(folder, 'blackbox.yml');
  const prometheusFile = join(folder, 'prometheus.yml');
  writeFileSync(blackboxFile, blackboxConfig(targets));
  writeFileSync(prometheusFile, prometheusConfig(targets));
  const processes: ChildProcess[] = [];
  const logs: string[] = [];
  const started = (label: string, child: ChildProcess) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => logs.push(`${label}: ${chunk}`.slice(0, 500)));
    child.stdout?.resume();
    processes.push(child);
    return child;
  };
  started(
    'blackbox',
    lab.spawnInClient(
      BLACKBOX_BINARY,
      [`--config.file=${blackboxFile}`, `--web.listen-address=${BLACKBOX_LISTEN}`, '--log.level=warn'],
      folder,
    ),
  );
  started(
    'prometheus',
    lab.spawnInClient(
      PROMETHEUS_BINARY,
      [
        `--config.file=${prometheusFile}`,
        `--storage.tsdb.path=${join(folder, 'tsdb')}`,
        `--web.listen-address=${PROMETHEUS_LISTEN}`,
        '--log.level=warn',
      ],
      folder,
    ),
  );
  const stop = async () => {
    for (const child of processes.reverse()) await stopChild(child);
  };
  await new Promise((done) => setTimeout(done, 2_000));
  const dead = processes.find((child) => child.exitCode !== null);
  if (dead) {
    await stop();
    throw new Error(`the peer did not start: ${logs.join('').trim()}`);
  }
  return {
    processes,
    async probeSuccess() {
      const out = await execIn(lab.names.client, PROMTOOL_BINARY, [
        'query',
        'instant',
        '-o',
        'json',
        `http://${PROMETHEUS_LISTEN}`,
        'probe_success',
      ]);
      const samples = JSON.parse(out) as { value: [number, string] }[];
      return { up: samples.filter((sample) => sample.value[1] === '1').length, of: samples.length };
    },
    stop,
  };
}
