import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeHttp, type FakeHttpHandle } from '../testkit/fake-http-server';
import { looksLikeLoginPage, probeCaptivePortal } from './captive';

let server: FakeHttpHandle;

before(async () => {
  server = await startFakeHttp();
});

after(async () => {
  await server.close();
});

const checkUrl = (host = 'check.test') => server.url('/generate_204', host);
const toLoopback = async () => '127.0.0.1';

test('the expected status is ok', async () => {
  server.setRoute('check.test', { kind: 'respond', status: 204 });
  const result = await probeCaptivePortal({
    captivePortal: { url: checkUrl(), expectStatus: 204 },
    timeoutMs: 1000,
    resolve: toLoopback,
  });
  assert.equal(result.outcome, 'ok');
  assert.equal(result.status, 204);
  assert.equal(result.url, checkUrl());
  assert.equal(result.http?.address, '127.0.0.1');
  assert.equal(server.requests.at(-1)?.host, 'check.test');
});

test('a redirect is an interception, not followed, with its location kept', async () => {
  server.setRoute('portal.test', { kind: 'redirect', status: 302, location: 'http://login.portal.test/welcome' });
  server.setRoute('login.portal.test', { kind: 'respond', status: 200, body: 'login page' });
  const asked: string[] = [];
  const result = await probeCaptivePortal({
    captivePortal: { url: checkUrl('portal.test'), expectStatus: 204 },
    timeoutMs: 1000,
    resolve: async (hostname) => {
      asked.push(hostname);
      return '127.0.0.1';
    },
  });
  assert.equal(result.outcome, 'intercepted');
  assert.equal(result.status, 302);
  assert.equal(result.location, 'http://login.portal.test/welcome');
  assert.deepEqual(asked, ['portal.test']);
  assert.equal(
    server.requests.some((r) => r.host === 'login.portal.test'),
    false,
  );
});

test('another status, or a login page where a page was expected, is an interception', async () => {
  server.setRoute('page.test', {
    kind: 'respond',
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: '<html><body>Welcome</body></html>',
  });
  const wrongStatus = await probeCaptivePortal({
    captivePortal: { url: checkUrl('page.test'), expectStatus: 204 },
    timeoutMs: 1000,
    resolve: toLoopback,
  });
  assert.equal(wrongStatus.outcome, 'intercepted');
  assert.equal(wrongStatus.status, 200);

  server.setRoute('login.test', {
    kind: 'respond',
    status: 200,
    body: '<!DOCTYPE html><html><form action="/auth"><input type="password" name="p"></form></html>',
  });
  const loginPage = await probeCaptivePortal({
    captivePortal: { url: checkUrl('login.test'), expectStatus: 200 },
    timeoutMs: 1000,
    resolve: toLoopback,
  });
  assert.equal(loginPage.outcome, 'intercepted');

  server.setRoute('success.test', {
    kind: 'respond',
    status: 200,
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
  });
  const success = await probeCaptivePortal({
    captivePortal: { url: checkUrl('success.test'), expectStatus: 200 },
    timeoutMs: 1000,
    resolve: toLoopback,
  });
  assert.equal(success.outcome, 'ok');
});

test('no answer, no address or a refused connection is failed', async () => {
  server.setRoute('hang.test', { kind: 'hang' });
  const hung = await probeCaptivePortal({
    captivePortal: { url: checkUrl('hang.test'), expectStatus: 204 },
    timeoutMs: 300,
    resolve: toLoopback,
  });
  assert.equal(hung.outcome, 'failed');
  assert.equal(hung.http?.outcome, 'timeout');

  const unresolved = await probeCaptivePortal({
    captivePortal: { url: checkUrl(), expectStatus: 204 },
    timeoutMs: 300,
    resolve: async () => null,
  });
  assert.equal(unresolved.outcome, 'failed');
  assert.equal(unresolved.http, null);

  const slowResolver = await probeCaptivePortal({
    captivePortal: { url: checkUrl(), expectStatus: 204 },
    timeoutMs: 200,
    resolve: () => new Promise(() => {}),
  });
  assert.equal(slowResolver.outcome, 'failed');

  const closed = await startFakeHttp();
  const port = closed.port;
  await closed.close();
  const refused = await probeCaptivePortal({
    captivePortal: { url: `http://127.0.0.1:${port}/generate_204`, expectStatus: 204 },
    timeoutMs: 1000,
  });
  assert.equal(refused.outcome, 'failed');
  assert.equal(refused.http?.outcome, 'refused');
});

test("'off' sends nothing", async () => {
  const before = server.requests.length;
  const result = await probeCaptivePortal({ captivePortal: 'off', timeoutMs: 1000, resolve: toLoopback });
  assert.deepEqual(result, { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null });
  assert.equal(server.requests.length, before);
});

test('login pages are told from plain answers', () => {
  assert.equal(looksLikeLoginPage('<html><form method="post"></form></html>'), true);
  assert.equal(looksLikeLoginPage('<!doctype html><p>Please sign in to continue</p>'), true);
  assert.equal(looksLikeLoginPage('<html><body>Success</body></html>'), false);
  assert.equal(looksLikeLoginPage('sign in'), false);
  assert.equal(looksLikeLoginPage(''), false);
});
