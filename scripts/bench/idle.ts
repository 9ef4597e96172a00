// `npm run bench -- --idle`: `watch` over 20 healthy apps in the namespace lab
// (e2e/lab), started the way a user starts it (`npm run --silent cli --
// watch`) in the lab's client namespace, at the product's defaults: the
// config holds only what the lab forces (idle-world.ts). After a warm-up it
// measures a minute: CPU and RSS of the whole process tree (from /proc), and
// what the lab's internet received from it (every app, control, canary, the
// captive check, each resolver) and how often it looked at the gateway.
// Then the peer (idle-peer.ts: Prometheus and the blackbox exporter) in the
// same lab, measured the same way.
//   --before DIR  measures that checkout first, then this one, on the same config
//   --before-without-canaries  that checkout with canaries off (as main ran before they were on by default)
//   --seconds N   the measured window (default 60)
//   --profile     then a second window with the engine under the CPU profiler (node --cpu-prof):
//                 where that window's CPU went (the profiler's own cost is kept out of the first window)
//   --no-peer     leaves the peer out
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConfigInput } from '../../electron/contracts/config';
import { CLIENT_ADDRESS, ROUTER_LAN_ADDRESS } from '../../e2e/lab/lab-addresses';
import { execIn, nftIn } from '../../e2e/lab/lab-shell';
import { labUnavailableReason, startLab, type Lab } from '../../e2e/lab/lab';
import { GATEWAY_PORTS } from '../../electron/probe/local';
import { summariseProfile } from './cpu-profile';
import { IDLE_APP_LIST, idleConfig, idleSites } from './idle-world';
import { PEER_INTERVAL_SECONDS, peerMissing, startPeer } from './idle-peer';
import { reportIdle, type IdleMeasurement } from './idle-report';
import { measureTree } from './process-tree';

const WARM_UP_MS = 10_000;
const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
const GATEWAY_TABLE = 'owbench_gateway';

/** Counts the client's TCP connects to the router's gateway-look ports (nftables in the router namespace). */
async function countGatewayLooks(lab: Lab): Promise<void> {
  await nftIn(
    lab.names.router,
    `table inet ${GATEWAY_TABLE} {
  chain input {
    type filter hook input priority -10; policy accept;
    ip saddr ${CLIENT_ADDRESS} ip daddr ${ROUTER_LAN_ADDRESS} tcp dport { ${GATEWAY_PORTS.join(', ')} } tcp flags & (syn | ack) == syn counter
  }
}
`,
  );
}

async function gatewayLooks(lab: Lab): Promise<number> {
  const listing = JSON.parse(await execIn(lab.names.router, 'nft', ['-j', 'list', 'table', 'inet', GATEWAY_TABLE])) as {
    nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[];
  };
  let packets = 0;
  for (const entry of listing.nftables)
    for (const expr of entry.rule?.expr ?? []) packets += expr.counter?.packets ?? 0;
  return packets;
}

/** `npm run --silent cli -- watch` of `root` in the client namespace; resolves once the first verdict is printed. */
async function startWatch(
  lab: Lab,
  root: string,
  configFile: string,
  dataDir: string,
  profileDir: string | null,
  onOutput: (text: string) => void,
): Promise<ChildProcess> {
  const child = lab.spawnInClient(
    'npm',
    ['run', '--silent', 'cli', '--', 'watch', '--config', configFile, '--data-dir', dataDir],
    root,
    profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {},
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  child.stdout?.setEncoding('utf8').on('data', onOutput);
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`watch printed nothing in 60 s: ${stderr}`)), 60_000);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      done();
    });
    child.once('exit', (code) => fail(new Error(`watch exited (${code}): ${stderr}`)));
  });
  return child;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** The engine's profile: the largest one written (npm's and any wrapper's are small). */
function engineProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
  await exited;
  // npm may exit before what it started: wait for the whole group (profiles are written on exit).
  for (let waited = 0; waited < 10_000; waited += 100) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      break;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  clearTimeout(timer);
}

/** A warm-up, then one window: the trees' cost, the traffic they caused, the gateway looks. */
async function measureWindow(lab: Lab, rootPids: number[], windowMs: number) {
  await new Promise((done) => setTimeout(done, WARM_UP_MS));
  await lab.resetTraffic();
  const gatewayBefore = await gatewayLooks(lab);
  const from = monotonicUs();
  const cost = await measureTree(rootPids, windowMs);
  const window: [number, number] = [from, monotonicUs()];
  const traffic = await lab.traffic();
  return { cost, traffic, gatewayConnects: (await gatewayLooks(lab)) - gatewayBefore, window };
}

