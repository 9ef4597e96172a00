// The whole lab in one handle: topology, the router and internet processes,
// the test CA, and running the real CLI inside the client namespace. Cleanup
// runs on close, on process exit and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../electron/contracts/config';
import type { Diagnosis } from '../../electron/contracts/diagnosis';
import { createTestCa, type IssuedCertificate, type TestCa } from '../../electron/testkit/test-ca';
import { PUBLIC_RESOLVERS } from './lab-addresses';
import { divertThroughDelayLine, resetFaults } from './lab-faults';
import { hasCommand } from './lab-shell';
import {
  createTopology,
  destroyTopologySync,
  labNamespaceNames,
  sweepStaleLabs,
  type LabNamespaces,
} from './lab-topology';
import type { InternetCommand, InternetTraffic, LabSite, SiteCertificate } from './lab-world';
import { killAllNamespaceProcesses, labChildEnv, NamespaceProcess } from './namespace-process';
import type { RouterCommand, RouterDnsMode, RouterFilter } from './router-process';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Why the lab cannot run here, or null when it can. */
export function labUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the network lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the network lab needs root (it creates network namespaces)';
  if (!hasCommand('ip')) return 'the network lab needs `ip` (Debian package iproute2)';
  if (!hasCommand('nft')) return 'the network lab needs `nft` (Debian package nftables)';
  return null;
}

/**
 * For node:test's `skip`: the reason the lab cannot run here (printed with the
 * skip), or false. In CI (CI=true) a missing prerequisite is an error, not a skip.
 */
export function labSkipReason(): string | false {
  const reason = labUnavailableReason();
  if (reason && process.env.CI) throw new Error(`${reason}; CI must run the network lab`);
  return reason ?? false;
}

export interface CheckRun {
  exitCode: number | null;
  diagnosis: Diagnosis;
  stderr: string;
}

export interface Lab {
  names: LabNamespaces;
  workDir: string;
  caFile: string;
  /** Replaces what the internet serves (certificates are issued as needed). */
  setSites(sites: LabSite[]): Promise<void>;
  setRouterDns(mode: RouterDnsMode): Promise<void>;
  /** Names only the router's resolver answers (an intranet), name -> IPv4; reset() clears them. */
  setRouterNames(names: Record<string, string>): Promise<void>;
  /** Names the router's resolver answers SERVFAIL (an intranet's DNS server down); reset() clears them. */
  setRouterFailingNames(names: string[]): Promise<void>;
  /** Names the router's filter refuses (a Pi-hole's sinkhole, or REFUSED with EDE 15); reset() clears them. */
  setRouterFilter(filtered: Record<string, RouterFilter>): Promise<void>;
  /** Adds this round-trip time to everything the client reaches beyond the router (a saturated uplink). */
  slowUplink(roundTripMs: number): Promise<void>;
  /** Undoes every fault and restores the router's DNS. The sites stay as last set. */
  reset(): Promise<void>;
  /** Writes the config and runs `check --json` in the client namespace; `env` adds variables (HTTPS_PROXY). */
  check(config: ConfigInput, env?: Record<string, string>): Promise<CheckRun>;
  /** Starts a command of the CLI in the client namespace (for `watch`). */
  spawnCli(args: string[], env?: Record<string, string>): ReturnType<typeof spawn>;
  /**
   * Starts any program in the client namespace, in `cwd`, in its own process group (the benchmarks run
   * `npm run --silent cli -- watch` of a checkout, and the idle bench's peer); `env` adds variables.
   */
  spawnInClient(command: string, args: string[], cwd: string, env?: Record<string, string>): ReturnType<typeof spawn>;
  /** What the internet's servers and public resolvers received since the start or the last resetTraffic(). */
  traffic(): Promise<InternetTraffic>;
  resetTraffic(): Promise<void>;
  writeConfig(config: ConfigInput): Promise<string>;
  /** A certificate from the lab's CA (trusted through `caFile`), for a lab server of the scenario's own. */
  issueCertificate(hostnames: string[]): Promise<IssuedCertificate>;
  close(): Promise<void>;
}

let cleanupHooked = false;
const openLabs = new Set<{ names: LabNamespaces; workDir: string }>();

function cleanupAllSync(): void {
  killAllNamespaceProcesses();
  for (const lab of openLabs) {
    destroyTopologySync(lab.names);
    rmSync(lab.workDir, { recursive: true, force: true });
  }
  openLabs.clear();
}

