// The real `outage-watch check` as a child process against a loopback world:
// fake resolvers and HTTPS servers on 127.0.0.1 only, gateway off.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { z } from 'zod';
import { VERDICT_KINDS } from '../contracts/diagnosis';
import type { VpnInfo } from '../contracts/probe-results';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { WORLD_APPS } from '../testkit/world-apps';

const CLI = join(import.meta.dirname, 'main.ts');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const AWS_503 = {
  kind: 'respond',
  status: 503,
  headers: { 'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000000', server: 'awselb/2.0' },
  body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
} as const;

const FASTLY_503 = {
  kind: 'respond',
  status: 503,
  headers: { via: '1.1 varnish', 'x-served-by': 'cache-lcy-eglc8600053-LCY', 'x-cache': 'MISS' },
  body: 'Error 503 Service Unavailable\nService Unavailable\nGuru Meditation:\nXID: 1234567\nVarnish cache server',
} as const;

/** Exactly the shape of docs/contracts.md section 5; `strictObject` rejects any extra key. */
const verdictShape = z.strictObject({
  scope: z.enum(['none', 'local', 'upstream', 'unknown']),
  kind: z.enum(VERDICT_KINDS),
  layer: z.enum(['dns', 'tcp', 'tls', 'http']).nullable(),
  provider: z.string().nullable(),
  region: z.string().nullable(),
  apps: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  summary: z.string().min(1),
  evidence: z.array(z.string().min(1)),
  advice: z.array(z.string().min(1)),
});
/** docs/contracts.md section 5: every raw DNS result keeps its Extended DNS Errors, per result and per query type. */
const edeShape = z.array(z.strictObject({ code: z.number().int().min(0).max(65535), text: z.string() }));
const dnsProbeShape = z.object({
  kind: z.literal('dns'),
  resolver: z.object({ name: z.string(), address: z.string(), role: z.enum(['system', 'public']) }),
  outcome: z.string(),
  addresses: z.array(z.string()),
  cnameChain: z.array(z.string()),
  latencyMs: z.number(),
  ede: edeShape,
  queries: z.array(
    z.object({
      recordType: z.enum(['A', 'AAAA', 'CNAME']),
      rcode: z.string().nullable(),
      latencyMs: z.number(),
      ede: edeShape,
    }),
  ),
});
const diagnosisShape = z.strictObject({
  schema: z.literal(1),
  at: z.iso.datetime(),
  verdict: verdictShape,
  findings: z.array(verdictShape).min(1),
  local: z.strictObject({
    interfaces: z.array(z.object({ name: z.string() })),
    gateway: z.object({ outcome: z.string() }),
    resolvers: z.array(z.object({ address: z.string(), status: z.string() })),
    captivePortal: z.object({ outcome: z.string() }),
    vpn: z
      .strictObject({
        interface: z.string(),
        kind: z.enum(['wireguard', 'tun', 'tap', 'ppp', 'utun', 'ipsec', 'vpn-client']),
        addresses: z.array(z.string()),
        carries: z.enum(['default', 'some']),
      })
      .nullable(),
    families: z.strictObject({
      ipv4: z.boolean().nullable(),
      ipv6: z.boolean().nullable(),
      nat64Prefix: z.string().nullable(),
    }),
    proxies: z.array(z.string()),
  }),
  apps: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      status: z.enum(['up', 'degraded', 'down', 'unknown']),
      layer: z.enum(['dns', 'tcp', 'tls', 'http']).nullable(),
      provider: z.string().nullable(),
      region: z.string().nullable(),
      latencyMs: z.number().nullable(),
      usual: z.object({ medianMs: z.number(), p90Ms: z.number(), samples: z.number() }).nullable(),
      probes: z.array(z.union([dnsProbeShape, z.object({ kind: z.enum(['tcp', 'tls', 'http', 'proxy']) })])),
    }),
  ),
});
type DiagnosisJson = z.infer<typeof diagnosisShape>;

test('the verdict kinds of the schema are the contract’s: docs/contracts.md section 5 lists exactly VERDICT_KINDS', () => {
  const contract = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
  const listed = /"kind": "([^"]+)"/.exec(contract)?.[1]?.split(' | ');
  assert.deepEqual(listed, [...VERDICT_KINDS]);
});

test('local.vpn has the contract’s shape, every field of the engine’s VpnInfo and nothing else', () => {
  // Typed as the engine's own record: a field added there must be added here, and the strict shape then holds it.
  const vpn: Required<VpnInfo> = { interface: 'wg0', kind: 'wireguard', addresses: ['198.18.9.2'], carries: 'default' };
  assert.equal(diagnosisShape.shape.local.shape.vpn.safeParse(vpn).success, true);
  assert.equal(diagnosisShape.shape.local.shape.vpn.safeParse({ ...vpn, kind: 'openvpn' }).success, false);
  assert.equal(diagnosisShape.shape.local.shape.vpn.safeParse({ interface: 'wg0', carries: 'some' }).success, false);
});

