// One round: the local network, the captive check, the controls, the apps and
// the provider canaries, all at once under a concurrency limit, so a round
// costs about one timeout however many apps are watched. A round may also be
// a sentinel's (the heartbeat): the controls asked of each resolver once, by
// one name in turn, and reached at their known addresses; one canary in turn.
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import pLimit from 'p-limit';
import type { CheckProgress } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type {
  CaptivePortalProbe,
  DnsResult,
  IpFamilies,
  LocalNetwork,
  RoundEvidence,
  TargetProbe,
} from '../contracts/probe-results';
import { CATALOG_CANARIES, findCatalogApp, type IpRangeIndex } from '../catalog/index';
import { probeCaptivePortal } from './captive';
import { queryDns } from './dns';
import { discoverLocalNetwork, probeLocalNetwork } from './local';
import { familiesFrom, IPV4ONLY_NAME, nat64FromAnswers, nat64FromIpv4Only, vpnInUse } from './network-shape';
import type { ProbeMemory } from './probe-memory';
import { DIRECT, type ProxyLookup, type ProxySettings } from './proxy-settings';
import { routeLookup, type RouteOf } from './route-lookup';
import { resolversFromConfig } from './system-resolvers';
import {
  makeResolve,
  probeTarget,
  type KnownAddress,
  type ProbeDepth,
  type ProviderMemoryEntry,
  type RememberedName,
  type TargetContext,
  type TargetPlan,
  type TargetSpec,
} from './target';

