// A small internet on 127.0.0.1: a "system" resolver, two "public" resolvers,
// one HTTPS server for every app and control (routed by Host), one HTTP server
// for the captive-portal check, and a test CA made at run time. Tests, the
// benchmarks and the built-in demo break parts of it to see each verdict.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../contracts/config';
import { startFakeDns, type FakeDnsBehaviour, type FakeDnsEntry, type FakeDnsServer } from './fake-dns/index';
import { startFakeHttp, type FakeHttpBehaviour, type FakeHttpHandle } from './fake-http-server';
import { createTestCa, type TestCa } from './test-ca';

export const WORLD_HOST = '127.0.0.1';

export interface WorldApp {
  id: string;
  name: string;
  /** A name under .test (RFC 6761: never resolvable on the real internet). */
  hostname: string;
  /** Given to the config as the app's provider (strongest attribution). */
  provider?: string;
  region?: string;
  /** CNAME hops after the hostname, e.g. ['a1.elb.us-east-1.amazonaws.com']; served only by the fakes. */
  cnameChain?: string[];
  /** Headers every healthy answer carries (e.g. x-amz-cf-id). */
  headers?: Record<string, string>;
}

export interface LoopbackWorldOptions {
  apps: WorldApp[];
  /** Control hostnames; default two. */
  controls?: string[];
}

