import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedByMacosPrivacy, onLocalSubnet } from './local-privacy';

test('same subnet: IPv4 and IPv6, by prefix; other families and bad CIDRs never match', () => {
  assert.equal(onLocalSubnet('198.18.0.1', ['198.18.0.20/24']), true);
  assert.equal(onLocalSubnet('198.18.1.1', ['198.18.0.20/24']), false);
  assert.equal(onLocalSubnet('2001:2::1', ['2001:2::20/64']), true);
  assert.equal(onLocalSubnet('2001:2:1::1', ['2001:2::20/64']), false);
  assert.equal(onLocalSubnet('198.18.0.1', ['2001:2::20/64', 'nonsense', '198.18.0.9/x']), false);
  assert.equal(onLocalSubnet('not-an-address', ['198.18.0.20/24']), false);
});

const question = {
  platform: 'darwin' as NodeJS.Platform,
  address: '198.18.0.1',
  errorCodes: ['EHOSTUNREACH', 'EHOSTUNREACH'],
  cidrs: ['198.18.0.20/24'],
};

test('macOS refusing a same-subnet address with EHOSTUNREACH on every attempt is its privacy gate', () => {
  assert.equal(blockedByMacosPrivacy(question), true);
});

test('anything else is the network speaking: another OS, another subnet, a timeout, no attempts', () => {
  assert.equal(blockedByMacosPrivacy({ ...question, platform: 'linux' }), false);
  assert.equal(blockedByMacosPrivacy({ ...question, address: '198.18.7.1' }), false);
  assert.equal(blockedByMacosPrivacy({ ...question, errorCodes: ['EHOSTUNREACH', undefined] }), false);
  assert.equal(blockedByMacosPrivacy({ ...question, errorCodes: ['ENETUNREACH'] }), false);
  assert.equal(blockedByMacosPrivacy({ ...question, errorCodes: [] }), false);
});
