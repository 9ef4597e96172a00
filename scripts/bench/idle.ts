// `npm run bench -- --idle`: `outage-watch watch` over 20 healthy loopback
// apps, started the way a user starts it (`npm run --silent cli -- watch`),
// at the product's defaults (interval 30 s, timeout 3000 ms). After a warm-up
// it measures a minute: CPU and RSS of the whole process tree (from /proc),
// and what each app, control, canary and the captive check received.
//   --before DIR  measures that checkout first, then this one, on the same config
//   --before-without-canaries  that checkout with canaries off (as main ran before they were on by default)
//   --seconds N   the measured window (default 60)
//   --profile     then a second window with the engine under the CPU profiler (node --cpu-prof):
//                 where that window's CPU went (the profiler's own cost is kept out of the first window)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ConfigInput } from '../../electron/contracts/config';
import { summariseProfile, type ProfileSummary } from './cpu-profile';
import { measureTree, type TreeCost } from './process-tree';
import { median } from './stats';
import type { WorldHello, WorldTraffic } from './idle-world';

const WARM_UP_MS = 10_000;
const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

interface WorldHandle {
  hello: WorldHello;
  command(line: 'reset' | 'traffic'): Promise<string>;
  close(): Promise<void>;
}

async function startWorld(benchScript: string): Promise<WorldHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', benchScript, 'idle-world'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the world process ended early');
  return {
    hello: JSON.parse(first.value) as WorldHello,
    async command(line) {
      child.stdin.write(`${line}\n`);
      const reply = await lines.next();
      return reply.done ? '' : reply.value;
    },
    async close() {
      child.stdin.end();
      await new Promise((done) => child.on('close', done));
    },
  };
}

function childEnv(profileDir: string | null): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  if (profileDir) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profileDir}`;
  return env;
}

/** `npm run --silent cli -- watch` in `root`, in its own process group; resolves once the first verdict is printed. */
async function startWatch(
  root: string,
  configFile: string,
  dataDir: string,
  profileDir: string | null,
  onOutput: (text: string) => void,
): Promise<ChildProcess> {
  const child = spawn('npm', ['run', '--silent', 'cli', '--', 'watch', '--config', configFile, '--data-dir', dataDir], {
    cwd: root,
    env: childEnv(profileDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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

async function stopWatch(child: ChildProcess): Promise<void> {
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

interface IdleResult {
  cost: TreeCost;
  traffic: WorldTraffic;
  verdictLine: string;
  profile: ProfileSummary | null;
}

async function measureCheckout(
  world: WorldHandle,
  root: string,
  config: ConfigInput,
  windowMs: number,
  profile: boolean,
): Promise<IdleResult> {
  const folder = mkdtempSync(join(tmpdir(), 'outage-watch-idle-'));
  const configFile = join(folder, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const profileDir = profile ? join(folder, 'profiles') : null;
  let output = '';
  try {
    const child = await startWatch(root, configFile, join(folder, 'data'), profileDir, (text) => (output += text));
    let cost: TreeCost;
    let traffic: WorldTraffic;
    let window: [number, number];
    try {
      await new Promise((done) => setTimeout(done, WARM_UP_MS));
      await world.command('reset');
      const from = monotonicUs();
      cost = await measureTree(child.pid as number, windowMs);
      window = [from, monotonicUs()];
      traffic = JSON.parse(await world.command('traffic')) as WorldTraffic;
    } finally {
      await stopWatch(child);
    }
    const file = profileDir ? engineProfile(profileDir) : null;
    // The profiler samples every process of the tree: its CPU figures are not the product's.
    return {
      cost,
      traffic,
      verdictLine: output.trim().split('\n').at(-1) ?? '',
      profile: file ? summariseProfile(file, ...window) : null,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const perMinute = (count: number, windowMs: number) => (count * 60_000) / windowMs;
const fmt = (value: number, digits = 1) => value.toFixed(digits);

function report(label: string, hello: WorldHello, result: IdleResult): void {
  const { cost, traffic } = result;
  const minutes = (n: number) => perMinute(n, cost.wallMs);
  const [wrapper, ...project] = cost.processes;
  const projectRss = project.reduce((sum, p) => sum + p.maxRssKiB, 0) / 1024;
  console.log(`\n### ${label}\n`);
  console.log(`Last line printed: \`${result.verdictLine.slice(0, 100)}\`\n`);
  console.log('| process | CPU (ms) | % of one core | max RSS (MiB) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const p of cost.processes) {
    // An empty command line is a child that ended and was not reaped yet.
    const role = p === wrapper ? "npm's wrapper" : p.command || '(a child that ended)';
    console.log(
      `| ${role} | ${fmt(p.cpuMs, 0)} | ${fmt((100 * p.cpuMs) / cost.wallMs, 2)} | ${fmt(p.maxRssKiB / 1024)} |`,
    );
  }
  console.log(
    `| **whole tree** | ${fmt(cost.cpuMs, 0)} | **${fmt((100 * cost.cpuMs) / cost.wallMs, 2)}** | ${fmt(cost.maxTotalRssKiB / 1024)} (project's own: **${fmt(projectRss)}**) |`,
  );

  const requests = (host: string) => traffic.https.requests[host] ?? 0;
  const handshakes = (host: string) => traffic.https.handshakes[host] ?? 0;
  const appNames = (app: WorldHello['apps'][number]) => [app.hostname, ...(app.cnameChain ?? [])];
  // Per app, per resolver, per type: the busiest.
  const dnsPerApp = hello.apps.map((app) => {
    let busiest = 0;
    for (const resolver of traffic.resolvers) {
      for (const type of ['A', 'AAAA', 'PTR']) {
        const count = appNames(app).reduce((sum, name) => sum + (resolver.queries[`${name} ${type}`] ?? 0), 0);
        busiest = Math.max(busiest, count);
      }
    }
    return busiest;
  });
  const row = (what: string, values: number[]) =>
    console.log(`| ${what} | ${fmt(minutes(median(values)))} | ${fmt(minutes(Math.max(...values, 0)))} |`);
  console.log('\nPer minute, in the measured window:\n');
  console.log('| what | median | max |');
  console.log('| --- | ---: | ---: |');
  row(
    'HTTP requests per app',
    hello.apps.map((a) => requests(a.hostname)),
  );
  row(
    'TLS handshakes per app',
    hello.apps.map((a) => handshakes(a.hostname)),
  );
  row('DNS queries per app, per type, per resolver (busiest)', dnsPerApp);
  row('HTTP requests per control', hello.controls.map(requests));
  row('TLS handshakes per control', hello.controls.map(handshakes));
  row(
    'HTTP requests per canary',
    hello.canaries.map((c) => requests(c.hostname)),
  );
  row('captive check requests', [Object.values(traffic.captive.requests).reduce((a, b) => a + b, 0)]);
  const resumed = traffic.https.resumedHandshakes;
  const allHandshakes = Object.values(traffic.https.handshakes).reduce((a, b) => a + b, 0);
  console.log(
    `| TCP connections to the HTTPS fake (apps, controls, canaries) | ${fmt(minutes(traffic.https.connections))} | |`,
  );
  console.log(`| TLS handshakes, of them resumed | ${fmt(minutes(allHandshakes))}, ${fmt(minutes(resumed))} | |`);

  // DNS by purpose.
  const purposeOf = (name: string): string => {
    if (name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa')) return 'PTR (who serves an app)';
    if (hello.apps.some((app) => appNames(app).includes(name))) return 'app names';
    if (hello.controls.includes(name)) return 'control names';
    if (hello.canaries.some((c) => c.hostname === name)) return 'canary names';
    if (name === hello.captiveHost) return 'captive check name';
    return 'other';
  };
  const byPurpose = new Map<string, Map<string, number>>();
  for (const resolver of traffic.resolvers) {
    for (const [key, count] of Object.entries(resolver.queries)) {
      const purpose = purposeOf(key.split(' ')[0] ?? '');
      const row = byPurpose.get(purpose) ?? new Map<string, number>();
      row.set(resolver.name, (row.get(resolver.name) ?? 0) + count);
      byPurpose.set(purpose, row);
    }
  }
  const names = traffic.resolvers.map((r) => r.name);
  console.log(`\nDNS queries per minute, by what they are for:\n`);
  console.log(`| for | ${names.join(' | ')} | all |`);
  console.log(`| --- | ${names.map(() => '---:').join(' | ')} | ---: |`);
  let total = 0;
  for (const [purpose, counts] of byPurpose) {
    const all = [...counts.values()].reduce((a, b) => a + b, 0);
    total += all;
    console.log(
      `| ${purpose} | ${names.map((n) => fmt(minutes(counts.get(n) ?? 0))).join(' | ')} | ${fmt(minutes(all))} |`,
    );
  }
  console.log(`| **all** | ${names.map(() => '').join(' | ')} | **${fmt(minutes(total))}** |`);
  if (result.profile) reportProfile(result.profile);
}

