import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { startStalledListener } from '../testkit/stalled-listener';
import { ABORTED_CODE } from './deadline';
import { NOT_AN_ADDRESS_CODE, probeTcp } from './tcp';

async function listen(host = '127.0.0.1'): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port, sockets };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('connected to a listening port, and the socket is closed afterwards', async () => {
  const { server, port, sockets } = await listen();
  try {
    const result = await probeTcp({ host: 'app.test', address: '127.0.0.1', port, timeoutMs: 1000 });
    assert.equal(result.kind, 'tcp');
    assert.equal(result.outcome, 'connected');
    assert.equal(result.host, 'app.test');
    assert.equal(result.port, port);
    assert.equal(result.errorCode, undefined);
    assert.ok(result.latencyMs >= 0);
    await waitFor(() => sockets.size === 0);
  } finally {
    server.close();
  }
});

test('connected over IPv6 loopback when the host has it', async (t) => {
  let target: Awaited<ReturnType<typeof listen>>;
  try {
    target = await listen('::1');
  } catch (error) {
    t.skip(`no IPv6 loopback here: ${(error as Error).message}`);
    return;
  }
  try {
    const result = await probeTcp({ host: 'app.test', address: '::1', port: target.port, timeoutMs: 1000 });
    assert.equal(result.outcome, 'connected');
  } finally {
    target.server.close();
  }
});

test('refused when nothing listens', async () => {
  const port = await closedPort();
  const result = await probeTcp({ host: 'app.test', address: '127.0.0.1', port, timeoutMs: 1000 });
  assert.equal(result.outcome, 'refused');
  assert.equal(result.errorCode, 'ECONNREFUSED');
});

test('timeout when SYNs go unanswered', async () => {
  const stalled = await startStalledListener();
  try {
    const result = await probeTcp({ host: 'app.test', address: stalled.address, port: stalled.port, timeoutMs: 300 });
    assert.equal(result.outcome, 'timeout');
    assert.ok(result.latencyMs >= 250, `latency ${result.latencyMs}`);
  } finally {
    await stalled.close();
  }
});

test('an abort ends the probe at once, recorded as an error with the abort code', async () => {
  const stalled = await startStalledListener();
  try {
    const controller = new AbortController();
    const pending = probeTcp({
      host: 'app.test',
      address: stalled.address,
      port: stalled.port,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorCode, ABORTED_CODE);
    assert.ok(result.latencyMs < 5000);

    const already = await probeTcp({
      host: 'x',
      address: '127.0.0.1',
      port: stalled.port,
      timeoutMs: 1000,
      signal: AbortSignal.abort(),
    });
    assert.equal(already.errorCode, ABORTED_CODE);
  } finally {
    await stalled.close();
  }
});

test('a host name where an address belongs is refused without a lookup', async () => {
  const result = await probeTcp({ host: 'app.test', address: 'app.test', port: 80, timeoutMs: 1000 });
  assert.equal(result.outcome, 'error');
  assert.equal(result.errorCode, NOT_AN_ADDRESS_CODE);
});

test('many probes leave no socket handles behind', async () => {
  const { server, port, sockets } = await listen();
  const refusedPort = await closedPort();
  const countSockets = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
  const before = countSockets();
  try {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        probeTcp({ host: 'app.test', address: '127.0.0.1', port: i % 2 === 0 ? port : refusedPort, timeoutMs: 1000 }),
      ),
    );
    assert.deepEqual(new Set(results.map((r) => r.outcome)), new Set(['connected', 'refused']));
    await waitFor(() => sockets.size === 0 && countSockets() <= before);
  } finally {
    server.close();
  }
});