describe('outage-watch check against a loopback world', () => {
  let world: LoopbackWorld;
  let configPath = '';

  before(async () => {
    world = await startLoopbackWorld({ apps: WORLD_APPS });
    configPath = await world.writeConfig();
  });
  after(async () => {
    await world.close();
  });
  beforeEach(async () => {
    await world.reset();
  });

  async function check(): Promise<{ run: CliRun; diagnosis: DiagnosisJson }> {
    const run = await runCli(['check', '--json', '--config', configPath]);
    assert.equal(run.stderr.replace(/^npm warn.*\n/gm, ''), '', 'nothing on stderr');
    const parsed = diagnosisShape.safeParse(JSON.parse(run.stdout));
    assert.ok(
      parsed.success,
      `the output has the shape of docs/contracts.md section 5: ${parsed.error?.message ?? ''}`,
    );
    assert.deepEqual(parsed.data.verdict, parsed.data.findings[0], 'the verdict is the first finding');
    return { run, diagnosis: parsed.data };
  }

  test('all healthy: ok, exit 0, every app up with its provider attributed', async () => {
    const { run, diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'ok', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'none');
    assert.equal(run.code, 0);
    const byId = new Map(diagnosis.apps.map((app) => [app.id, app]));
    assert.deepEqual([...byId.keys()].sort(), WORLD_APPS.map((app) => app.id).sort());
    for (const app of diagnosis.apps) assert.equal(app.status, 'up', `${app.id} is up`);
    assert.equal(byId.get('alexa')?.provider, 'aws');
    assert.equal(byId.get('alexa')?.region, 'us-east-1');
    assert.equal(byId.get('slack')?.provider, 'aws');
    assert.equal(byId.get('reddit')?.provider, 'fastly');
    assert.equal(byId.get('github')?.provider, 'fastly');
    assert.equal(byId.get('zoom')?.provider, null);
    assert.equal(diagnosis.local.resolvers.length, 3);
    assert.equal(diagnosis.local.captivePortal.outcome, 'ok');
  });

  test('the system resolver fails while public ones answer: dns-local', async () => {
    world.setSystemDns({ rcode: 'SERVFAIL' });
    const { run, diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'dns-local', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'local');
    assert.equal(diagnosis.verdict.layer, 'dns');
    assert.equal(run.code, 1);
    const system = diagnosis.local.resolvers.find(
      (resolver) => resolver.address === world.systemDns.address && resolver.status === 'failing',
    );
    assert.ok(system, 'the system resolver is reported failing');
  });

  test('the system resolver says NXDOMAIN for everything (bogus NXDOMAIN): dns-local', async () => {
    world.setSystemDns({ rcode: 'NXDOMAIN' });
    const { diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'dns-local', diagnosis.verdict.summary);
  });

  test('the system resolver refuses one app by policy (EDE 15) while public ones answer: blocked, the EDE in the JSON', async () => {
    world.setAppDns(
      'reddit',
      { rcode: 'REFUSED', ede: [{ code: 15, text: 'Blocked by the office filter' }] },
      'system',
    );
    const { run, diagnosis } = await check();
    const { verdict } = diagnosis;
    assert.equal(verdict.kind, 'blocked', verdict.summary);
    assert.deepEqual([verdict.scope, verdict.layer, verdict.apps], ['local', 'dns', ['reddit']]);
    assert.equal(run.code, 1);
    const probes = diagnosis.apps.find((app) => app.id === 'reddit')?.probes ?? [];
    const system = probes.find(
      (probe): probe is z.infer<typeof dnsProbeShape> => probe.kind === 'dns' && probe.resolver.role === 'system',
    );
    assert.deepEqual(system?.ede, [{ code: 15, text: 'Blocked by the office filter' }]);
    assert.deepEqual(system?.queries[0]?.ede, [{ code: 15, text: 'Blocked by the office filter' }]);
    const publicDns = probes.find((probe) => probe.kind === 'dns' && probe.resolver.role === 'public');
    assert.deepEqual(publicDns && 'ede' in publicDns ? publicDns.ede : null, [], 'empty when none');
  });

  test('the captive-portal check is redirected to a login page: captive-portal', async () => {
    world.setCaptiveIntercept(true);
    const { run, diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'captive-portal', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'local');
    assert.equal(diagnosis.local.captivePortal.outcome, 'intercepted');
    assert.equal(run.code, 1);
  });

  test('HTTPS is refused everywhere while HTTP and DNS pass: firewall', async () => {
    await world.setHttpsDown(true);
    const { diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'firewall', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'local');
    assert.equal(diagnosis.verdict.layer, 'tcp');
  });

  test('three AWS us-east-1 apps answer 503: provider-outage aws us-east-1', async () => {
    for (const id of ['alexa', 'primevideo', 'slack']) world.setAppHttp(id, AWS_503);
    const { run, diagnosis } = await check();
    const { verdict } = diagnosis;
    assert.equal(verdict.kind, 'provider-outage', verdict.summary);
    assert.equal(verdict.scope, 'upstream');
    assert.equal(verdict.provider, 'aws');
    assert.equal(verdict.region, 'us-east-1');
    assert.equal(verdict.layer, 'http');
    assert.deepEqual([...verdict.apps].sort(), ['alexa', 'primevideo', 'slack']);
    assert.equal(run.code, 1);
  });

  test('Fastly-fronted apps answer "Error 503" with Via: varnish: provider-outage fastly', async () => {
    for (const id of ['reddit', 'github']) world.setAppHttp(id, FASTLY_503);
    const { diagnosis } = await check();
    const { verdict } = diagnosis;
    assert.equal(verdict.kind, 'provider-outage', verdict.summary);
    assert.equal(verdict.provider, 'fastly');
    assert.equal(verdict.layer, 'http');
    assert.deepEqual([...verdict.apps].sort(), ['github', 'reddit']);
  });

  test('one AWS app down while the other AWS apps are fine: app-outage, not an AWS outage', async () => {
    world.setAppHttp('alexa', AWS_503);
    const { diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'app-outage', diagnosis.verdict.summary);
    assert.deepEqual(diagnosis.verdict.apps, ['alexa']);
    assert.ok(!diagnosis.findings.some((finding) => finding.kind === 'provider-outage'));
  });

  test('one app hangs: app-outage at the http layer', async () => {
    world.setAppHttp('zoom', { kind: 'hang' });
    const { diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'app-outage', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'upstream');
    assert.deepEqual(diagnosis.verdict.apps, ['zoom']);
    assert.equal(diagnosis.verdict.layer, 'http');
  });

  test("an app's name fails at every resolver: app-outage with layer dns, upstream", async () => {
    world.setAppDns('zoom', { rcode: 'SERVFAIL' }, 'all');
    const { diagnosis } = await check();
    assert.equal(diagnosis.verdict.kind, 'app-outage', diagnosis.verdict.summary);
    assert.equal(diagnosis.verdict.scope, 'upstream');
    assert.equal(diagnosis.verdict.layer, 'dns');
    assert.deepEqual(diagnosis.verdict.apps, ['zoom']);
  });

  test('--app narrows the round to the named apps', async () => {
    const run = await runCli(['check', '--json', '--config', configPath, '--app', 'zoom', '--app', 'reddit']);
    const diagnosis = diagnosisShape.parse(JSON.parse(run.stdout));
    assert.deepEqual(diagnosis.apps.map((app) => app.id).sort(), ['reddit', 'zoom']);
  });

  test('the human table names every app, the verdict and the advice', async () => {
    world.setAppHttp('zoom', { kind: 'respond', status: 500, body: 'boom' });
    const run = await runCli(['check', '--config', configPath]);
    assert.equal(run.code, 1);
    for (const app of WORLD_APPS) assert.match(run.stdout, new RegExp(app.name));
    assert.match(run.stdout, /^Verdict: /m);
    assert.match(run.stdout, /DOWN/);
  });

  test('the table and the verdict speak Arabic when the config says so', async () => {
    const arabicConfig = await world.writeConfig({ language: 'ar' }, 'arabic.json');
    const run = await runCli(['check', '--config', arabicConfig]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /[\u0600-\u06FF]/, 'Arabic letters');
    assert.match(run.stdout, /الحكم/);
  });
});

