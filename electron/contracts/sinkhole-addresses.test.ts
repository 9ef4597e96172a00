import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNullRouteAddress, isSinkholeAddress } from './sinkhole-addresses';

test('null routes: 0.0.0.0/8, 127/8, ::, ::1 and their IPv4-mapped forms', () => {
  for (const address of ['0.0.0.0', '0.1.2.3', '127.0.0.1', '127.255.0.9', '::', '::1', '0:0:0:0:0:0:0:1']) {
    assert.ok(isNullRouteAddress(address), address);
  }
  assert.ok(isNullRouteAddress('::ffff:0.0.0.0'));
  assert.ok(isNullRouteAddress('::ffff:127.0.0.1'));
  for (const address of ['198.18.1.10', '10.0.0.1', '2001:2::1', '::2', 'fe80::1', 'not an address', '1.2.3']) {
    assert.ok(!isNullRouteAddress(address), address);
  }
});

test('sinkholes: null routes plus private and link-local ranges, nothing public', () => {
  const sinkholes = [
    '0.0.0.0',
    '::',
    '10.10.10.10',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.1.1',
    'fd00::53',
    'fc12::1',
    'fe80::1%eth0',
    '::ffff:192.168.0.1',
  ];
  for (const address of sinkholes) assert.ok(isSinkholeAddress(address), address);
  const real = ['198.18.3.53', '172.32.0.1', '172.15.0.1', '8.8.8.8', '2001:2::10', '::ffff:198.18.0.1', 'ff02::1'];
  for (const address of real) assert.ok(!isSinkholeAddress(address), address);
  for (const garbage of ['', ':::', '1::2::3', '256.0.0.1', 'fe80::1::', '12345::']) {
    assert.ok(!isSinkholeAddress(garbage), garbage);
  }
});
