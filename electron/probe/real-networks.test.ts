// The probe side of messier networks on loopback: proxy settings (good and
// malformed, from the environment or a PAC result), a proxy that answers
// garbage, 407 or nothing, tunnels recognised from their interfaces, the
// gateway of a point-to-point tunnel, and NAT64 prefixes.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import type { DnsResult } from '../contracts/probe-results';
import { gatewayToProbe } from './local';
import { embeddingPrefix, nat64FromAnswers, vpnInUse } from './network-shape';
import { openProxyTunnel } from './proxy';
import { envProxyLookup, parsePacResult, pacLookup, type HttpProxyRoute } from './proxy-settings';
import { tunnelKindOf } from './tunnels';

test('HTTPS_PROXY with credentials: the route carries them, what is shown does not', () => {
  const route = envProxyLookup({ HTTPS_PROXY: 'http://alice:s3cret@198.18.9.1:3128' })('https://app.example/');
  assert.equal(route.kind, 'http');
  const http = route as HttpProxyRoute;
  assert.equal(http.display, 'http://198.18.9.1:3128');
  assert.equal(http.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
});

test('a malformed or SOCKS proxy variable is an unusable route, named and without its password: no throw', () => {
  const malformed = envProxyLookup({ HTTPS_PROXY: 'htp://bob:pw@' })('https://app.example/');
  assert.equal(malformed.kind, 'unusable');
  assert.equal(malformed.kind === 'unusable' && malformed.outcome, 'invalid-setting');
  assert.ok(malformed.kind === 'unusable' && malformed.setting.startsWith('HTTPS_PROXY='));
  assert.ok(malformed.kind === 'unusable' && !malformed.setting.includes('pw'));
  const socks = envProxyLookup({ https_proxy: 'socks5://198.18.9.1:1080' })('https://app.example/');
  assert.equal(socks.kind === 'unusable' && socks.outcome, 'unsupported');
  for (const nonsense of ['', '   ', '::::', 'http://', 'http://host:99999', 'http://[::1']) {
    assert.doesNotThrow(() => envProxyLookup({ HTTPS_PROXY: nonsense })('https://app.example/'), nonsense);
  }
});

test('NO_PROXY and loopback bypass the proxy; http URLs use HTTP_PROXY only', () => {
  const lookup = envProxyLookup({
    HTTPS_PROXY: 'http://198.18.9.1:3128',
    NO_PROXY: 'corp.example,198.18.20.0/24',
  });
  assert.equal(lookup('https://wiki.corp.example/').kind, 'direct');
  assert.equal(lookup('https://198.18.20.5/').kind, 'direct');
  assert.equal(lookup('https://127.0.0.1:8443/').kind, 'direct');
  assert.equal(lookup('https://app.example/').kind, 'http');
  assert.equal(lookup('http://app.example/').kind, 'direct');
});

test('PAC results: PROXY and HTTPS are followed, DIRECT is direct, SOCKS and garbage go direct with a reason', () => {
  assert.equal(parsePacResult('PROXY 198.18.9.1:3128; DIRECT').kind, 'http');
  const https = parsePacResult('HTTPS proxy.corp.example:443') as HttpProxyRoute;
  assert.equal(https.tls, true);
  assert.equal(parsePacResult('DIRECT').kind, 'direct');
  const socks = parsePacResult('SOCKS5 198.18.9.1:1080');
  assert.equal(socks.kind === 'unusable' && socks.outcome, 'unsupported');
  for (const garbage of ['', 'PROXY', 'PROXY a b c', 'FTP host:21', '\u0000\u0001', 'x'.repeat(5000)]) {
    const route = parsePacResult(garbage);
    assert.equal(route.kind === 'unusable' && route.outcome, 'invalid-setting', JSON.stringify(garbage.slice(0, 20)));
    assert.ok(route.kind === 'unusable' && route.setting.length <= 120);
  }
  const lookup = pacLookup(new Map([['https://app.example/', 'PROXY 198.18.9.1:3128']]));
  assert.equal(lookup('https://app.example/').kind, 'http');
  assert.equal(lookup('https://other.example/').kind, 'direct');
});

/** A loopback "proxy" that answers each connection with `reply` (or never, for null). */
async function fakeProxy(reply: string | null): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply !== null) socket.end(reply);
    });
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

function routeTo(port: number): HttpProxyRoute {
  return {
    kind: 'http',
    display: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    tls: false,
    source: 'env',
    authorization: null,
  };
}

/** A CONNECT to app.example:443 through the proxy on `port`. */
const tunnelThrough = (port: number) =>
  openProxyTunnel({
    route: routeTo(port),
    host: 'app.example',
    port: 443,
    timeoutMs: 800,
    resolve: async () => null,
  });

