// Remote write against real HTTP servers on 127.0.0.1 that accept, refuse,
// hang, drip, fail and reject: every attempt ends in bounded time, the spool
// keeps what was not delivered (bounded: the oldest go, counted), delivers it
// oldest first with the original timestamps once the receiver answers, and a
// sample refused for good costs only its own snapshot.
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RemoteWriteConfig } from '../contracts/config';
import { freePort } from '../testkit/prometheus';
import { decodeWriteRequest, STALE_NAN, type TimeSeriesSample } from './remote-write-encoding';
import { RemoteWritePusher, type PushTiming } from './remote-write-pusher';
import { MemorySpoolStorage, Spool } from './spool';

const FAST: PushTiming = { intervalMs: 40, requestTimeoutMs: 300, backoffBaseMs: 40, backoffMaxMs: 160 };

interface Received {
  headers: IncomingMessage['headers'];
  samples: TimeSeriesSample[];
}

type Answer = (request: Received, response: ServerResponse) => void;

async function receiver(
  answer: Answer,
): Promise<{ url: string; received: Received[]; server: Server; setAnswer(next: Answer): void }> {
  const received: Received[] = [];
  let current = answer;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { headers: request.headers, samples: decodeWriteRequest(new Uint8Array(Buffer.concat(chunks))) };
      received.push(got);
      current(got, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    received,
    server,
    setAnswer: (next) => (current = next),
  };
}

const accept: Answer = (_request, response) => response.writeHead(204).end();

let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-push-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

let counter = 0;
/** Each snapshot: one gauge with a running value, so the order shows. */
function pusherFor(config: Partial<RemoteWriteConfig> & { url: string }, spool = new Spool(new MemorySpoolStorage())) {
  let changes = 0;
  const pusher = new RemoteWritePusher({
    config: { bearerTokenFile: null, intervalSeconds: 5, ...config },
    spool,
    snapshot: async (atMs) => [
      { labels: { __name__: 'outagewatch_test', n: 'x' }, value: (counter += 1), timestampMs: atMs },
    ],
    timing: FAST,
    userAgent: 'outage-watch/test',
    onChange: () => (changes += 1),
  });
  return { pusher, spool, changes: () => changes };
}

const until = async (what: string, check: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

test('delivers each snapshot as remote write 1.0: snappy protobuf, the headers, labels sorted', async (t) => {
  const server = await receiver(accept);
  t.after(() => server.server.close());
  const { pusher } = pusherFor({ url: server.url });
  pusher.start();
  await until('three deliveries', () => server.received.length >= 3);
  await pusher.stop();
  const [first] = server.received;
  assert.equal(first?.headers['content-encoding'], 'snappy');
  assert.equal(first?.headers['content-type'], 'application/x-protobuf');
  assert.equal(first?.headers['x-prometheus-remote-write-version'], '0.1.0');
  assert.equal(first?.headers.authorization, undefined, 'no token configured, none sent');
  for (const sample of first?.samples ?? []) {
    const names = Object.keys(sample.labels);
    assert.deepEqual(names, [...names].sort());
  }
  assert.equal(pusher.status().state, 'on');
  const status = pusher.status();
  assert.ok(status.state === 'on' && status.lastSentAt !== null && status.problem === null);
});

test('a refused connection backs off and spools; when the receiver comes, everything arrives oldest first with its own time', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/v1/write`;
  const { pusher } = pusherFor({ url });
  pusher.start();
  await until('a few snapshots spooled', () => {
    const status = pusher.status();
    return status.state === 'on' && status.spooled.snapshots >= 5;
  });
  const failing = pusher.status();
  assert.ok(failing.state === 'on');
  assert.equal(failing.problem?.kind, 'unreachable');
  assert.match(failing.problem?.detail ?? '', /ECONNREFUSED/);
  assert.notEqual(failing.retryAt, null, 'backing off');

  const late = createServer();
  const received: TimeSeriesSample[] = [];
  late.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(...decodeWriteRequest(new Uint8Array(Buffer.concat(chunks))));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => late.listen(port, '127.0.0.1', resolve));
  try {
    await until('the spool drained', () => {
      const status = pusher.status();
      return status.state === 'on' && status.spooled.snapshots === 0 && status.problem === null;
    });
    await pusher.stop();
    const values = received.map((sample) => sample.value);
    assert.ok(values.length >= 5);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
      'oldest first',
    );
    const times = received.map((sample) => sample.timestampMs);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) >= 4 * FAST.intervalMs * 0.8, 'each keeps the time it was taken');
  } finally {
    late.close();
  }
});

test('a receiver that hangs or drips: each attempt ends by the deadline; the spool is bounded, oldest dropped and counted', async (t) => {
  const sockets = new Set<Socket>();
  // Accepts and never answers.
  const hanging = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  // Answers 500 one byte every 100 ms, forever.
  const dripping = createServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'text/plain' });
    const timer = setInterval(() => response.write('x'), 100);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => dripping.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    hanging.close();
    dripping.closeAllConnections();
    dripping.close();
  });
  for (const server of [hanging, dripping]) {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const spool = new Spool(new MemorySpoolStorage(), 600);
    const { pusher } = pusherFor({ url: `http://127.0.0.1:${port}/api/v1/write` }, spool);
    const startedAt = Date.now();
    pusher.start();
    await until('a problem', () => {
      const status = pusher.status();
      return status.state === 'on' && status.problem !== null;
    });
    const took = Date.now() - startedAt;
    assert.ok(took < FAST.requestTimeoutMs + 1_500, `the first attempt ended after ${took} ms`);
    const status = pusher.status();
    assert.ok(status.state === 'on');
    assert.equal(status.problem?.kind, 'timeout', 'a drip is no answer either');
    await until('the spool overflows', () => spool.counts().dropped.snapshots > 0);
    const counts = spool.counts();
    assert.ok(counts.spooled.snapshots >= 1 && counts.spooled.snapshots <= 20, JSON.stringify(counts));
    assert.ok(counts.dropped.samples >= counts.dropped.snapshots);
    const stopAt = Date.now();
    await pusher.stop();
    assert.ok(Date.now() - stopAt < 1_000, 'stop does not wait for a hanging receiver');
  }
});

