import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hostHeaderName, runFakeHttpFromSpec, startFakeHttp } from './fake-http-server';
import { createTestCa } from './test-ca';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, host: string, options: { ca?: string; servername?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  const requestOptions = {
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    agent: false,
    headers: { host },
  };
  return new Promise((resolve, reject) => {
    const onResponse = (response: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      response.on('error', reject);
    };
    const request =
      target.protocol === 'https:'
        ? https.get({ ...requestOptions, ca: options.ca, servername: options.servername }, onResponse)
        : http.get(requestOptions, onResponse);
    request.on('error', reject);
  });
}

test('routes by path first, then Host header, then the default; requests are logged', async () => {
  const server = await startFakeHttp();
  try {
    server.setRoute('app.test', { kind: 'respond', status: 201, headers: { 'x-amz-cf-id': 'id' }, body: 'by host' });
    server.setRoute('/special', { kind: 'respond', status: 418, body: 'by path' });
    server.setDefault({ kind: 'respond', status: 404, body: 'default' });
    const byHost = await get(server.url('/'), 'APP.test:8080');
    assert.deepEqual([byHost.status, byHost.body, byHost.headers['x-amz-cf-id']], [201, 'by host', 'id']);
    assert.equal((await get(server.url('/special?q=1'), 'app.test')).status, 418);
    assert.equal((await get(server.url('/'), 'other.test')).body, 'default');
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.host, r.path]),
      [
        ['GET', 'app.test', '/'],
        ['GET', 'app.test', '/special'],
        ['GET', 'other.test', '/'],
      ],
    );
    assert.equal(server.requests[0]?.remoteAddress, '127.0.0.1');
  } finally {
    await server.close();
  }
});

test('the request log keeps only the latest requests', async () => {
  const server = await startFakeHttp({ maxLoggedRequests: 2 });
  try {
    for (const host of ['a.test', 'b.test', 'c.test']) await get(server.url('/'), host);
    assert.deepEqual(
      server.requests.map((r) => r.host),
      ['b.test', 'c.test'],
    );
  } finally {
    await server.close();
  }
});

test('redirect, delay and huge-body behaviours', async () => {
  const server = await startFakeHttp();
  try {
    server.setRoute('moved.test', { kind: 'redirect', status: 308, location: 'https://new.test/' });
    const moved = await get(server.url('/'), 'moved.test');
    assert.deepEqual([moved.status, moved.headers.location], [308, 'https://new.test/']);

    server.setRoute('slow.test', { kind: 'respond', delayMs: 150 });
    const startedAt = performance.now();
    await get(server.url('/'), 'slow.test');
    assert.ok(performance.now() - startedAt >= 140);

    server.setRoute('big.test', { kind: 'huge-body', bytes: 300_000 });
    const big = await get(server.url('/'), 'big.test');
    assert.equal(big.body.length, 300_000);
    assert.equal(big.headers['content-length'], '300000');
  } finally {
    await server.close();
  }
});

test('reset, hang, hang-after-headers and trickle; close() ends them all', async () => {
  const server = await startFakeHttp();
  server.setRoute('reset.test', { kind: 'reset' });
  await assert.rejects(get(server.url('/'), 'reset.test'), { code: 'ECONNRESET' });

  server.setRoute('hang.test', { kind: 'hang' });
  server.setRoute('half.test', { kind: 'hang-after-headers', status: 202 });
  server.setRoute('trickle.test', { kind: 'trickle', chunk: 'ab', intervalMs: 10 });
  const hang = get(server.url('/'), 'hang.test');
  const half = new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, agent: false, headers: { host: 'half.test' } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
      .on('error', reject);
  });
  const trickled = new Promise<string>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, agent: false, headers: { host: 'trickle.test' } }, (res) => {
        let seen = '';
        res.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.length >= 6) resolve(seen);
        });
      })
      .on('error', reject);
  });
  assert.equal(await half, 202);
  assert.match(await trickled, /^(ab){3,}/);
  assert.equal(server.openConnections(), 3);

  await server.close();
  await assert.rejects(hang);
  assert.equal(server.openConnections(), 0);
});

test('HTTPS with a certificate from the test CA', async () => {
  const ca = await createTestCa();
  const server = await startFakeHttp({ tls: await ca.issueCertificate({ hostnames: ['secure.test'] }) });
  try {
    assert.equal(server.protocol, 'https');
    assert.match(server.url('/x', 'secure.test'), /^https:\/\/secure\.test:\d+\/x$/);
    const reply = await get(server.url('/'), 'secure.test', { ca: ca.caCertPem, servername: 'secure.test' });
    assert.equal(reply.body, 'ok');
  } finally {
    await server.close();
  }
});

test('Host header names: case, ports and IPv6 brackets', () => {
  assert.equal(hostHeaderName('App.Test:8443'), 'app.test');
  assert.equal(hostHeaderName('[::1]:8080'), '::1');
  assert.equal(hostHeaderName('[::1]'), '::1');
  assert.equal(hostHeaderName('::1'), '::1');
  assert.equal(hostHeaderName(undefined), '');
});

test('a JSON spec starts a server, with TLS files; bad specs are rejected', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fake-http-spec-'));
  try {
    const ca = await createTestCa();
    const leaf = await ca.issueCertificate({ hostnames: ['spec.test'] });
    await writeFile(join(dir, 'cert.pem'), leaf.certPem);
    await writeFile(join(dir, 'key.pem'), leaf.keyPem);
    const server = await runFakeHttpFromSpec({
      listen: { host: '127.0.0.1', port: 0 },
      tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
      routes: { 'spec.test': { kind: 'respond', status: 503, body: 'down' } },
      default: { kind: 'respond', status: 204 },
    });
    try {
      const reply = await get(server.url('/'), 'spec.test', { ca: ca.caCertPem, servername: 'spec.test' });
      assert.deepEqual([reply.status, reply.body], [503, 'down']);
    } finally {
      await server.close();
    }
    await assert.rejects(
      runFakeHttpFromSpec({ listen: { host: '127.0.0.1', port: 0 }, routes: { x: { kind: 'explode' } } } as never),
    );
    await assert.rejects(runFakeHttpFromSpec({ listen: { host: '127.0.0.1', port: 0 }, extra: true } as never));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('run as a program: prints its URL, serves the spec, stops on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fake-http-main-'));
  try {
    const specPath = join(dir, 'spec.json');
    await writeFile(
      specPath,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0 },
        routes: { '/health': { kind: 'respond', body: 'healthy' } },
      }),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./fake-http-server.ts', import.meta.url).pathname, specPath],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (data: Buffer) => resolve(String(data).trim()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
      assert.ok(match, line);
      assert.equal((await get(`${match[1]}health`, 'lab.test')).body, 'healthy');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
