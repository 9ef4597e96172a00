import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BRIDGE_CALLS } from './bridge';
import { BRIDGE_ARGUMENTS, isTrustedSender, parseBridgeRequest } from './bridge-validation';

test('every Bridge call has an argument schema, and no other name does', () => {
  assert.deepEqual(Object.keys(BRIDGE_ARGUMENTS).sort(), [...BRIDGE_CALLS].sort());
});

test('well-formed calls pass with their arguments', () => {
  assert.deepEqual(parseBridgeRequest({ call: 'getState', args: [] }), {
    ok: true,
    request: { call: 'getState', args: [] },
  });
  assert.deepEqual(parseBridgeRequest({ call: 'pause', args: [60] }), {
    ok: true,
    request: { call: 'pause', args: [60] },
  });
  assert.deepEqual(parseBridgeRequest({ call: 'setStartAtLogin', args: [true] }), {
    ok: true,
    request: { call: 'setStartAtLogin', args: [true] },
  });
  const history = parseBridgeRequest({
    call: 'getHistory',
    args: [{ since: '2026-11-22T10:00:00.000Z', appIds: ['zoom'] }],
  });
  assert.equal(history.ok, true);
  const anyConfig = parseBridgeRequest({ call: 'saveConfig', args: [{ apps: 'not checked here' }] });
  assert.equal(anyConfig.ok, true, 'the engine validates the config and names the problem');
});

test('unknown calls, extra or missing arguments and wrong types are refused', () => {
  const refused = [
    null,
    'getState',
    { call: 'constructor', args: [] },
    { call: '__proto__', args: [] },
    { call: 'onState', args: [] },
    { call: 'getState' },
    { call: 'getState', args: [1] },
    { call: 'getState', args: [], extra: true },
    { call: 'pause', args: [] },
    { call: 'pause', args: ['60'] },
    { call: 'pause', args: [0] },
    { call: 'pause', args: [1.5] },
    { call: 'pause', args: [100000] },
    { call: 'setStartAtLogin', args: ['yes'] },
    { call: 'getHistory', args: [{ since: 'yesterday' }] },
    { call: 'getHistory', args: [{ since: '2026-11-22T10:00:00.000Z', sql: 'DROP TABLE' }] },
    { call: 'saveConfig', args: [] },
    { call: 'saveConfig', args: [{}, {}] },
  ];
  for (const message of refused) {
    const check = parseBridgeRequest(message);
    assert.equal(check.ok, false, JSON.stringify(message));
  }
});

test('only our renderer page in the main frame is a trusted sender', () => {
  const renderer = 'file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html';
  assert.equal(isTrustedSender(renderer, true, renderer), true);
  assert.equal(isTrustedSender(`${renderer}#/history/3`, true, renderer), true);
  assert.equal(isTrustedSender(renderer, false, renderer), false, 'sub-frame');
  assert.equal(
    isTrustedSender('file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/other.html', true, renderer),
    false,
  );
  assert.equal(isTrustedSender('file:///tmp/evil/index.html', true, renderer), false);
  assert.equal(isTrustedSender('https://example.com/', true, renderer), false);
  assert.equal(
    isTrustedSender('file://evil-host/opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html', true, renderer),
    false,
  );
  assert.equal(isTrustedSender(undefined, true, renderer), false);
  assert.equal(isTrustedSender('not a url', true, renderer), false);
});