describe('outage-watch check with bad input', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ow-cli-bad-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: { name: string; file?: string; args?: string[]; expect: RegExp }[] = [
    { name: 'an unknown key', file: '{"apps": [], "gatway": "off"}', expect: /unknown key "gatway"/ },
    { name: 'invalid JSON', file: '{"apps": [}', expect: /not valid JSON/ },
    { name: 'a bad URL', file: '{"apps": [{"id": "x", "name": "X", "url": "https//x"}]}', expect: /apps\[0\]\.url/ },
    {
      name: 'a bad resolver address',
      file: '{"resolvers": {"public": [{"name": "Bad", "address": "300.1.1.1"}]}}',
      expect: /not an IP address/,
    },
    { name: 'a bad port', file: '{"resolvers": {"system": ["127.0.0.1:0"]}}', expect: /bad port/ },
    {
      name: 'a missing config file',
      args: ['check', '--config', '/nonexistent/outage-watch.json'],
      expect: /no such file/,
    },
    { name: 'an unknown flag', args: ['check', '--jsn'], expect: /check: Unknown option '--jsn'/ },
    { name: 'an unknown command', args: ['chek'], expect: /unknown command "chek"/ },
    {
      name: 'an unknown --app id',
      args: ['check', '--app', 'no-such-app', '--config', '__EMPTY__'],
      expect: /"no-such-app" is neither in the config nor in the catalog/,
    },
  ];

  for (const { name, file, args, expect } of cases) {
    test(`${name}: exit 2, one line on stderr, nothing on stdout`, async () => {
      let argv = args ?? [];
      if (file !== undefined || argv.includes('__EMPTY__')) {
        const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
        await writeFile(path, file ?? '{"apps": [], "gateway": "off"}');
        argv =
          file !== undefined
            ? ['check', '--json', '--config', path]
            : argv.map((arg) => (arg === '__EMPTY__' ? path : arg));
      }
      const run = await runCli(argv);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      const lines = run.stderr.split('\n').filter((line) => line && !line.startsWith('npm warn'));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] ?? '', expect);
    });
  }
});
