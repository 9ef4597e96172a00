// The serve server's guard rails, over real HTTP on 127.0.0.1: the token, the
// Host check against DNS rebinding, the cookie, CSP, call validation, static
// files without traversal, and live state by server-sent events.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppState, Bridge } from '../contracts/bridge';
import { defaultConfig } from '../contracts/config';
import { TOKEN_COOKIE_PREFIX, TOKEN_HEADER } from '../contracts/serve-protocol';
import { appStateOf } from '../testkit/app-state-fixture';
import { startServeServer, type ServeServer } from './server';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  server: ServeServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let folder: string;
let server: ServeServer;
let state: AppState;
const listeners = new Set<(state: AppState) => void>();
const pauses: number[] = [];
const languages: string[] = [];

const bridge: Bridge = {
  getState: async () => state,
  onState(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  checkNow: async () => undefined,
  pause: async (minutes) => {
    pauses.push(minutes);
  },
  resume: async () => undefined,
  getHistory: async () => ({ incidents: [], samples: [] }),
  getConfig: async () => defaultConfig(),
  saveConfig: async () => ({ ok: false, problem: 'read-only' }),
  getCatalog: async () => [],
  getReport: async () => ({ text: '', json: 'null' }),
  setStartAtLogin: async () => false,
};

const auth = () => ({ [TOKEN_HEADER]: server.token });

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'outage-watch-serve-'));
  await mkdir(join(folder, 'site', 'assets'), { recursive: true });
  await writeFile(join(folder, 'site', 'index.html'), '<!doctype html><title>window</title>');
  await writeFile(join(folder, 'site', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(folder, 'secret.txt'), 'outside the site');
  state = appStateOf({});
  server = await startServeServer({
    bridge,
    staticDir: join(folder, 'site'),
    language: 'en',
    onLanguage: (language) => languages.push(language),
  });
});

after(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

test('the URL is loopback with a long random token', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  assert.equal(server.url, `${server.origin}/?token=${server.token}`);
});

test('without the token nothing is served', async () => {
  for (const path of ['/', '/assets/app.js', '/api/events']) {
    const reply = await send(server, path);
    assert.equal(reply.status, 403, path);
    assert.match(reply.body, /outage-watch serve/);
  }
  const call = await send(server, '/api/call/getState', { method: 'POST', body: '{"args":[]}' });
  assert.equal(call.status, 403);
  const wrong = await send(server, '/api/call/getState', {
    method: 'POST',
    body: '{"args":[]}',
    headers: { [TOKEN_HEADER]: `${server.token.slice(1)}x` },
  });
  assert.equal(wrong.status, 403);
});

test('a foreign Host header is refused even with the token (DNS rebinding)', async () => {
  for (const host of [
    'evil.example',
    `evil.example:${server.port}`,
    `127.0.0.1:${server.port + 1}`,
    `localhost`,
    `127.0.0.2:${server.port}`,
  ]) {
    const reply = await send(server, '/', { headers: { ...auth(), host } });
    assert.equal(reply.status, 421, host);
  }
  const local = await send(server, '/', { headers: { ...auth(), host: `localhost:${server.port}` } });
  assert.equal(local.status, 200);
});

test('the token in the URL becomes an HttpOnly SameSite=Strict cookie, and lang is kept', async () => {
  const reply = await send(server, `/?token=${server.token}&lang=ar`);
  assert.equal(reply.status, 303);
  assert.equal(reply.headers.location, '/?lang=ar');
  const cookie = reply.headers['set-cookie']?.[0] ?? '';
  assert.match(cookie, new RegExp(`^${TOKEN_COOKIE_PREFIX}${server.port}=${server.token};`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.deepEqual(languages.slice(-1), ['ar']);

  const page = await send(server, '/?lang=ar', {
    headers: { cookie: `${TOKEN_COOKIE_PREFIX}${server.port}=${server.token}` },
  });
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>window<\/title>/);
  const bad = await send(server, `/?token=nope`);
  assert.equal(bad.status, 403);
});

test('pages carry a strict CSP and the usual hardening headers', async () => {
  const reply = await send(server, '/', { headers: auth() });
  const csp = String(reply.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  assert.equal(reply.headers['x-frame-options'], 'DENY');
  assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8');
});

test('static files stay inside the site folder', async () => {
  assert.equal((await send(server, '/assets/app.js', { headers: auth() })).status, 200);
  for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/nothing.js']) {
    const reply = await send(server, path, { headers: auth() });
    assert.equal(reply.status, 404, path);
    assert.doesNotMatch(reply.body, /outside the site/);
  }
});

test('calls are validated before they reach the bridge', async () => {
  const ok = await send(server, '/api/call/pause', { method: 'POST', headers: auth(), body: '{"args":[30]}' });
  assert.equal(ok.status, 200);
  assert.deepEqual(pauses, [30]);
  for (const [path, body] of [
    ['/api/call/pause', '{"args":["30"]}'],
    ['/api/call/pause', '{"args":[0]}'],
    ['/api/call/deleteEverything', '{"args":[]}'],
    ['/api/call/getHistory', '{"args":[{"since":"yesterday"}]}'],
    ['/api/call/getState', 'not json'],
  ] as const) {
    const reply = await send(server, path, { method: 'POST', headers: auth(), body });
    assert.equal(reply.status, 400, `${path} ${body}`);
    assert.equal(typeof JSON.parse(reply.body).error, 'string');
  }
  assert.deepEqual(pauses, [30]);
  const state = await send(server, '/api/call/getState', { method: 'POST', headers: auth(), body: '{"args":[]}' });
  assert.equal(JSON.parse(state.body).result.phase, 'idle');
});

test('a write from another origin is refused even with the cookie', async () => {
  const reply = await send(server, '/api/call/pause', {
    method: 'POST',
    headers: { cookie: `${TOKEN_COOKIE_PREFIX}${server.port}=${server.token}`, origin: 'http://evil.example' },
    body: '{"args":[5]}',
  });
  assert.equal(reply.status, 403);
  assert.deepEqual(pauses, [30]);
});

test('outside demo mode the demo endpoint says null and refuses switches', async () => {
  const get = await send(server, '/api/demo', { headers: auth() });
  assert.deepEqual(JSON.parse(get.body), { result: null });
  const post = await send(server, '/api/demo', { method: 'POST', headers: auth(), body: '{"scenario":"all-fine"}' });
  assert.equal(post.status, 404);
});

test('state arrives at once and again on every change, by server-sent events', async () => {
  const events: AppState[] = [];
  let buffer = '';
  const req = httpRequest({
    host: '127.0.0.1',
    port: server.port,
    path: '/api/events?topics=state',
    headers: { host: `127.0.0.1:${server.port}`, ...auth() },
  });
  const gotTwo = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: state$/m.test(block) && data) events.push(JSON.parse(data) as AppState);
          if (events.length === 1 && events[0]?.phase === 'idle') {
            state = appStateOf({ phase: 'checking' });
            for (const listener of listeners) listener(state);
          }
          if (events.length === 2) resolve();
        }
      });
    });
    req.on('error', reject);
  });
  req.end();
  await gotTwo;
  req.destroy();
  assert.deepEqual(
    events.map((e) => e.phase),
    ['idle', 'checking'],
  );
});
