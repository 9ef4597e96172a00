// The app's proxies: a round in the engine process asks main, main answers
// with Electron's resolveProxy for each URL (here a stand-in), and a lookup
// that fails, or main not answering, leaves the round direct.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxiesFromPacAnswers } from '../../engine/check';
import { parseFromHost, parseToHost, type FromHost } from '../common/monitor-protocol';
import { mainProxyResolver, type HostChannel } from '../engine-host/monitor-host-core';
import { MonitorSupervisor, type HostProcess } from './monitor-supervisor';

function connected(resolveProxy: (url: string) => Promise<string>) {
  const toHost: ((message: unknown) => void)[] = [];
  const toMain: ((message: unknown) => void)[] = [];
  const exits: ((code: number | null) => void)[] = [];
  const channel: HostChannel = {
    // Through structured clone in the app: JSON here, and both ends check what they get.
    post: (message: FromHost) => toMain.forEach((listener) => listener(JSON.parse(JSON.stringify(message)))),
    onMessage: (listener) => toHost.push(listener),
  };
  const resolver = mainProxyResolver(channel);
  channel.onMessage((raw) => {
    const message = parseToHost(raw);
    if (message?.type === 'proxies') resolver.receive(message.id, message.answers);
    if (message?.type === 'stop') exits.forEach((listener) => listener(0));
  });
  const host: HostProcess = {
    postMessage: (message) => toHost.forEach((listener) => listener(JSON.parse(JSON.stringify(message)))),
    onMessage: (listener) => toMain.push(listener),
    onExit: (listener) => exits.push(listener),
    kill: () => exits.forEach((listener) => listener(null)),
  };
  const supervisor = new MonitorSupervisor({ spawn: () => host, resolveProxy, watchdogMs: 0 });
  supervisor.start();
  channel.post({ type: 'ready' });
  return { resolver, supervisor };
}

test('main answers each URL with resolveProxy; the round follows PROXY and goes direct on a failed lookup', async () => {
  const { resolver, supervisor } = connected(async (url) => {
    if (url.includes('broken')) throw new Error('PAC script threw');
    return url.includes('intranet') ? 'DIRECT' : 'PROXY 198.18.9.1:3128; DIRECT';
  });
  try {
    const settings = proxiesFromPacAnswers((urls) => resolver.ask(urls));
    const urls = ['https://app.example/', 'https://intranet.corp.example/', 'https://broken.example/'];
    const lookup = await settings(urls);
    assert.equal(lookup('https://app.example/').kind, 'http');
    assert.equal(lookup('https://intranet.corp.example/').kind, 'direct');
    assert.equal(lookup('https://broken.example/').kind, 'direct');
  } finally {
    await supervisor.stop();
  }
});

test('malformed requests and answers are refused by the protocol checks', () => {
  assert.equal(parseFromHost({ type: 'resolve-proxies', id: 1, urls: [42] }), null);
  assert.equal(parseFromHost({ type: 'resolve-proxies', id: 1, urls: Array(501).fill('https://a/') }), null);
  assert.equal(parseToHost({ type: 'proxies', id: 1, answers: [['https://a/']] }), null);
  assert.notEqual(parseToHost({ type: 'proxies', id: 1, answers: [['https://a/', 'DIRECT']] }), null);
});
