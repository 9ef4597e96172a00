// One round: the local network, the captive check, the controls, the apps and
// (optionally) the provider canaries, all at once under a concurrency limit,
// so a round costs about one timeout however many apps are watched.
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { CheckProgress } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { RoundEvidence, TargetProbe } from '../contracts/probe-results';
import { CATALOG_CANARIES, findCatalogApp, type IpRangeIndex } from '../catalog/index';
import { probeCaptivePortal } from './captive';
import { probeLocalNetwork } from './local';
import { resolversFromConfig } from './system-resolvers';
import {
  makeResolve,
  probeTarget,
  type ProbeDepth,
  type ProviderMemoryEntry,
  type RememberedName,
  type TargetContext,
  type TargetSpec,
} from './target';

export interface RoundOptions {
  signal?: AbortSignal;
  onProgress?: (progress: CheckProgress) => void;
  /** Which apps to probe; [] = none (the cheap heartbeat); undefined = all. */
  appIds?: string[];
  /** Probe the catalog canaries; defaults to config.canaries. */
  canaries?: boolean;
  providerMemory?: Map<string, ProviderMemoryEntry>;
  /** CNAMEs seen per app in earlier rounds (the history's memory). */
  nameMemory?: ReadonlyMap<string, readonly RememberedName[]>;
  /** Extra trusted roots (PEM), beside config.trustedCaFile. */
  ca?: string[];
  /** Caps the config's timeout for this round (the heartbeat; confirming rounds use the full timeout). */
  timeoutCapMs?: number;
  /** How deep the controls are probed; `connect` (TCP only) suits the cheap heartbeat. */
  controlDepth?: ProbeDepth;
  /** Targets probed at once; each target asks every resolver in parallel. */
  concurrency?: number;
  /** The providers' published IP ranges (loaded by the engine); null or absent = attribution without them. */
  ipRanges?: IpRangeIndex | null;
}

export const DEFAULT_CONCURRENCY = 64;

/** The apps of the config as probe targets: catalog ids resolved, custom apps as given. */
export function appTargets(config: Config): TargetSpec[] {
  return config.apps.map((entry) => {
    if (typeof entry === 'string') {
      const app = findCatalogApp(entry);
      if (!app) throw new Error(`unknown app id "${entry}"`);
      return {
        id: app.id,
        name: app.name,
        url: app.urls[0] ?? '',
        provider: app.provider,
        region: app.region,
        providerSource: app.provider ? 'catalog' : null,
      };
    }
    return {
      id: entry.id,
      name: entry.name,
      url: entry.url,
      provider: entry.provider ?? null,
      region: entry.region ?? null,
      providerSource: entry.provider ? 'config' : null,
    };
  });
}

function controlTargets(config: Config): TargetSpec[] {
  return config.controls.map((url, index) => ({
    id: `control-${index + 1}`,
    name: new URL(url).hostname,
    url,
    provider: null,
    region: null,
    providerSource: null,
  }));
}

function canaryTargets(): TargetSpec[] {
  return CATALOG_CANARIES.map((canary) => ({
    id: canary.id,
    name: canary.name,
    url: canary.url,
    provider: canary.provider,
    region: canary.region,
    providerSource: 'catalog',
  }));
}

export async function loadTrustedCa(config: Config): Promise<string[]> {
  if (!config.trustedCaFile) return [];
  return [await readFile(config.trustedCaFile, 'utf8')];
}

export async function runRound(config: Config, options: RoundOptions = {}): Promise<RoundEvidence> {
  const at = new Date().toISOString();
  const timeoutMs = Math.min(config.timeoutMs, options.timeoutCapMs ?? Number.POSITIVE_INFINITY);
  const signal = options.signal;
  // Every probe of the round listens to the one signal: hundreds is expected, not a leak.
  if (signal) setMaxListeners(0, signal);
  const ca = [...(await loadTrustedCa(config)), ...(options.ca ?? [])];
  const resolvers = await resolversFromConfig(config);
  const context: TargetContext = {
    resolvers,
    timeoutMs,
    ca: ca.length > 0 ? ca : undefined,
    signal,
    providerMemory: options.providerMemory,
    nameMemory: options.nameMemory,
    ipRanges: options.ipRanges ?? null,
  };
  // Controls need no provider: a reverse lookup there would be wasted, every heartbeat.
  const appContext: TargetContext = { ...context, reverseLookup: true };

  const wanted = options.appIds ? new Set(options.appIds) : null;
  const apps = appTargets(config).filter((app) => !wanted || wanted.has(app.id));
  const controls = controlTargets(config);
  const canaries = (options.canaries ?? config.canaries) ? canaryTargets() : [];

  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const pending = new Set(apps.map((app) => app.id));
  const report = () =>
    options.onProgress?.({ pending: [...pending], done: apps.length - pending.size, total: apps.length });
  report();

  const probeAll = (
    specs: TargetSpec[],
    trackProgress: boolean,
    targetContext: TargetContext,
    depth: ProbeDepth = 'full',
  ): Promise<TargetProbe[]> =>
    Promise.all(
      specs.map((spec) =>
        limit(async () => {
          const result = await probeTarget(spec, targetContext, depth);
          if (trackProgress) {
            pending.delete(spec.id);
            report();
          }
          return result;
        }),
      ),
    );

  const [local, captivePortal, controlResults, appResults, canaryResults] = await Promise.all([
    probeLocalNetwork({ gateway: config.gateway, timeoutMs, signal }),
    probeCaptivePortal({
      captivePortal: config.captivePortal,
      timeoutMs,
      ca: context.ca,
      resolve: makeResolve(context),
      signal,
    }),
    probeAll(controls, false, context, options.controlDepth),
    probeAll(apps, true, appContext),
    probeAll(canaries, false, appContext),
  ]);

  return {
    at,
    local,
    resolvers,
    captivePortal,
    controls: controlResults,
    apps: appResults,
    canaries: canaryResults,
    timeoutMs,
  };
}