test('429 and 5xx are tried again (Retry-After honoured up to the cap); 401 keeps the spool until the token is fixed', async (t) => {
  let answer = 503;
  const server = await receiver((_request, response) =>
    response.writeHead(answer, answer === 503 ? { 'retry-after': '0' } : {}).end(answer >= 400 ? 'not now' : ''),
  );
  t.after(() => server.server.close());
  const { pusher } = pusherFor({ url: server.url });
  pusher.start();
  await until('a 503', () => {
    const status = pusher.status();
    return status.state === 'on' && status.problem?.status === 503;
  });
  let status = pusher.status();
  assert.ok(status.state === 'on');
  assert.equal(status.problem?.kind, 'http-status');
  assert.equal(status.problem?.detail, 'HTTP 503: not now');
  answer = 401;
  await until('a 401', () => {
    const next = pusher.status();
    return next.state === 'on' && next.problem?.status === 401;
  });
  status = pusher.status();
  assert.ok(status.state === 'on' && status.spooled.snapshots > 0 && status.rejectedSamples === 0, 'kept');
  answer = 204;
  await until('delivered', () => {
    const next = pusher.status();
    return next.state === 'on' && next.spooled.snapshots === 0 && next.problem === null;
  });
  await pusher.stop();
});

test('a snapshot refused for good (400) is dropped and counted, alone: the ones beside it arrive', async (t) => {
  let refuseValue = -1;
  let down = true;
  const server = await receiver((request, response) => {
    if (down) return void response.writeHead(503).end();
    if (request.samples.some((sample) => sample.value === refuseValue))
      return void response.writeHead(400).end('out of order sample');
    response.writeHead(204).end();
  });
  t.after(() => server.server.close());
  const start = counter;
  const { pusher } = pusherFor({ url: server.url });
  pusher.start();
  await until('three spooled', () => {
    const status = pusher.status();
    return status.state === 'on' && status.spooled.snapshots >= 3;
  });
  refuseValue = start + 2;
  down = false;
  pusher.retrySoon();
  await until('drained', () => {
    const status = pusher.status();
    return status.state === 'on' && status.spooled.snapshots === 0;
  });
  await pusher.stop();
  const status = pusher.status();
  assert.ok(status.state === 'on');
  assert.equal(status.rejectedSamples, 1);
  const delivered = server.received
    .filter((request) => !request.samples.some((sample) => sample.value === refuseValue))
    .flatMap((request) => request.samples.map((sample) => sample.value));
  assert.ok(delivered.includes(start + 1) && delivered.includes(start + 3), `${delivered}`);
});

test('the bearer token is read from its file at each send; a missing or empty file is one clear problem', async (t) => {
  const server = await receiver(accept);
  t.after(() => server.server.close());
  const tokenFile = join(folder, 'token');
  const { pusher } = pusherFor({ url: server.url, bearerTokenFile: tokenFile });
  assert.match((await pusher.checkToken())?.detail ?? '', /token: ENOENT/);
  const status = pusher.status();
  assert.equal(status.state === 'on' && status.problem?.kind, 'token-unreadable', 'shown before any send');
  await writeFile(tokenFile, '\n');
  assert.match((await pusher.checkToken())?.detail ?? '', /token: empty/);
  await writeFile(tokenFile, 'first-secret\n');
  assert.equal(await pusher.checkToken(), null);
  pusher.start();
  await until('sent with the token', () => server.received.length > 0);
  assert.equal(server.received[0]?.headers.authorization, 'Bearer first-secret');
  await writeFile(tokenFile, 'rotated-secret');
  const seen = server.received.length;
  await until('sent with the new token', () =>
    server.received.slice(seen).some((request) => request.headers.authorization === 'Bearer rotated-secret'),
  );
  await pusher.stop();
});

test('a series missing from the next snapshot ends with a staleness marker', async (t) => {
  const server = await receiver(accept);
  t.after(() => server.server.close());
  let round = 0;
  const pusher = new RemoteWritePusher({
    config: { url: server.url, bearerTokenFile: null, intervalSeconds: 5 },
    spool: new Spool(new MemorySpoolStorage()),
    snapshot: async (atMs) => {
      round += 1;
      const kind = round === 1 ? 'ok' : 'isp';
      return [{ labels: { __name__: 'outagewatch_verdict_info', kind }, value: 1, timestampMs: atMs }];
    },
    timing: FAST,
    userAgent: 'test',
    onChange: () => undefined,
  });
  pusher.start();
  await until('two snapshots', () => server.received.length >= 2);
  await pusher.stop();
  const second = server.received[1]?.samples ?? [];
  const ended = second.find((sample) => sample.labels.kind === 'ok');
  assert.ok(ended && Number.isNaN(ended.value), 'the ok series ends');
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, ended.value);
  const expected = new DataView(new ArrayBuffer(8));
  expected.setFloat64(0, STALE_NAN);
  assert.equal(bits.getBigUint64(0), expected.getBigUint64(0), 'the exact staleness NaN');
  assert.equal(second.find((sample) => sample.labels.kind === 'isp')?.value, 1);
});