export interface LoopbackWorld {
  ca: TestCa;
  caFile: string;
  systemDns: FakeDnsServer;
  publicDns: FakeDnsServer[];
  https: FakeHttpHandle;
  captive: FakeHttpHandle;
  apps: WorldApp[];
  controls: string[];
  /** A config (input form) naming only this world: no gateway, no real resolver. */
  config(overrides?: Partial<ConfigInput>): ConfigInput;
  /** Writes config(overrides) to a file in the world's temp folder and returns its path. */
  writeConfig(overrides?: Partial<ConfigInput>, name?: string): Promise<string>;
  /** How one app's HTTPS answers; null = healthy again. */
  setAppHttp(appId: string, behaviour: FakeHttpBehaviour | null): void;
  /** One app's DNS entry at every resolver (or only at `which`); null = healthy again. */
  setAppDns(appId: string, entry: FakeDnsEntry | null, which?: 'all' | 'system' | 'public'): void;
  /** How the system resolver answers every name; null = healthy again. */
  setSystemDns(behaviour: FakeDnsBehaviour | null): void;
  /** Every control's HTTPS answer; null = healthy. */
  setControlsHttp(behaviour: FakeHttpBehaviour | null): void;
  /** The captive-portal check: intercepted with a redirect to a login page, or healthy. */
  setCaptiveIntercept(intercepted: boolean): void;
  /** Stops (or restarts on the same port) the HTTPS server: every app and control refused. */
  setHttpsDown(down: boolean): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const CAPTIVE_HOSTNAME = 'captive.test';

const HEALTHY: FakeHttpBehaviour = { kind: 'respond', status: 200, body: 'ok' };

function appBehaviour(app: WorldApp): FakeHttpBehaviour {
  return { kind: 'respond', status: 200, headers: app.headers ?? {}, body: 'ok' };
}

/** The zone every resolver serves: each name (and CNAME hop) ends at 127.0.0.1. */
function healthyZone(apps: WorldApp[], controls: string[]): Record<string, FakeDnsEntry> {
  const zone: Record<string, FakeDnsEntry> = {};
  for (const app of apps) {
    const hops = [app.hostname, ...(app.cnameChain ?? [])];
    hops.forEach((hop, index) => {
      const next = hops[index + 1];
      zone[hop] = next ? { CNAME: next } : { A: [WORLD_HOST] };
    });
  }
  for (const name of [...controls, CAPTIVE_HOSTNAME]) zone[name] = { A: [WORLD_HOST] };
  return zone;
}

export async function startLoopbackWorld(options: LoopbackWorldOptions): Promise<LoopbackWorld> {
  const apps = options.apps;
  const controls = options.controls ?? ['control-one.test', 'control-two.test'];
  const folder = await mkdtemp(join(tmpdir(), 'outage-watch-world-'));
  const ca = await createTestCa('Outage Watch Loopback CA');
  const caFile = join(folder, 'ca.pem');
  await writeFile(caFile, ca.caCertPem);
  const certificate = await ca.issueCertificate({
    hostnames: [...apps.map((app) => app.hostname), ...controls, WORLD_HOST],
  });

  const zone = healthyZone(apps, controls);
  const systemDns = await startFakeDns({ host: WORLD_HOST, zone });
  const publicDns = [await startFakeDns({ host: WORLD_HOST, zone }), await startFakeDns({ host: WORLD_HOST, zone })];
  let https = await startFakeHttp({ host: WORLD_HOST, tls: certificate });
  let httpsDown = false;
  const httpsPort = https.port;
  const captive = await startFakeHttp({ host: WORLD_HOST });

  const appRoutes = new Map<string, FakeHttpBehaviour | null>();
  let controlsBehaviour: FakeHttpBehaviour | null = null;
  const routeHttps = (server: FakeHttpHandle) => {
    server.setDefault(HEALTHY);
    for (const app of apps) server.setRoute(app.hostname, appRoutes.get(app.id) ?? appBehaviour(app));
    for (const name of controls) server.setRoute(name, controlsBehaviour ?? HEALTHY);
  };
  routeHttps(https);
  const setCaptiveIntercept = (intercepted: boolean) => {
    captive.setDefault(
      intercepted
        ? { kind: 'redirect', status: 302, location: `http://${CAPTIVE_HOSTNAME}:${captive.port}/login` }
        : { kind: 'respond', status: 204, body: '' },
    );
  };
  setCaptiveIntercept(false);

  const allDns = [systemDns, ...publicDns];
  const findApp = (appId: string): WorldApp => {
    const app = apps.find((candidate) => candidate.id === appId);
    if (!app) throw new Error(`loopback world: no app "${appId}"`);
    return app;
  };
  const resolverAddress = (server: FakeDnsServer) => `${server.address}:${server.port}`;

  const world: LoopbackWorld = {
    ca,
    caFile,
    systemDns,
    publicDns,
    get https() {
      return https;
    },
    captive,
    apps,
    controls,
    config(overrides = {}) {
      return {
        apps: apps.map((app) => ({
          id: app.id,
          name: app.name,
          url: `https://${app.hostname}:${httpsPort}/`,
          ...(app.provider ? { provider: app.provider } : {}),
          ...(app.region ? { region: app.region } : {}),
        })),
        resolvers: {
          system: [resolverAddress(systemDns)],
          public: publicDns.map((server, index) => ({ name: `Public ${index + 1}`, address: resolverAddress(server) })),
        },
        controls: controls.map((name) => `https://${name}:${httpsPort}/generate_204`),
        captivePortal: { url: `http://${CAPTIVE_HOSTNAME}:${captive.port}/generate_204`, expectStatus: 204 },
        gateway: 'off',
        // No catalog canary (a real name) is ever asked for.
        canaries: false,
        timeoutMs: 5000,
        trustedCaFile: caFile,
        language: 'en',
        ...overrides,
      };
    },
    async writeConfig(overrides = {}, name = 'config.json') {
      const path = join(folder, name);
      await writeFile(path, JSON.stringify(world.config(overrides), null, 2));
      return path;
    },
    setAppHttp(appId, behaviour) {
      const app = findApp(appId);
      appRoutes.set(appId, behaviour);
      https.setRoute(app.hostname, behaviour ?? appBehaviour(app));
    },
    setAppDns(appId, entry, which = 'all') {
      const app = findApp(appId);
      const targets = which === 'all' ? allDns : which === 'system' ? [systemDns] : publicDns;
      for (const server of targets) server.setRecord(app.hostname, entry ?? zone[app.hostname] ?? null);
    },
    setSystemDns(behaviour) {
      systemDns.setBehaviour('*', behaviour);
    },
    setControlsHttp(behaviour) {
      controlsBehaviour = behaviour;
      for (const name of controls) https.setRoute(name, behaviour ?? HEALTHY);
    },
    setCaptiveIntercept,
    async setHttpsDown(down) {
      if (down === httpsDown) return;
      httpsDown = down;
      if (down) await https.close();
      else {
        https = await startFakeHttp({ host: WORLD_HOST, port: httpsPort, tls: certificate });
        routeHttps(https);
      }
    },
    async reset() {
      appRoutes.clear();
      controlsBehaviour = null;
      for (const server of allDns) {
        server.setZone(zone);
        server.setBehaviour('*', null);
      }
      setCaptiveIntercept(false);
      await world.setHttpsDown(false);
      routeHttps(https);
    },
    async close() {
      await Promise.all([
        ...allDns.map((server) => server.close()),
        httpsDown ? undefined : https.close(),
        captive.close(),
      ]);
      await rm(folder, { recursive: true, force: true });
    },
  };
  return world;
}