export interface RoundOptions {
  signal?: AbortSignal;
  onProgress?: (progress: CheckProgress) => void;
  /** Which apps to probe; [] = none (the cheap heartbeat); undefined = all. */
  appIds?: string[];
  /** Which of the config's canaries (chosenCanaries) to probe; undefined = all of them, [] = none. */
  canaryIds?: string[];
  /**
   * The heartbeat's way: each control's name asked of every resolver only on
   * its turn (IPv4 only), the others reached at their known addresses; canaries
   * asked of the system resolver only (IPv4 only). `turn` counts heartbeats.
   */
  sentinel?: { turn: number; knownAddresses: ReadonlyMap<string, KnownAddress> };
  /** The captive check as last seen, carried instead of probing it again. */
  carriedCaptive?: CaptivePortalProbe;
  /** What a run keeps between rounds (TLS sessions, PTR answers): the Monitor's. */
  memory?: ProbeMemory;
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
  /** The proxies the person's apps use (environment variables, or the system's settings through the app); absent = direct. */
  proxies?: ProxySettings;
  /** Names learned to be internal: only the system resolver knows them. */
  internalNames?: ReadonlySet<string>;
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
      ...(entry.internal ? { internal: true } : {}),
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

/** With `auto`, canaries per provider (and region) the watched apps are on: enough to tell, few enough to be cheap. */
export const AUTO_CANARIES_PER_PROVIDER = 2;

/**
 * The canaries the config asks for. `auto`: for each provider (and region)
 * the apps are on, by the config, the catalog or what earlier rounds learned,
 * the catalog's canaries of that region, else the provider's region-free ones.
 */
export function chosenCanaries(
  config: Config,
  providerMemory?: ReadonlyMap<string, ProviderMemoryEntry>,
): TargetSpec[] {
  const setting = config.canaries;
  if (setting === false) return [];
  if (Array.isArray(setting)) {
    return setting.map((canary) => ({
      id: canary.id,
      name: canary.name,
      url: canary.url,
      provider: canary.provider,
      region: canary.region ?? null,
      providerSource: 'config',
    }));
  }
  const fromCatalog = (ids: ReadonlySet<string> | null): TargetSpec[] =>
    CATALOG_CANARIES.filter((canary) => !ids || ids.has(canary.id)).map((canary) => ({
      id: canary.id,
      name: canary.name,
      url: canary.url,
      provider: canary.provider,
      region: canary.region,
      providerSource: 'catalog',
    }));
  if (setting === true) return fromCatalog(null);
  const wanted = new Set<string>();
  for (const app of appTargets(config)) {
    const remembered = providerMemory?.get(app.id);
    const provider = app.provider ?? remembered?.provider ?? null;
    if (!provider) continue;
    const region = app.provider ? app.region : (remembered?.region ?? null);
    const ofProvider = CATALOG_CANARIES.filter((canary) => canary.provider === provider);
    const inRegion = region ? ofProvider.filter((canary) => canary.region === region) : [];
    const picked = inRegion.length > 0 ? inRegion : ofProvider.filter((canary) => canary.region === null);
    for (const canary of picked.slice(0, AUTO_CANARIES_PER_PROVIDER)) wanted.add(canary.id);
  }
  return fromCatalog(wanted);
}

export async function loadTrustedCa(config: Config): Promise<string[]> {
  if (!config.trustedCaFile) return [];
  return [await readFile(config.trustedCaFile, 'utf8')];
}

/** Non-internal interfaces with their addresses, as one comparable text: what "the network changed" means mid-round. */
function interfaceSnapshot(): string {
  return Object.entries(networkInterfaces())
    .flatMap(([name, entries]) => (entries ?? []).filter((e) => !e.internal).map((e) => `${name} ${e.address}`))
    .sort()
    .join('\n');
}

/** The proxy settings for this round's URLs; a failing source leaves every connection direct. */
async function proxiesFor(settings: ProxySettings | undefined, urls: string[]): Promise<ProxyLookup> {
  if (!settings) return DIRECT;
  try {
    return await settings(urls);
  } catch {
    return DIRECT;
  }
}

/** The NAT64 prefix, looked for only on an IPv6-only network: ipv4only.arpa at the system resolver, else the answers. */
async function nat64Prefix(
  families: IpFamilies,
  context: Pick<TargetContext, 'resolvers' | 'timeoutMs' | 'signal'>,
  targets: TargetProbe[],
): Promise<string | null> {
  if (families.ipv6 !== true || families.ipv4 !== false) return null;
  const system = context.resolvers.find((resolver) => resolver.role === 'system');
  const asked = system
    ? await queryDns({
        hostname: IPV4ONLY_NAME,
        resolver: system,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
      })
    : null;
  const dns: DnsResult[] = targets.flatMap((target) => target.dns);
  return nat64FromIpv4Only(asked) ?? nat64FromAnswers(dns);
}

export async function runRound(config: Config, options: RoundOptions = {}): Promise<RoundEvidence> {
  const at = new Date().toISOString();
  const timeoutMs = Math.min(config.timeoutMs, options.timeoutCapMs ?? Number.POSITIVE_INFINITY);
  const signal = options.signal;
  // Every probe of the round listens to the one signal: hundreds is expected, not a leak.
  if (signal) setMaxListeners(0, signal);
  const ca = [...(await loadTrustedCa(config)), ...(options.ca ?? [])];
  const resolvers = await resolversFromConfig(config);
  const before = interfaceSnapshot();
  const discovery = discoverLocalNetwork(timeoutMs);
  const routeOf: RouteOf = routeLookup(discovery.then((found) => found.interfaces));
  const wanted = options.appIds ? new Set(options.appIds) : null;
  const apps = appTargets(config).filter((app) => !wanted || wanted.has(app.id));
  const controls = controlTargets(config);
  const canaryIds = options.canaryIds ? new Set(options.canaryIds) : null;
  const canaries = chosenCanaries(config, options.providerMemory).filter((c) => !canaryIds || canaryIds.has(c.id));
  const sentinel = options.sentinel;
  const proxyFor = await proxiesFor(
    options.proxies,
    [...apps, ...controls, ...canaries].map((target) => target.url),
  );
  const context: TargetContext = {
    resolvers,
    timeoutMs,
    ca: ca.length > 0 ? ca : undefined,
    signal,
    providerMemory: options.providerMemory,
    nameMemory: options.nameMemory,
    ipRanges: options.ipRanges ?? null,
    ...(options.memory ? { memory: options.memory } : {}),
    routeOf,
    proxyFor,
    ...(options.internalNames ? { internalNames: options.internalNames } : {}),
  };
  // Controls need no provider: a reverse lookup there would be wasted, every heartbeat.
  const appContext: TargetContext = { ...context, reverseLookup: true };

  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const pending = new Set(apps.map((app) => app.id));
  const report = () =>
    options.onProgress?.({ pending: [...pending], done: apps.length - pending.size, total: apps.length });
  report();

  const probeAll = (
    specs: TargetSpec[],
    trackProgress: boolean,
    targetContext: TargetContext,
    plan: (spec: TargetSpec, index: number) => TargetPlan = () => ({}),
  ): Promise<TargetProbe[]> =>
    Promise.all(
      specs.map((spec, index) =>
        limit(async () => {
          const result = await probeTarget(spec, targetContext, plan(spec, index));
          if (trackProgress) {
            pending.delete(spec.id);
            report();
          }
          return result;
        }),
      ),
    );

  // The heartbeat's controls: one name a turn at every resolver, the rest at the address last seen.
  const controlPlan = (spec: TargetSpec, index: number): TargetPlan => {
    const depth = options.controlDepth ?? 'full';
    if (!sentinel) return { depth };
    const known = sentinel.knownAddresses.get(spec.id);
    if (known && index !== sentinel.turn % controls.length) return { depth, dns: 'none', knownAddress: known };
    return { depth, ipv4Only: true };
  };
  const canaryPlan = (): TargetPlan => (sentinel ? { dns: 'system', ipv4Only: true } : {});
  const carried = options.carriedCaptive;
  const internetAddress = resolvers.find((resolver) => resolver.role === 'public')?.address ?? null;
  const [probedLocal, captivePortal, controlResults, appResults, canaryResults, internetRoute] = await Promise.all([
    probeLocalNetwork({ gateway: config.gateway, timeoutMs, signal, discovery }),
    carried ??
      probeCaptivePortal({
        captivePortal: config.captivePortal,
        timeoutMs,
        ca: context.ca,
        resolve: makeResolve(context),
        signal,
      }),
    probeAll(controls, false, context, controlPlan),
    probeAll(apps, true, appContext),
    probeAll(canaries, false, { ...appContext, reverseLookup: !sentinel }, canaryPlan),
    internetAddress ? routeOf(internetAddress) : Promise.resolve(null),
  ]);

  const discovered = await discovery;
  const targets = [...controlResults, ...appResults, ...canaryResults];
  const routes = [internetRoute, ...targets.map((target) => target.route)];
  const families = familiesFrom(discovered.families, routes, null);
  const local: LocalNetwork = {
    ...probedLocal,
    vpn: vpnInUse({
      interfaces: discovered.interfaces,
      defaultInterfaces: discovered.defaultInterfaces,
      internetRoute,
      routes,
    }),
    families: { ...families, nat64Prefix: await nat64Prefix(families, context, targets) },
    changedDuringRound: interfaceSnapshot() !== before,
  };

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
