// Where the CPU of a window went, from a V8 .cpuprofile (node --cpu-prof):
// self time per function and per place (the project's files, each package,
// Node's own internals, garbage collection), counting only the samples taken
// inside the window.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time inside the window, ms (busy: idle and program samples left out). */
  busyMs: number;
  byPlace: { place: string; ms: number }[];
  byFunction: { name: string; place: string; ms: number }[];
}

/** Which part of the program a script URL belongs to. */
export function placeOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8/Node native (program)';
  if (url === '') return 'native';
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? `internal/${url.split('/')[1] ?? ''}` : url.slice(5)}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `package ${modules[1]}`;
  const project = /\/(electron\/[^?#]+|scripts\/[^?#]+|dist[^/]*\/[^?#]+)/.exec(url);
  return project ? (project[1] ?? url) : url;
}

/** Summarises the samples taken between fromUs and toUs (microseconds, the profile's clock). */
export function summariseProfile(file: string, fromUs: number, toUs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < fromUs || at > toUs) return;
    const next = profile.timeDeltas[index + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + next);
  });
  const places = new Map<string, number>();
  const functions = new Map<string, { name: string; place: string; ms: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + us);
    const key = `${functionName}@${url}:${lineNumber}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', place, ms: 0 };
    entry.ms += us / 1000;
    functions.set(key, entry);
  }
  return {
    busyMs: busyUs / 1000,
    byPlace: [...places].map(([place, us]) => ({ place, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    byFunction: [...functions.values()].sort((a, b) => b.ms - a.ms),
  };
}

/** The profile's own clock (µs) at its start, to place a window in it. */
export function profileStartUs(file: string): { startTime: number; endTime: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return { startTime: profile.startTime, endTime: profile.endTime };
}
