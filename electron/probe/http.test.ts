import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { ATTRIBUTION_HEADER_NAMES } from '../catalog/index';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import { createTestCa, type TestCa } from '../testkit/test-ca';
import { BAD_URL_CODE, PROVIDER_HEADER_NAMES, pickProviderHeaders, probeHttp } from './http';

let server: FakeHttpHandle;
let ca: TestCa;
let httpsServer: FakeHttpHandle;

before(async () => {
  server = await startFakeHttp();
  ca = await createTestCa();
  httpsServer = await startFakeHttp({ tls: await ca.issueCertificate({ hostnames: ['secure.test'] }) });
});

after(async () => {
  await server.close();
  await httpsServer.close();
});

async function settled(handle: FakeHttpHandle): Promise<void> {
  const until = Date.now() + 2000;
  while (handle.openConnections() > 0) {
    if (Date.now() > until) assert.fail(`${handle.openConnections()} connection(s) still open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const url = (host: string, path = '/') => server.url(path, host);

test('a response: status, provider headers only, body, and the Host header of the URL', async () => {
  server.setRoute('headers.test', {
    kind: 'respond',
    status: 503,
    headers: {
      server: 'CloudFront',
      'x-amz-cf-id': 'abc==',
      'x-amz-cf-pop': 'IAD89-C1',
      'cf-ray': '8a-IAD',
      'x-goog-hash': 'crc32c=1',
      'set-cookie': 'secret=1',
      'x-random': 'drop me',
      'retry-after': '30',
    },
    body: 'service unavailable',
  });
  const result = await probeHttp({ url: url('headers.test', '/health?x=1'), address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(result.kind, 'http');
  assert.equal(result.outcome, 'response');
  assert.equal(result.status, 503);
  assert.equal(result.address, '127.0.0.1');
  assert.equal(result.finalUrl, url('headers.test', '/health?x=1'));
  assert.deepEqual(result.redirects, []);
  assert.equal(result.bodySnippet, 'service unavailable');
  assert.equal(result.bytesRead, 'service unavailable'.length);
  assert.deepEqual(result.headers, {
    server: 'CloudFront',
    'x-amz-cf-id': 'abc==',
    'x-amz-cf-pop': 'IAD89-C1',
    'cf-ray': '8a-IAD',
    'x-goog-hash': 'crc32c=1',
    'retry-after': '30',
    'content-type': 'text/plain; charset=utf-8',
  });
  const seen = server.requests.at(-1);
  assert.equal(seen?.host, 'headers.test');
  assert.equal(seen?.path, '/health');
  await settled(server);
});

test('HTTPS to an address with SNI and Host from the URL, trusted through ca', async () => {
  httpsServer.setRoute('secure.test', { kind: 'respond', status: 204 });
  const target = httpsServer.url('/generate_204', 'secure.test');
  const result = await probeHttp({ url: target, address: '127.0.0.1', timeoutMs: 1000, ca: [ca.caCertPem] });
  assert.equal(result.outcome, 'response', result.errorCode);
  assert.equal(result.status, 204);
  assert.equal(httpsServer.requests.at(-1)?.host, 'secure.test');

  const untrusted = await probeHttp({ url: target, address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(untrusted.outcome, 'tls');
  assert.equal(untrusted.errorCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.equal(untrusted.status, null);

  const wrongName = await probeHttp({
    url: httpsServer.url('/', 'other.test'),
    address: '127.0.0.1',
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(wrongName.outcome, 'tls');
  assert.equal(wrongName.errorCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
  await settled(httpsServer);
});

test('the body read stops at maxBodyBytes and the connection is dropped', async () => {
  server.setRoute('huge.test', { kind: 'huge-body', bytes: 50 * 1024 * 1024 });
  const result = await probeHttp({ url: url('huge.test'), address: '127.0.0.1', timeoutMs: 2000, maxBodyBytes: 1000 });
  assert.equal(result.outcome, 'response');
  assert.equal(result.status, 200);
  assert.equal(result.bodySnippet.length, 1000);
  assert.ok(result.bytesRead >= 1000 && result.bytesRead < 1024 * 1024, `read ${result.bytesRead}`);
  await settled(server);
});

test('same-host redirects are followed and recorded', async () => {
  server.setRoute('/hop-1', { kind: 'redirect', status: 301, location: '/hop-2' });
  server.setRoute('/hop-2', { kind: 'redirect', status: 307, location: url('hops.test', '/hop-3') });
  server.setRoute('/hop-3', { kind: 'respond', status: 200, body: 'arrived' });
  const result = await probeHttp({ url: url('hops.test', '/hop-1'), address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(result.outcome, 'response');
  assert.equal(result.status, 200);
  assert.equal(result.bodySnippet, 'arrived');
  assert.deepEqual(result.redirects, [url('hops.test', '/hop-2'), url('hops.test', '/hop-3')]);
  assert.equal(result.finalUrl, url('hops.test', '/hop-3'));
});

test('a redirect loop ends at maxRedirects', async () => {
  server.setRoute('/loop', { kind: 'redirect', location: '/loop' });
  const result = await probeHttp({
    url: url('loop.test', '/loop'),
    address: '127.0.0.1',
    timeoutMs: 1000,
    maxRedirects: 3,
  });
  assert.equal(result.outcome, 'too-many-redirects');
  assert.equal(result.status, 302);
  assert.equal(result.redirects.length, 4);
  assert.equal(server.requests.filter((r) => r.path === '/loop').length, 4);
  await settled(server);
});

test('a redirect to another host is resolved with resolve(), or reported when it cannot be', async () => {
  server.setRoute('from.test', { kind: 'redirect', status: 302, location: url('to.test', '/landing') });
  server.setRoute('to.test', {
    kind: 'respond',
    status: 200,
    headers: { 'x-served-by': 'cache-iad-1' },
    body: 'landed',
  });
  const asked: string[] = [];
  const followed = await probeHttp({
    url: url('from.test'),
    address: '127.0.0.1',
    timeoutMs: 1000,
    resolve: async (hostname) => {
      asked.push(hostname);
      return '127.0.0.1';
    },
  });
  assert.deepEqual(asked, ['to.test']);
  assert.equal(followed.outcome, 'response');
  assert.equal(followed.status, 200);
  assert.equal(followed.headers['x-served-by'], 'cache-iad-1');
  assert.equal(followed.finalUrl, url('to.test', '/landing'));
  assert.equal(server.requests.at(-1)?.host, 'to.test');

  const unresolved = await probeHttp({
    url: url('from.test'),
    address: '127.0.0.1',
    timeoutMs: 1000,
    resolve: async () => null,
  });
  assert.equal(unresolved.outcome, 'response');
  assert.equal(unresolved.status, 302);
  assert.equal(unresolved.headers.location, url('to.test', '/landing'));
  assert.deepEqual(unresolved.redirects, [url('to.test', '/landing')]);
  assert.equal(unresolved.finalUrl, url('from.test'));

  const noResolver = await probeHttp({ url: url('from.test'), address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(noResolver.status, 302);
  const throwing = await probeHttp({
    url: url('from.test'),
    address: '127.0.0.1',
    timeoutMs: 1000,
    resolve: () => Promise.reject(new Error('dns down')),
  });
  assert.equal(throwing.status, 302);
});

test('a resolver that never answers is cut off by the probe timeout', async () => {
  server.setRoute('from.test', { kind: 'redirect', status: 302, location: url('to.test', '/landing') });
  const result = await probeHttp({
    url: url('from.test'),
    address: '127.0.0.1',
    timeoutMs: 300,
    resolve: () => new Promise(() => {}),
  });
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.status, 302);
});

test('a server that never answers: timeout without a status', async () => {
  server.setRoute('hang.test', { kind: 'hang' });
  const result = await probeHttp({ url: url('hang.test'), address: '127.0.0.1', timeoutMs: 300 });
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.status, null);
  assert.ok(result.latencyMs >= 250);
  await settled(server);
});

test('headers then silence: timeout, with the status that did arrive', async () => {
  server.setRoute('half.test', { kind: 'hang-after-headers', status: 200, headers: { 'x-cache': 'MISS' } });
  const result = await probeHttp({ url: url('half.test'), address: '127.0.0.1', timeoutMs: 300 });
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.status, 200);
  assert.equal(result.headers['x-cache'], 'MISS');
  assert.ok(result.latencyMs < 300, 'latency is the time to the headers');
  await settled(server);
});

test('a body trickled forever is cut off by the timeout', async () => {
  server.setRoute('trickle.test', { kind: 'trickle', chunk: 'x', intervalMs: 20 });
  const startedAt = performance.now();
  const result = await probeHttp({ url: url('trickle.test'), address: '127.0.0.1', timeoutMs: 400 });
  const elapsed = performance.now() - startedAt;
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.status, 200);
  assert.ok(result.bytesRead > 0 && result.bodySnippet.startsWith('x'));
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  await settled(server);
});

test('a delayed answer within the timeout is a response', async () => {
  server.setRoute('slow.test', { kind: 'respond', status: 200, body: 'late', delayMs: 100 });
  const result = await probeHttp({ url: url('slow.test'), address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(result.outcome, 'response');
  assert.ok(result.latencyMs >= 90);
});

test('reset and refused', async () => {
  server.setRoute('reset.test', { kind: 'reset' });
  const reset = await probeHttp({ url: url('reset.test'), address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(reset.outcome, 'reset');
  assert.equal(reset.errorCode, 'ECONNRESET');

  const closed = await startFakeHttp();
  const port = closed.port;
  await closed.close();
  const refused = await probeHttp({ url: `http://app.test:${port}/`, address: '127.0.0.1', timeoutMs: 1000 });
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.errorCode, 'ECONNREFUSED');
});

