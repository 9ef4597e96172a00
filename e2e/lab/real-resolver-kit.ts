// What the real-resolver scenario files share (real-resolvers.test.ts,
// unreachable-authority.test.ts): the daemons they need, the resolvers they
// start, the zone that never breaks, zone records from lab sites, and a
// harness that gives each scenario fresh daemons and stops them, also when
// it fails. What the resolvers answered (rcode, EDE) goes into the test's
// diagnostics.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { ConfigInput } from '../../electron/contracts/config';
import type { DnsResult } from '../../electron/contracts/probe-results';
import { DnsWorld, type LabAuthority, type LabResolver, type LabZone } from './dns-daemons';
import { labConfig, labSkipReason, type CheckRun, type Lab } from './lab';
import { hasCommand } from './lab-shell';
import { BYSTANDER_SITES } from './lab-sites';
import type { LabSite } from './lab-world';
import { sharedLab } from './shared-lab';

/** The daemons the real-resolver files need (Debian unbound, nsd, ldnsutils), or why they are missing. */
export function daemonSkipReason(): string | false {
  const lab = labSkipReason();
  if (lab) return lab;
  const missing = ['unbound', 'nsd', 'ldns-signzone', 'ldns-keygen', 'drill'].filter((command) => !hasCommand(command));
  if (missing.length === 0) return false;
  const reason = `the real-resolver lab needs ${missing.join(', ')} (Debian unbound, nsd, ldnsutils)`;
  if (process.env.CI) throw new Error(`${reason}; CI must install them`);
  return reason;
}

export const RESOLVERS: LabResolver[] = [
  { name: 'Router Unbound', where: 'router', address: '', validating: true },
  { name: 'Lab Unbound A', where: 'internet', address: '198.18.3.63', validating: true },
  { name: 'Lab Unbound B', where: 'internet', address: '198.18.3.64', validating: true },
  { name: 'Lab Unbound C', where: 'internet', address: '198.18.3.65', validating: false },
];

/** The zone of the controls, the captive check and the bystander app: it never breaks. */
const STABLE_AUTHORITY = '198.18.3.11';

/** Zone-file lines for the sites' names under `origin`: each CNAME hop, and the address at the end. */
function recordsOf(sites: LabSite[], origin: string): string[] {
  const lines: string[] = [];
  for (const s of sites) {
    const chain = [s.hostname, ...s.cnameChain];
    chain.forEach((name, index) => {
      if (name !== origin && !name.endsWith(`.${origin}`)) return;
      const next = chain[index + 1];
      lines.push(next === undefined ? `${name}. IN A ${s.address}` : `${name}. IN CNAME ${next}.`);
    });
  }
  return lines;
}

export function zone(origin: string, sites: LabSite[], extra: Partial<LabZone> = {}): LabZone {
  return { ...extra, origin, records: [...recordsOf(sites, origin), ...(extra.records ?? [])] };
}

const stable = (): LabAuthority => ({ address: STABLE_AUTHORITY, zones: [zone('lab.test', BYSTANDER_SITES)] });

export const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the zones' 2 s TTL: what resolvers cached has expired. */
export const CACHE_EXPIRY_MS = 3000;

/** The DNS results of one app in a run. */
export function dnsResultsOf(run: CheckRun, id: string): DnsResult[] {
  return (run.diagnosis.apps.find((a) => a.id === id)?.probes ?? []).filter((p): p is DnsResult => p.kind === 'dns');
}

/** What each resolver answered for the apps, one line each, for the closing note and a failing test's message. */
export function answers(run: CheckRun, ids: string[]): string {
  const describe = (result: DnsResult) => {
    const rcodes = [...new Set(result.queries.map((q) => q.rcode ?? q.outcome))].join('/');
    const ede = result.ede.map((e) => `EDE ${e.code}${e.text ? ` "${e.text}"` : ''}`).join(', ');
    return `${result.resolver.name}: ${rcodes}${result.addresses.length > 0 ? ` ${result.addresses.join(' ')}` : ''}${ede ? ` ${ede}` : ''}`;
  };
  return ids.map((id) => `${id}: ${dnsResultsOf(run, id).map(describe).join('; ')}`).join('\n');
}

export interface RealResolverHarness {
  lab: () => Lab;
  /** The daemons of the running scenario. */
  world: () => DnsWorld;
  /** Starts the root, the stable zone's authority, these authorities and the resolvers. */
  startWorld(authorities: LabAuthority[], resolvers?: LabResolver[]): Promise<DnsWorld>;
  /** `check --json` with the world's public resolvers; what they answered for `ids` goes to the diagnostics. */
  check(t: TestContext, apps: ConfigInput['apps'], ids: string[]): Promise<CheckRun>;
  /** A test whose daemons stop when it ends, whose failure message carries their logs. */
  scenario(name: string, body: (t: TestContext) => Promise<void>): void;
}

/** Call inside a describe(): one shared lab for its scenarios, fresh daemons for each. */
export function realResolverHarness(): RealResolverHarness {
  const lab = sharedLab();
  let running: DnsWorld | undefined;
  const world = () => {
    assert.ok(running, 'the scenario started no DNS world');
    return running;
  };
  return {
    lab,
    world,
    async startWorld(authorities, resolvers = RESOLVERS) {
      running = await DnsWorld.start(lab(), { authorities: [stable(), ...authorities], resolvers });
      return running;
    },
    async check(t, apps, ids) {
      const config = labConfig(lab(), apps, { resolvers: { system: 'auto', public: world().publicResolvers() } });
      const run = await lab().check(config);
      t.diagnostic(`${run.diagnosis.verdict.kind}: ${answers(run, ids)}`);
      return run;
    },
    scenario(name, body) {
      test(name, async (t) => {
        try {
          await body(t);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${running?.logs() ?? ''}`, { cause: error });
        } finally {
          await running?.close();
          running = undefined;
        }
      });
    },
  };
}
