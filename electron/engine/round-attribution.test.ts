// Attribution by reverse DNS and by the providers' published IP ranges, on the
// loopback world: every app lives at 127.0.0.1, so a PTR record for it and an
// IP range fixture covering 127.0.0.0/8 (served from 127.0.0.1) stand in for
// a cloud address.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { checkConfig, type Config, type ConfigInput } from '../contracts/config';
import { startLoopbackWorld, type LoopbackWorld } from '../testkit/loopback-world';
import { WORLD_APPS } from '../testkit/world-apps';
import { loadIpRanges } from '../feeds/ip-ranges';
import { runRound } from '../probe/round';

const LOOPBACK_PTR = '1.0.0.127.in-addr.arpa';

let world: LoopbackWorld;
let rangesServer: Server;
let rangesUrl: string;
let cacheDir: string;

before(async () => {
  world = await startLoopbackWorld({ apps: WORLD_APPS });
  // An ip-ranges.json in AWS's documented format, mapping loopback to eu-west-1.
  const document = JSON.stringify({
    syncToken: '1',
    createDate: '2026-11-23-00-00-00',
    prefixes: [{ ip_prefix: '127.0.0.0/8', region: 'eu-west-1', service: 'EC2', network_border_group: 'eu-west-1' }],
    ipv6_prefixes: [],
  });
  rangesServer = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end(document),
  );
  await new Promise<void>((resolve) => rangesServer.listen(0, '127.0.0.1', resolve));
  rangesUrl = `http://127.0.0.1:${(rangesServer.address() as AddressInfo).port}/ip-ranges.json`;
  cacheDir = await mkdtemp(join(tmpdir(), 'outage-watch-ranges-'));
});
after(async () => {
  await world.close();
  await new Promise((resolve) => rangesServer.close(resolve));
  await rm(cacheDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await world.reset();
  world.systemDns.clearQueries();
});

function config(overrides: Partial<ConfigInput> = {}): Config {
  const checked = checkConfig(world.config(overrides));
  if (!checked.ok) throw new Error(checked.problem);
  return checked.config;
}

const ptrQueries = () => world.systemDns.queries.filter((query) => query.type === 'PTR');

test('an app without CNAME or headers is attributed by the PTR name of its address; attributed apps cost no PTR question', async () => {
  world.systemDns.setRecord(LOOPBACK_PTR, { PTR: ['ec2-3-80-1-10.compute-1.amazonaws.com'] });
  const evidence = await runRound(config(), { appIds: ['zoom', 'alexa', 'slack'] });
  const zoom = evidence.apps.find((app) => app.id === 'zoom');
  assert.deepEqual([zoom?.provider, zoom?.region, zoom?.providerSource], ['aws', 'us-east-1', 'rdns']);
  const alexa = evidence.apps.find((app) => app.id === 'alexa');
  assert.equal(alexa?.providerSource, 'cname');
  // One app needed it: one PTR question (the controls are never reverse-looked-up).
  assert.deepEqual(
    ptrQueries().map((query) => query.name),
    [LOOPBACK_PTR],
  );
});

test('without a PTR record the app stays unattributed; the heartbeat asks no PTR at all', async () => {
  const evidence = await runRound(config(), { appIds: ['zoom'] });
  assert.deepEqual([evidence.apps[0]?.provider, evidence.apps[0]?.providerSource], [null, null]);
  assert.equal(ptrQueries().length, 1);
  world.systemDns.clearQueries();
  await runRound(config(), { appIds: [], controlDepth: 'connect' });
  assert.equal(ptrQueries().length, 0);
});

test('the published IP ranges (a fixture served on loopback) attribute an app names and headers say nothing about', async () => {
  const snapshot = await loadIpRanges({
    cacheDir,
    sources: [{ id: 'aws', provider: 'aws', format: 'aws', url: rangesUrl }],
  });
  assert.equal(snapshot.sources[0]?.ranges, 1);
  const evidence = await runRound(config(), { appIds: ['zoom', 'alexa'], ipRanges: snapshot.index });
  const zoom = evidence.apps.find((app) => app.id === 'zoom');
  assert.deepEqual([zoom?.provider, zoom?.region, zoom?.providerSource], ['aws', 'eu-west-1', 'ip-range']);
  // A CNAME outranks the range: alexa stays us-east-1 by its ELB name.
  const alexa = evidence.apps.find((app) => app.id === 'alexa');
  assert.deepEqual([alexa?.region, alexa?.providerSource], ['us-east-1', 'cname']);
  // Without the ranges the same round cannot place zoom.
  const without = await runRound(config(), { appIds: ['zoom'] });
  assert.equal(without.apps[0]?.provider, null);
});

test('an app whose name resolves nowhere is still placed: by its own host name, or by the CNAMEs remembered for it', async () => {
  const dynamodb = { id: 'dynamodb', name: 'DynamoDB', url: 'https://dynamodb.us-east-1.amazonaws.com/' };
  world.setAppDns('zoom', { rcode: 'SERVFAIL' });
  const nameMemory = new Map([['zoom', [{ name: 'zoom.test.cdn.cloudflare.net', seenAt: Date.now() - 60_000 }]]]);
  const zoomApp = world.config().apps?.find((entry) => typeof entry === 'object' && entry.id === 'zoom');
  assert.ok(zoomApp);
  const evidence = await runRound(config({ apps: [dynamodb, zoomApp] }), { nameMemory });
  const placed = evidence.apps.find((app) => app.id === 'dynamodb');
  assert.deepEqual(
    [
      placed?.dns.every((result) => result.addresses.length === 0),
      placed?.provider,
      placed?.region,
      placed?.providerSource,
    ],
    [true, 'aws', 'us-east-1', 'hostname'],
  );
  const zoom = evidence.apps.find((app) => app.id === 'zoom');
  assert.deepEqual([zoom?.provider, zoom?.providerSource], ['cloudflare', 'memory']);
  assert.equal(ptrQueries().length, 0, 'no address, so no reverse lookup');
});
