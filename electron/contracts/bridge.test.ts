import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BRIDGE_CALL_ARITY, BRIDGE_CALLS, bridgeOver, type AppState, type BridgeCall } from './bridge';
import { BRIDGE_ARGUMENTS } from './bridge-validation';

test('bridgeOver makes every call of the table, each sending exactly its own arguments', async () => {
  const sent: { name: BridgeCall; args: unknown[] }[] = [];
  const bridge = bridgeOver({
    call: async (name, args) => {
      sent.push({ name, args });
      return name;
    },
    onState: () => () => undefined,
  });
  assert.equal(await bridge.getState(), 'getState');
  await bridge.pause(30);
  await bridge.getHistory({ since: '2026-11-22T10:00:00.000Z' });
  // A click handler passing its event along must not reach the engine.
  await (bridge.checkNow as (...args: unknown[]) => Promise<void>)({ type: 'click' });
  await (bridge.setStartAtLogin as (...args: unknown[]) => Promise<boolean>)(true, 'extra');
  assert.deepEqual(sent, [
    { name: 'getState', args: [] },
    { name: 'pause', args: [30] },
    { name: 'getHistory', args: [{ since: '2026-11-22T10:00:00.000Z' }] },
    { name: 'checkNow', args: [] },
    { name: 'setStartAtLogin', args: [true] },
  ]);
  for (const name of BRIDGE_CALLS) assert.equal(typeof bridge[name], 'function', name);
});

test('onState goes to the transport and its unsubscribe comes back', () => {
  const listeners = new Set<(state: AppState) => void>();
  const bridge = bridgeOver({
    call: async () => null,
    onState: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  const unsubscribe = bridge.onState(() => undefined);
  assert.equal(listeners.size, 1);
  unsubscribe();
  assert.equal(listeners.size, 0);
});

test('the argument schemas take as many arguments as the call table says', () => {
  for (const name of BRIDGE_CALLS) {
    const tooMany = Array.from({ length: BRIDGE_CALL_ARITY[name] + 1 }, () => 1);
    assert.equal(BRIDGE_ARGUMENTS[name].safeParse(tooMany).success, false, name);
  }
});