async function measureWatch(
  lab: Lab,
  label: string,
  root: string,
  config: ConfigInput,
  windowMs: number,
  profile: boolean,
): Promise<IdleMeasurement> {
  const folder = mkdtempSync(join(tmpdir(), 'outage-watch-idle-'));
  const configFile = await lab.writeConfig(config);
  const profileDir = profile ? join(folder, 'profiles') : null;
  let output = '';
  try {
    const child = await startWatch(lab, root, configFile, join(folder, 'data'), profileDir, (text) => (output += text));
    let measured: Awaited<ReturnType<typeof measureWindow>>;
    try {
      measured = await measureWindow(lab, [child.pid as number], windowMs);
    } finally {
      await stopGroup(child);
    }
    const file = profileDir ? engineProfile(profileDir) : null;
    return {
      label,
      cost: measured.cost,
      // `ip netns exec` becomes npm: the tree's root is npm's wrapper.
      wrapperPid: child.pid ?? null,
      traffic: measured.traffic,
      gatewayConnects: measured.gatewayConnects,
      lastLine: `Last line printed: \`${output.trim().split('\n').at(-1) ?? ''}\``,
      // The profiler samples every process of the tree: its CPU figures are not the product's.
      profile: file ? summariseProfile(file, ...measured.window) : null,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measurePeer(lab: Lab, config: ConfigInput, windowMs: number): Promise<IdleMeasurement> {
  const folder = mkdtempSync(join(tmpdir(), 'outage-watch-idle-peer-'));
  try {
    const peer = await startPeer(lab, folder, {
      httpUrls: [...IDLE_APP_LIST.map((app) => `https://${app.site.hostname}/`), ...(config.controls ?? [])],
      dnsNames: IDLE_APP_LIST.map((app) => app.site.hostname),
      caFile: lab.caFile,
    });
    try {
      const measured = await measureWindow(
        lab,
        peer.processes.map((child) => child.pid as number),
        windowMs,
      );
      const success = await peer.probeSuccess();
      return {
        label: `the peer: Prometheus + blackbox exporter, every ${PEER_INTERVAL_SECONDS} s`,
        cost: measured.cost,
        wrapperPid: null,
        traffic: measured.traffic,
        gatewayConnects: measured.gatewayConnects,
        lastLine: `probe_success at the end: ${success.up} of ${success.of} probes up`,
        profile: null,
      };
    } finally {
      await peer.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function runIdleBench(args: string[]): Promise<void> {
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const unavailable = labUnavailableReason();
  if (unavailable) throw new Error(`the idle bench runs in the namespace lab: ${unavailable}`);
  const withPeer = !args.includes('--no-peer');
  const missing = withPeer ? peerMissing() : null;
  if (missing) throw new Error(`the idle bench's peer: ${missing} (or --no-peer)`);
  const before = option('--before');
  const windowMs = Number(option('--seconds') ?? 60) * 1000;
  const profile = args.includes('--profile');
  const lab = await startLab();
  try {
    await lab.setSites(idleSites());
    await countGatewayLooks(lab);
    const config = idleConfig(lab);
    console.log(
      `## Idle: \`npm run --silent cli -- watch\` over ${IDLE_APP_LIST.length} healthy apps in the namespace lab's client, ${windowMs / 1000} s after a ${WARM_UP_MS / 1000} s warm-up (Node ${process.version} runs the bench)\n`,
    );
    console.log(
      `Config (only what the lab forces): \`${JSON.stringify({ ...config, apps: `${IDLE_APP_LIST.length} apps` })}\``,
    );
    const checkouts = [
      ...(before
        ? [
            {
              label: `before (${resolve(before)})`,
              root: resolve(before),
              config: args.includes('--before-without-canaries') ? { ...config, canaries: false } : config,
            },
          ]
        : []),
      { label: `this checkout (${repoRoot})`, root: repoRoot, config },
    ];
    for (const checkout of checkouts) {
      const measured = await measureWatch(lab, checkout.label, checkout.root, checkout.config, windowMs, false);
      if (profile)
        measured.profile = (
          await measureWatch(lab, checkout.label, checkout.root, checkout.config, windowMs, true)
        ).profile;
      reportIdle(measured);
    }
    if (withPeer) reportIdle(await measurePeer(lab, config, windowMs));
  } finally {
    await lab.close();
  }
}