function hookCleanup(): void {
  if (cleanupHooked) return;
  cleanupHooked = true;
  process.on('exit', cleanupAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanupAllSync();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export async function startLab(): Promise<Lab> {
  hookCleanup();
  sweepStaleLabs();
  const names = labNamespaceNames();
  const workDir = mkdtempSync(join(tmpdir(), 'outage-watch-lab-'));
  const entry = { names, workDir };
  openLabs.add(entry);
  const processes: NamespaceProcess<object>[] = [];
  try {
    await createTopology(names);
    const ca: TestCa = await createTestCa('Outage Watch Lab CA');
    const caFile = join(workDir, 'lab-ca.pem');
    await writeFile(caFile, ca.caCertPem);
    const router = await NamespaceProcess.start<RouterCommand>(
      'router',
      names.router,
      new URL('./router-process.ts', import.meta.url),
      {
        dnsMode: 'forward',
      },
    );
    processes.push(router);
    const internet = await NamespaceProcess.start<InternetCommand>(
      'internet',
      names.internet,
      new URL('./internet-process.ts', import.meta.url),
      {
        sites: [],
      },
    );
    processes.push(internet);
    const issued = new Set<string>();
    let configCounter = 0;

    const writeConfig = async (config: ConfigInput): Promise<string> => {
      configCounter += 1;
      const path = join(workDir, `config-${configCounter}.json`);
      await writeFile(path, JSON.stringify(config, null, 2));
      return path;
    };

    const spawnCli = (args: string[], env: Record<string, string> = {}) =>
      spawn(
        'ip',
        [
          'netns',
          'exec',
          names.client,
          process.execPath,
          '--import',
          'tsx',
          join(repoRoot, 'electron/cli/main.ts'),
          ...args,
        ],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...labChildEnv(), ...env },
        },
      );

    const spawnInClient = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
      spawn('ip', ['netns', 'exec', names.client, command, ...args], {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...labChildEnv(), ...env },
        // Its own process group, so the whole tree (npm, its script) can be measured and stopped.
        detached: true,
      });

    const lab: Lab = {
      names,
      workDir,
      caFile,
      async setSites(sites) {
        const certificates: SiteCertificate[] = [];
        for (const hostname of new Set(sites.map((s) => s.hostname))) {
          if (issued.has(hostname)) continue;
          const certificate = await ca.issueCertificate({ hostnames: [hostname] });
          certificates.push({ hostname, ...certificate });
          issued.add(hostname);
        }
        await internet.send({ sites, certificates });
      },
      traffic: () => internet.ask<InternetTraffic>({ traffic: 'read' }),
      resetTraffic: () => internet.send({ traffic: 'reset' }),
      setRouterDns: (mode) => router.send({ dnsMode: mode }),
      setRouterNames: (localNames) => router.send({ localNames }),
      setRouterFilter: (filteredNames) => router.send({ filteredNames }),
      setRouterFailingNames: (failingNames) => router.send({ failingNames }),
      async slowUplink(roundTripMs) {
        await router.send({ uplinkRoundTripMs: roundTripMs });
        await divertThroughDelayLine(names);
      },
      async reset() {
        await resetFaults(names);
        await router.send({ dnsMode: 'forward' });
        await router.send({ uplinkRoundTripMs: 0 });
        await router.send({ localNames: {} });
        await router.send({ filteredNames: {} });
        await router.send({ failingNames: [] });
      },
      writeConfig,
      issueCertificate: (hostnames) => ca.issueCertificate({ hostnames }),
      spawnCli,
      spawnInClient,
      async check(config, env = {}) {
        const configFile = await writeConfig(config);
        const child = spawnCli(['check', '--json', '--config', configFile], env);
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const exitCode = await new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
          child.once('exit', (code) => {
            clearTimeout(timer);
            resolve(code);
          });
        });
        let diagnosis: Diagnosis;
        try {
          diagnosis = JSON.parse(stdout) as Diagnosis;
        } catch {
          throw new Error(
            `check --json printed no JSON (exit ${exitCode}); stderr: ${stderr.trim()}; stdout: ${stdout.slice(0, 500)}`,
          );
        }
        return { exitCode, diagnosis, stderr };
      },
      async close() {
        for (const process of processes) await process.stop();
        destroyTopologySync(names);
        rmSync(workDir, { recursive: true, force: true });
        openLabs.delete(entry);
      },
    };
    return lab;
  } catch (error) {
    for (const process of processes) await process.stop();
    destroyTopologySync(names);
    rmSync(workDir, { recursive: true, force: true });
    openLabs.delete(entry);
    throw error;
  }
}

/** The config every lab scenario starts from: only lab resolvers, controls and captive check. */
export function labConfig(lab: Lab, apps: ConfigInput['apps'], overrides: Partial<ConfigInput> = {}): ConfigInput {
  return {
    apps,
    resolvers: { system: 'auto', public: PUBLIC_RESOLVERS.map((r) => ({ ...r })) },
    controls: ['https://control-a.lab.test/generate_204', 'https://control-b.lab.test/health'],
    captivePortal: { url: 'http://captive.lab.test/generate_204', expectStatus: 204 },
    gateway: 'auto',
    timeoutMs: 5000,
    language: 'en',
    trustedCaFile: lab.caFile,
    // The lab's internet serves the catalog's provider canaries only where a scenario adds them (bench:detect).
    canaries: false,
    ...overrides,
  };
}
