import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { ManualClock } from './manual-clock';
import { NetworkWatch, networkFingerprint, readNetworkFingerprint } from './network-watch';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return {
    address,
    netmask: '255.255.255.0',
    family: 'IPv4',
    mac: '00:00:00:00:00:00',
    internal,
    cidr: `${address}/24`,
  };
}

test('the fingerprint ignores order and loopback, and sees addresses and routes', () => {
  const wifi = { wlan0: [v4('192.0.2.10')], eth0: [v4('198.51.100.5')], lo: [v4('127.0.0.1', true)] };
  const reordered = { lo: [v4('127.0.0.1', true)], eth0: [v4('198.51.100.5')], wlan0: [v4('192.0.2.10')] };
  const route = { iface: 'wlan0', gateway: '192.0.2.1', family: 4 as const };
  assert.equal(networkFingerprint(wifi, [route]), networkFingerprint(reordered, [route]));
  assert.equal(
    networkFingerprint(wifi, [route]),
    networkFingerprint({ ...wifi, lo: [v4('127.0.0.2', true)] }, [route]),
  );
  assert.notEqual(
    networkFingerprint(wifi, [route]),
    networkFingerprint({ ...wifi, wlan0: [v4('192.0.2.11')] }, [route]),
  );
  assert.notEqual(networkFingerprint(wifi, [route]), networkFingerprint(wifi, []));
  assert.notEqual(networkFingerprint(wifi, [route]), networkFingerprint(wifi, [{ ...route, gateway: '192.0.2.254' }]));
  const { wlan0: _gone, ...wiredOnly } = wifi;
  assert.notEqual(networkFingerprint(wifi, [route]), networkFingerprint(wiredOnly, [route]));
});

test('this machine gives a stable fingerprint when nothing changes', () => {
  assert.equal(readNetworkFingerprint(), readNetworkFingerprint());
});

test('the watch calls back once per change, at its interval', () => {
  const clock = new ManualClock(0);
  let current = 'a';
  let changes = 0;
  const watch = new NetworkWatch({ intervalMs: 2_000, clock, read: () => current, onChange: () => changes++ });
  clock.advance(10_000);
  assert.equal(changes, 0);
  current = 'b';
  clock.advance(1_999);
  assert.equal(changes, 0, 'not before the next poll');
  clock.advance(1);
  assert.equal(changes, 1);
  clock.advance(10_000);
  assert.equal(changes, 1, 'once per change');
  watch.stop();
  current = 'c';
  clock.advance(10_000);
  assert.equal(changes, 1, 'silent after stop');
  assert.equal(clock.pendingTimers(), 0);
});
