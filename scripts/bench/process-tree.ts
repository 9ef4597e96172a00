// What a process and everything it started cost, read from /proc (Linux):
// CPU time (user + system) and resident memory, per process and in all. The
// benchmarks measure the command a user types (`npm run --silent cli -- watch`)
// this way: npm's wrapper, any wrapper of the project's, and the engine.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  pid: number;
  ppid: number;
  /** The program's name and its first arguments, for the table. */
  command: string;
  /** Clock ticks of user + system time so far. */
  cpuTicks: number;
  rssKiB: number;
}

let ticksPerSecond: number | null = null;

/** The kernel's clock ticks per second (USER_HZ, 100 almost everywhere). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  }
  return ticksPerSecond;
}

function readProcess(pid: number): ProcessSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name (field 2) is in parentheses and may hold spaces: the fields after it start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const cpuTicks = Number(rest[11]) + Number(rest[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const command = argv
      .slice(0, 4)
      .map((arg) => arg.split('/').slice(-2).join('/'))
      .join(' ');
    return { pid, ppid, command, cpuTicks, rssKiB };
  } catch {
    // It ended between the listing and the read.
    return null;
  }
}

/** The processes and all their descendants as they are now. */
export function sampleTree(rootPids: readonly number[]): ProcessSample[] {
  const all = new Map<number, ProcessSample>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const sample = readProcess(Number(entry));
    if (sample) all.set(sample.pid, sample);
  }
  const tree: ProcessSample[] = [];
  const queue = [...rootPids];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    const sample = all.get(pid);
    if (!sample) continue;
    tree.push(sample);
    for (const child of all.values()) if (child.ppid === pid) queue.push(child.pid);
  }
  return tree;
}

export interface TreeCost {
  /** Wall time of the window, ms. */
  wallMs: number;
  /** CPU of the whole tree over the window, ms. */
  cpuMs: number;
  /** Per process: its command, CPU over the window and its largest RSS seen. */
  processes: { pid: number; command: string; cpuMs: number; maxRssKiB: number }[];
  /** The largest sum of RSS seen at one sample. */
  maxTotalRssKiB: number;
}

/** Samples the trees of these processes every `everyMs` for `windowMs` and returns what they cost in that window. */
export async function measureTree(rootPids: readonly number[], windowMs: number, everyMs = 1000): Promise<TreeCost> {
  const msPerTick = 1000 / clockTicksPerSecond();
  const first = new Map(sampleTree(rootPids).map((p) => [p.pid, p]));
  const started = performance.now();
  const last = new Map(first);
  const maxRss = new Map<number, number>();
  let maxTotalRssKiB = 0;
  const record = (samples: ProcessSample[]) => {
    let total = 0;
    for (const sample of samples) {
      last.set(sample.pid, sample);
      maxRss.set(sample.pid, Math.max(maxRss.get(sample.pid) ?? 0, sample.rssKiB));
      total += sample.rssKiB;
    }
    maxTotalRssKiB = Math.max(maxTotalRssKiB, total);
  };
  record([...first.values()]);
  while (performance.now() - started < windowMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, windowMs - (performance.now() - started))));
    record(sampleTree(rootPids));
  }
  const wallMs = performance.now() - started;
  const processes = [...last.values()].map((sample) => ({
    pid: sample.pid,
    command: sample.command,
    // A process born inside the window counts from zero.
    cpuMs: (sample.cpuTicks - (first.get(sample.pid)?.cpuTicks ?? 0)) * msPerTick,
    maxRssKiB: maxRss.get(sample.pid) ?? 0,
  }));
  return { wallMs, cpuMs: processes.reduce((sum, p) => sum + p.cpuMs, 0), processes, maxTotalRssKiB };
}
