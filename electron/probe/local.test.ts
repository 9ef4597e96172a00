import assert from 'node:assert/strict';
import { createServer, isIP, type Server } from 'node:net';
import { test } from 'node:test';
import { startStalledListener } from '../testkit/stalled-listener';
import { discoverLocalNetwork, parseIwLinkSsid, probeGateway, probeLocalNetwork } from './local';
import { gatewayFromRoutes, parseProcNetIpv6Route, parseProcNetRoute } from './proc-routes';

const PROC_NET_ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
wlan0\t0002A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
`;

const PROC_NET_IPV6_ROUTE = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;

test('parses the IPv4 default route from /proc/net/route', () => {
  assert.deepEqual(parseProcNetRoute(PROC_NET_ROUTE), [{ iface: 'wlan0', gateway: '192.168.2.1', family: 4 }]);
  assert.deepEqual(
    parseProcNetRoute(
      PROC_NET_ROUTE.split('\n')
        .filter((line) => !line.includes('0102A8C0'))
        .join('\n'),
    ),
    [],
  );
  // A default route that is down (flags without RTF_UP) or a reject route does not count.
  assert.deepEqual(parseProcNetRoute(PROC_NET_ROUTE.replace('\t0003\t', '\t0002\t')), []);
  assert.deepEqual(parseProcNetRoute(PROC_NET_ROUTE.replace('\t0003\t', '\t0203\t')), []);
  assert.deepEqual(parseProcNetRoute('Iface\tDestination\n'), []);
  assert.deepEqual(parseProcNetRoute('garbage'), []);
  // On-link default route (a point-to-point VPN): a route, but no gateway to probe.
  assert.deepEqual(parseProcNetRoute('h\ntun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n'), [
    { iface: 'tun0', gateway: null, family: 4 },
  ]);
});

test('parses the IPv6 default route, skipping loopback’s unreachable entry', () => {
  assert.deepEqual(parseProcNetIpv6Route(PROC_NET_IPV6_ROUTE), [{ iface: 'eth0', gateway: 'fe80::1', family: 6 }]);
  const global = PROC_NET_IPV6_ROUTE.replace('fe800000000000000000000000000001', '20010db8000000010000000000000001');
  assert.deepEqual(parseProcNetIpv6Route(global), [{ iface: 'eth0', gateway: '2001:db8:0:1::1', family: 6 }]);
  assert.deepEqual(parseProcNetIpv6Route(PROC_NET_IPV6_ROUTE.split('\n').slice(2).join('\n')), []);
});

test('picks the gateway to probe: IPv4 first, link-local IPv6 with its zone', () => {
  assert.equal(
    gatewayFromRoutes([
      { iface: 'eth0', gateway: 'fe80::1', family: 6 },
      { iface: 'wlan0', gateway: '192.168.2.1', family: 4 },
    ]),
    '192.168.2.1',
  );
  assert.equal(gatewayFromRoutes([{ iface: 'eth0', gateway: 'fe80::1', family: 6 }]), 'fe80::1%eth0');
  assert.equal(gatewayFromRoutes([{ iface: 'tun0', gateway: null, family: 4 }]), null);
  assert.equal(gatewayFromRoutes([]), null);
});

test('reads the SSID from iw output', () => {
  const text = 'Connected to 00:11:22:33:44:55 (on wlan0)\n\tSSID: Home Wi-Fi 5G\n\tfreq: 5180\n';
  assert.equal(parseIwLinkSsid(text), 'Home Wi-Fi 5G');
  assert.equal(parseIwLinkSsid('Not connected.\n'), null);
});

test('discovery returns a well-formed record without probing anything', async () => {
  const discovery = await discoverLocalNetwork(2000);
  assert.ok(Array.isArray(discovery.interfaces));
  for (const info of discovery.interfaces) {
    assert.equal(typeof info.name, 'string');
    assert.equal(typeof info.up, 'boolean');
    assert.equal(typeof info.internal, 'boolean');
    assert.ok(info.addresses.every((address) => isIP(address.split('%')[0] ?? '') !== 0));
  }
  assert.ok(
    discovery.interfaces.some((info) => info.internal),
    'loopback is listed',
  );
  assert.ok(discovery.defaultRoute === null || typeof discovery.defaultRoute === 'boolean');
  assert.ok(discovery.defaultGateway === null || isIP(discovery.defaultGateway.split('%')[0] ?? '') !== 0);
});

async function listenOn(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port };
}

test('a loopback gateway that accepts is reachable (tcp-connected)', async () => {
  const { server, port } = await listenOn('127.0.0.1');
  try {
    const local = await probeLocalNetwork({ gateway: `127.0.0.1:${port}`, timeoutMs: 1000 });
    assert.deepEqual(
      { ...local.gateway, latencyMs: null },
      {
        configured: `127.0.0.1:${port}`,
        address: '127.0.0.1',
        outcome: 'reachable',
        method: 'tcp-connected',
        latencyMs: null,
      },
    );
    assert.equal(typeof local.gateway.latencyMs, 'number');
  } finally {
    server.close();
  }
});

test('a loopback gateway that refuses is reachable too (tcp-refused)', async () => {
  const { server, port } = await listenOn('127.0.0.1');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const local = await probeLocalNetwork({ gateway: `127.0.0.1:${port}`, timeoutMs: 1000 });
  assert.equal(local.gateway.outcome, 'reachable');
  assert.equal(local.gateway.method, 'tcp-refused');
});

test('a gateway address without a port is tried on the common ports', async () => {
  const local = await probeLocalNetwork({ gateway: '127.0.0.2', timeoutMs: 1000 });
  assert.equal(local.gateway.address, '127.0.0.2');
  assert.equal(local.gateway.outcome, 'reachable');
  assert.match(local.gateway.method ?? '', /^tcp-(connected|refused)$/);
});

test('a gateway whose ports all time out is unreachable', async () => {
  const stalled = await startStalledListener();
  try {
    const local = await probeLocalNetwork({ gateway: `${stalled.address}:${stalled.port}`, timeoutMs: 300 });
    assert.equal(local.gateway.outcome, 'unreachable');
    assert.equal(local.gateway.latencyMs, null);
  } finally {
    await stalled.close();
  }
});

test('the first port to answer wins, without waiting for the others', async () => {
  const stalled = await startStalledListener();
  const { server, port: closedPort } = await listenOn('127.0.0.1');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    const startedAt = performance.now();
    const probe = await probeGateway({
      configured: 'test',
      address: '127.0.0.1',
      ports: [stalled.port, closedPort],
      timeoutMs: 5000,
    });
    assert.equal(probe.outcome, 'reachable');
    assert.equal(probe.method, 'tcp-refused');
    assert.ok(performance.now() - startedAt < 5000);
  } finally {
    await stalled.close();
  }
});

test('a gateway is looked at again on the port that answered last, one connect a look', async () => {
  const counted = await Promise.all([0, 1, 2].map(() => listenOn('127.0.0.2')));
  const connects = counted.map(() => 0);
  counted.forEach(({ server }, at) => server.on('connection', () => (connects[at] = (connects[at] ?? 0) + 1)));
  const ports = counted.map(({ port }) => port);
  const look = () => probeGateway({ configured: 'test', address: '127.0.0.2', ports, timeoutMs: 1000 });
  try {
    assert.equal((await look()).outcome, 'reachable');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterFirst = connects.reduce((sum, n) => sum + n, 0);
    assert.ok(afterFirst >= 1, 'the first look tries the ports at once');
    for (let again = 0; again < 3; again++) assert.equal((await look()).method, 'tcp-connected');
    // Longer than the hedge: the other ports were never needed.
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(connects.reduce((sum, n) => sum + n, 0) - afterFirst, 3);
  } finally {
    await Promise.all(counted.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
});

test('an aborted gateway probe is unknown, not unreachable', async () => {
  const stalled = await startStalledListener();
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const probe = await probeGateway({
      configured: 'test',
      address: stalled.address,
      ports: [stalled.port],
      timeoutMs: 5000,
      signal: controller.signal,
    });
    assert.equal(probe.outcome, 'unknown');
  } finally {
    await stalled.close();
  }
});

test("gateway 'off' probes nothing", async () => {
  const local = await probeLocalNetwork({ gateway: 'off', timeoutMs: 1000 });
  assert.deepEqual(local.gateway, { configured: 'off', address: null, outcome: 'off', method: null, latencyMs: null });
  assert.ok(Array.isArray(local.interfaces));
});