function reportProfile(profile: ProfileSummary): void {
  console.log(`\nThe engine's CPU profile of the window: ${fmt(profile.busyMs, 0)} ms sampled busy.\n`);
  console.log('| where | ms | share |');
  console.log('| --- | ---: | ---: |');
  for (const { place, ms } of profile.byPlace.slice(0, 14)) {
    console.log(`| ${place} | ${fmt(ms, 0)} | ${fmt((100 * ms) / profile.busyMs, 0)} % |`);
  }
  console.log('\n| function (self time) | where | ms |');
  console.log('| --- | --- | ---: |');
  for (const { name, place, ms } of profile.byFunction.slice(0, 15))
    console.log(`| ${name} | ${place} | ${fmt(ms, 1)} |`);
}

export async function runIdleBench(benchScript: string, args: string[]): Promise<void> {
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const before = option('--before');
  const windowMs = Number(option('--seconds') ?? 60) * 1000;
  const profile = args.includes('--profile');
  const world = await startWorld(benchScript);
  try {
    // The product's defaults: no interval or timeout of the bench's own.
    const { intervalSeconds: _interval, timeoutMs: _timeout, ...config } = world.hello.config;
    console.log(
      `## Idle: \`npm run --silent cli -- watch\` over ${world.hello.apps.length} healthy loopback apps, ${windowMs / 1000} s after a ${WARM_UP_MS / 1000} s warm-up (Node ${process.version} runs the bench)`,
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
      { label: 'this checkout', root: repoRoot, config },
    ];
    for (const checkout of checkouts) {
      const measured = await measureCheckout(world, checkout.root, checkout.config, windowMs, false);
      if (profile)
        measured.profile = (await measureCheckout(world, checkout.root, checkout.config, windowMs, true)).profile;
      report(checkout.label, world.hello, measured);
    }
  } finally {
    await world.close();
  }
}
