// Main's side of the app's proxies: the engine process asks which proxy each
// URL goes through; main answers with Electron's resolveProxy (a stand-in
// here), and a lookup that fails is answered DIRECT.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFromHost, parseToHost, type ToHost } from '../common/monitor-protocol';
import { MonitorSupervisor, type HostProcess } from './monitor-supervisor';

test('main answers each URL with resolveProxy, and DIRECT for a lookup that fails', async () => {
  const toMain: ((message: unknown) => void)[] = [];
  const exits: ((code: number | null) => void)[] = [];
  const received: ToHost[] = [];
  const host: HostProcess = {
    postMessage: (message) => {
      const checked = parseToHost(JSON.parse(JSON.stringify(message)));
      if (checked) received.push(checked);
      if (checked?.type === 'stop') exits.forEach((listener) => listener(0));
    },
    onMessage: (listener) => toMain.push(listener),
    onExit: (listener) => exits.push(listener),
    kill: () => exits.forEach((listener) => listener(null)),
  };
  const supervisor = new MonitorSupervisor({
    spawn: () => host,
    watchdogMs: 0,
    resolveProxy: async (url) => {
      if (url.includes('broken')) throw new Error('PAC script threw');
      return 'PROXY 198.18.9.1:3128; DIRECT';
    },
  });
  supervisor.start();
  const send = (message: unknown) => toMain.forEach((listener) => listener(message));
  send({ type: 'ready' });
  send({ type: 'resolve-proxies', id: 7, urls: ['https://app.example/', 'https://broken.example/'] });
  for (let i = 0; i < 50 && !received.some((m) => m.type === 'proxies'); i++)
    await new Promise((r) => setTimeout(r, 10));
  const answer = received.find((m) => m.type === 'proxies');
  assert.deepEqual(answer, {
    type: 'proxies',
    id: 7,
    answers: [
      ['https://app.example/', 'PROXY 198.18.9.1:3128; DIRECT'],
      ['https://broken.example/', 'DIRECT'],
    ],
  });
  await supervisor.stop();
});

test('malformed requests and answers are refused by the protocol checks', () => {
  assert.equal(parseFromHost({ type: 'resolve-proxies', id: 1, urls: [42] }), null);
  assert.equal(parseFromHost({ type: 'resolve-proxies', id: 1, urls: Array(501).fill('https://a/') }), null);
  assert.equal(parseToHost({ type: 'proxies', id: 1, answers: [['https://a/']] }), null);
  assert.notEqual(parseToHost({ type: 'proxies', id: 1, answers: [['https://a/', 'DIRECT']] }), null);
});