for (const [label, reply, outcome, status] of [
  ['garbage', 'SSH-2.0-OpenSSH_9.2\r\n\u0000\u0001\u0002', 'bad-response', null],
  ['407', 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n', 'auth-required', 407],
  ['502', 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n', 'upstream-failed', 502],
  ['403', 'HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n', 'denied', 403],
  ['silence', null, 'timeout', null],
] as const) {
  test(`a proxy answering ${label}: the proxy record says ${outcome}; no tunnel, no crash`, async () => {
    const { server, port } = await fakeProxy(reply);
    servers.push(server);
    const tunnel = await tunnelThrough(port);
    assert.equal(tunnel.proxy.outcome, outcome);
    assert.equal(tunnel.proxy.status, status);
    assert.equal(tunnel.socket, null);
    assert.equal(tunnel.proxy.request, 'CONNECT app.example:443');
  });
}

test('a proxy that refuses (nothing listens): refused at the proxy', async () => {
  const { server, port } = await fakeProxy(null);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const tunnel = await tunnelThrough(port);
  assert.equal(tunnel.proxy.outcome, 'refused');
});

test('tunnels are recognised by name, flags or link type; ordinary interfaces are not', () => {
  assert.equal(tunnelKindOf({ name: 'wg0' }), 'wireguard');
  assert.equal(tunnelKindOf({ name: 'tun3' }), 'tun');
  assert.equal(tunnelKindOf({ name: 'utun4' }), 'utun');
  assert.equal(tunnelKindOf({ name: 'ppp0' }), 'ppp');
  assert.equal(tunnelKindOf({ name: 'Ethernet 2', description: 'TAP-Windows Adapter V9' }), 'tap');
  assert.equal(tunnelKindOf({ name: 'eth0' }), null);
  assert.equal(tunnelKindOf({ name: 'wlan0' }), null);
});

test('a point-to-point tunnel carrying the default route: the router checked is the physical one, or none', () => {
  const viaTunnel = [{ iface: 'tun0', gateway: null, family: 4 as const }];
  const gateways = [{ iface: 'eth0', gateway: '198.18.1.1', family: 4 as const }];
  assert.equal(gatewayToProbe(viaTunnel, gateways, new Set(['tun0'])), '198.18.1.1');
  assert.equal(gatewayToProbe(viaTunnel, [], new Set(['tun0'])), null);
});

test('a VPN without addresses is still the VPN in use; none when no tunnel carries anything', () => {
  const interfaces = [
    { name: 'eth0', up: true, internal: false, addresses: ['198.18.1.2'] },
    { name: 'wg0', up: true, internal: false, addresses: [], tunnel: 'wireguard' as const },
  ];
  const vpn = vpnInUse({ interfaces, defaultInterfaces: ['wg0'], internetRoute: null, routes: [] });
  assert.deepEqual(vpn, { interface: 'wg0', kind: 'wireguard', addresses: [], carries: 'default' });
  assert.equal(vpnInUse({ interfaces, defaultInterfaces: ['eth0'], internetRoute: null, routes: [] }), null);
  // The interface list changed under the round: a route naming a tunnel that is gone is no VPN.
  assert.equal(
    vpnInUse({
      interfaces: interfaces.slice(0, 1),
      defaultInterfaces: ['eth0'],
      internetRoute: null,
      routes: [{ address: '198.18.20.1', interface: 'wg0', tunnel: true }],
    }),
    null,
  );
});

test('NAT64 prefixes are read from synthesized answers; malformed addresses give none', () => {
  assert.equal(embeddingPrefix('64:ff9b::c613:a', '198.19.0.10'), '64:ff9b::/96');
  assert.equal(embeddingPrefix('2001:2:0:64::c613:a', '198.19.0.10'), '2001:2:0:64::/96');
  assert.equal(embeddingPrefix('not-an-address', '198.19.0.10'), null);
  assert.equal(embeddingPrefix('2001:2::1', '198.19.0.10'), null);
  const answer = (hostname: string, addresses: string[]) =>
    ({
      kind: 'dns',
      hostname,
      resolver: { name: 'system', address: '2001:2:0:1::1', port: 53, role: 'system' },
      outcome: 'answer',
      addresses,
      cnameChain: [],
      latencyMs: 1,
      ede: [],
      queries: [],
    }) as unknown as DnsResult;
  const synthesized = [
    answer('a.example', ['198.19.0.10', '2001:2:0:64::c613:a']),
    answer('b.example', ['198.19.0.11', '2001:2:0:64::c613:b']),
  ];
  assert.equal(nat64FromAnswers(synthesized), '2001:2:0:64::/96');
  // One name alone could be a site that happens to embed its IPv4 address.
  assert.equal(nat64FromAnswers(synthesized.slice(0, 1)), null);
  assert.equal(nat64FromAnswers([answer('c.example', ['garbage', '::::'])]), null);
});