test('a reply that is not HTTP is a bad response', async () => {
  const raw = createServer((socket) => {
    socket.on('error', () => {});
    socket.end('SSH-2.0-OpenSSH_9.6\r\n');
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const address = raw.address();
  assert.ok(address && typeof address === 'object');
  try {
    const result = await probeHttp({ url: `http://app.test:${address.port}/`, address: '127.0.0.1', timeoutMs: 1000 });
    assert.equal(result.outcome, 'bad-response');
    assert.match(result.errorCode ?? '', /^HPE_/);
  } finally {
    raw.close();
  }
});

test('a body cut short is a reset, with the status that arrived', async () => {
  const raw = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\nserver: half\r\n\r\n0123456789');
      setTimeout(() => socket.destroy(), 30);
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const address = raw.address();
  assert.ok(address && typeof address === 'object');
  try {
    const result = await probeHttp({ url: `http://app.test:${address.port}/`, address: '127.0.0.1', timeoutMs: 1000 });
    assert.equal(result.outcome, 'reset');
    assert.equal(result.status, 200);
    assert.equal(result.bodySnippet, '0123456789');
    assert.equal(result.headers.server, 'half');
  } finally {
    raw.close();
  }
});

test('abort through the signal', async () => {
  server.setRoute('hang.test', { kind: 'hang' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await probeHttp({
    url: url('hang.test'),
    address: '127.0.0.1',
    timeoutMs: 5000,
    signal: controller.signal,
  });
  assert.equal(result.outcome, 'error');
  assert.equal(result.errorCode, 'ABORT_ERR');
  const early = await probeHttp({
    url: url('hang.test'),
    address: '127.0.0.1',
    timeoutMs: 5000,
    signal: AbortSignal.abort(),
  });
  assert.equal(early.errorCode, 'ABORT_ERR');
  await settled(server);
});

test('HEAD, bad URLs and host names in place of addresses', async () => {
  server.setRoute('head.test', { kind: 'respond', status: 200, body: 'not sent for HEAD' });
  const head = await probeHttp({ url: url('head.test'), address: '127.0.0.1', timeoutMs: 1000, method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.bytesRead, 0);
  assert.equal(server.requests.at(-1)?.method, 'HEAD');

  assert.equal(
    (await probeHttp({ url: 'ftp://app.test/', address: '127.0.0.1', timeoutMs: 1000 })).errorCode,
    BAD_URL_CODE,
  );
  assert.equal((await probeHttp({ url: 'not a url', address: '127.0.0.1', timeoutMs: 1000 })).errorCode, BAD_URL_CODE);
  assert.equal(
    (await probeHttp({ url: url('x.test'), address: 'x.test', timeoutMs: 1000 })).errorCode,
    'ERR_NOT_IP_ADDRESS',
  );
});

test('pickProviderHeaders keeps the listed names and x-goog-*, joins repeats, bounds values', () => {
  assert.ok(PROVIDER_HEADER_NAMES.includes('x-azure-ref'));
  const kept = pickProviderHeaders({
    'x-served-by': ['cache-iad-1', 'cache-fra-2'],
    'x-goog-meta': 'm',
    server: 'a'.repeat(2000),
    cookie: 'c',
  });
  assert.deepEqual(Object.keys(kept).sort(), ['server', 'x-goog-meta', 'x-served-by']);
  assert.equal(kept['x-served-by'], 'cache-iad-1, cache-fra-2');
  assert.equal(kept.server?.length, 512);
});

test('many probes in parallel leave no connection open', async () => {
  server.setRoute('many.test', { kind: 'respond', status: 200, body: 'ok' });
  server.setRoute('many-hang.test', { kind: 'hang-after-headers' });
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      probeHttp({ url: url(i % 3 === 0 ? 'many-hang.test' : 'many.test'), address: '127.0.0.1', timeoutMs: 300 }),
    ),
  );
  assert.equal(results.filter((r) => r.outcome === 'response').length, 20);
  assert.equal(results.filter((r) => r.outcome === 'timeout').length, 10);
  await settled(server);
});

test('IPv6: an address and a URL with a bracketed literal', async (t) => {
  let v6: FakeHttpHandle;
  try {
    v6 = await startFakeHttp({ host: '::1', tls: await ca.issueCertificate({ hostnames: ['v6.test', '::1'] }) });
  } catch (error) {
    t.skip(`no IPv6 loopback here: ${(error as Error).message}`);
    return;
  }
  try {
    const byName = await probeHttp({
      url: v6.url('/', 'v6.test'),
      address: '::1',
      timeoutMs: 1000,
      ca: [ca.caCertPem],
    });
    assert.equal(byName.outcome, 'response', byName.errorCode);
    assert.equal(v6.requests.at(-1)?.host, 'v6.test');
    const byLiteral = await probeHttp({ url: v6.url('/'), address: '::1', timeoutMs: 1000, ca: [ca.caCertPem] });
    assert.equal(byLiteral.outcome, 'response', byLiteral.errorCode);
    assert.equal(v6.requests.at(-1)?.host, '::1');
  } finally {
    await v6.close();
  }
});

test("the HTTP probe keeps every header the catalog's provider rules read", () => {
  const offered = Object.fromEntries(ATTRIBUTION_HEADER_NAMES.map((name) => [name, `value of ${name}`]));
  const kept = pickProviderHeaders(offered);
  for (const name of ATTRIBUTION_HEADER_NAMES) assert.equal(kept[name], `value of ${name}`, `${name} is dropped`);
});
