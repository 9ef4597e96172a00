// The engine process's side of the app's proxies: a round asks main and
// follows its answers (resolveProxy's PAC results); main not answering in
// time is an error the round treats as "direct".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxiesFromPacAnswers } from '../../engine/check';
import type { FromHost } from '../common/monitor-protocol';
import { mainProxyResolver, PROXY_ANSWER_TIMEOUT_MS, type HostChannel } from './monitor-host-core';

test("a round follows main's answers: PROXY goes through the proxy, DIRECT and garbage go direct", async () => {
  const posted: FromHost[] = [];
  const channel: HostChannel = { post: (message) => posted.push(message), onMessage: () => undefined };
  const resolver = mainProxyResolver(channel);
  const settings = proxiesFromPacAnswers((urls) => resolver.ask(urls));
  const urls = ['https://app.example/', 'https://intranet.corp.example/', 'https://odd.example/'];
  const pending = settings(urls);
  const request = posted.find((m) => m.type === 'resolve-proxies');
  assert.ok(request && request.type === 'resolve-proxies');
  assert.deepEqual(request.urls, urls);
  resolver.receive(request.id, [
    ['https://app.example/', 'PROXY 198.18.9.1:3128'],
    ['https://intranet.corp.example/', 'DIRECT'],
    ['https://odd.example/', 'PROXY'],
  ]);
  const lookup = await pending;
  assert.equal(lookup('https://app.example/').kind, 'http');
  assert.equal(lookup('https://intranet.corp.example/').kind, 'direct');
  const odd = lookup('https://odd.example/');
  assert.equal(odd.kind === 'unusable' && odd.outcome, 'invalid-setting');
});

test('main silent: the ask fails after its timeout (the round then goes direct)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const resolver = mainProxyResolver({ post: () => undefined, onMessage: () => undefined });
  const asked = resolver.ask(['https://app.example/']);
  t.mock.timers.tick(PROXY_ANSWER_TIMEOUT_MS + 1);
  await assert.rejects(asked, /did not say which proxies/);
});
