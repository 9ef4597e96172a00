import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import { createTestCa, type TestCa } from '../testkit/test-ca';
import { formatDistinguishedName, probeTls, tlsOutcomeFromCode } from './tls';

const DAY_MS = 24 * 60 * 60 * 1000;
let ca: TestCa;
let otherCa: TestCa;
const servers: FakeHttpHandle[] = [];

before(async () => {
  ca = await createTestCa();
  otherCa = await createTestCa('Someone Else CA');
});

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function httpsWith(
  hostnames: string[],
  dates: { notBefore?: Date; notAfter?: Date } = {},
  issuer = () => ca,
): Promise<FakeHttpHandle> {
  const server = await startFakeHttp({ tls: await issuer().issueCertificate({ hostnames, ...dates }) });
  servers.push(server);
  return server;
}

test('ok with SNI, protocol and certificate recorded, when the test CA is trusted', async () => {
  const server = await httpsWith(['app.test']);
  const result = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(result.kind, 'tls');
  assert.equal(result.outcome, 'ok', result.errorCode);
  assert.match(result.protocol ?? '', /^TLSv1\.[23]$/);
  assert.equal(result.certificate?.subject, 'CN=app.test');
  assert.equal(result.certificate?.issuer, 'CN=Outage Watch Test CA');
  assert.ok(Date.parse(result.certificate?.validTo ?? '') > Date.now());
  assert.equal(result.errorCode, undefined);
});

test('ok for an IP literal name (no SNI) when the certificate carries the IP', async () => {
  const server = await httpsWith(['127.0.0.1']);
  const result = await probeTls({
    servername: '127.0.0.1',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(result.outcome, 'ok', result.errorCode);
});

test('untrusted when the issuing CA is not trusted, certificate still reported', async () => {
  const server = await httpsWith(['app.test']);
  const withoutCa = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
  });
  assert.equal(withoutCa.outcome, 'untrusted');
  assert.equal(withoutCa.errorCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.equal(withoutCa.certificate?.subject, 'CN=app.test');

  const otherRoot = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [otherCa.caCertPem],
  });
  assert.equal(otherRoot.outcome, 'untrusted');
});

test('expired', async () => {
  const server = await httpsWith(['app.test'], {
    notBefore: new Date(Date.now() - 10 * DAY_MS),
    notAfter: new Date(Date.now() - DAY_MS),
  });
  const result = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(result.outcome, 'expired');
  assert.equal(result.errorCode, 'CERT_HAS_EXPIRED');
  assert.ok(Date.parse(result.certificate?.validTo ?? '') < Date.now());
});

test('not yet valid', async () => {
  const server = await httpsWith(['app.test'], {
    notBefore: new Date(Date.now() + DAY_MS),
    notAfter: new Date(Date.now() + 10 * DAY_MS),
  });
  const result = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(result.outcome, 'not-yet-valid');
  assert.equal(result.errorCode, 'CERT_NOT_YET_VALID');
});

test('wrong host when the certificate names another host', async () => {
  const server = await httpsWith(['other.test']);
  const result = await probeTls({
    servername: 'app.test',
    address: '127.0.0.1',
    port: server.port,
    timeoutMs: 1000,
    ca: [ca.caCertPem],
  });
  assert.equal(result.outcome, 'wrong-host');
  assert.equal(result.errorCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
});

async function rawServer(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Reading (and dropping) what arrives lets the peer's FIN be seen, so a closed probe shows here.
    socket.resume();
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port, sockets };
}

function closeRaw(raw: { server: Server; sockets: Set<Socket> }): void {
  for (const socket of raw.sockets) socket.destroy();
  raw.server.close();
}

test('handshake-failed when the peer does not speak TLS', async () => {
  const raw = await rawServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  try {
    const result = await probeTls({ servername: 'app.test', address: '127.0.0.1', port: raw.port, timeoutMs: 1000 });
    assert.equal(result.outcome, 'handshake-failed', result.errorCode);
    assert.match(result.errorCode ?? '', /^ERR_SSL_|^EPROTO$/);
  } finally {
    closeRaw(raw);
  }
});

test('timeout when the handshake never gets an answer, and the socket is closed', async () => {
  const raw = await rawServer(() => {});
  try {
    const result = await probeTls({ servername: 'app.test', address: '127.0.0.1', port: raw.port, timeoutMs: 300 });
    assert.equal(result.outcome, 'timeout');
    const until = Date.now() + 2000;
    while (raw.sockets.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(raw.sockets.size, 0);
  } finally {
    closeRaw(raw);
  }
});

test('reset when the peer drops the connection mid-handshake', async () => {
  const raw = await rawServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  try {
    const result = await probeTls({ servername: 'app.test', address: '127.0.0.1', port: raw.port, timeoutMs: 1000 });
    assert.equal(result.outcome, 'reset');
    assert.equal(result.errorCode, 'ECONNRESET');
  } finally {
    closeRaw(raw);
  }
});

test('refused when nothing listens', async () => {
  const raw = await rawServer(() => {});
  closeRaw(raw);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const result = await probeTls({ servername: 'app.test', address: '127.0.0.1', port: raw.port, timeoutMs: 1000 });
  assert.equal(result.outcome, 'refused');
});

test('abort ends a hanging handshake', async () => {
  const raw = await rawServer(() => {});
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await probeTls({
      servername: 'app.test',
      address: '127.0.0.1',
      port: raw.port,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorCode, 'ABORT_ERR');
  } finally {
    closeRaw(raw);
  }
});

test('error codes name the certificate problem', () => {
  assert.equal(tlsOutcomeFromCode('CERT_HAS_EXPIRED'), 'expired');
  assert.equal(tlsOutcomeFromCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'untrusted');
  assert.equal(tlsOutcomeFromCode('SELF_SIGNED_CERT_IN_CHAIN'), 'untrusted');
  assert.equal(tlsOutcomeFromCode('ERR_SSL_WRONG_VERSION_NUMBER'), 'handshake-failed');
  assert.equal(tlsOutcomeFromCode('ECONNREFUSED'), 'refused');
  assert.equal(tlsOutcomeFromCode('EHOSTUNREACH'), 'error');
  assert.equal(formatDistinguishedName({ CN: 'a.test', OU: ['x', 'y'] }), 'CN=a.test, OU=x, OU=y');
});
