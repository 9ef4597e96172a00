import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildIpRangeIndex, parseCidr, parseIpAddress } from './ip-range-index';

test('addresses parse in both families; IPv4-mapped IPv6 counts as IPv4', () => {
  assert.deepEqual(parseIpAddress('192.0.2.1'), { family: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('::ffff:192.0.2.1'), { family: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('2001:db8::1'), { family: 6, value: (0x20010db8n << 96n) | 1n });
  assert.deepEqual(parseIpAddress('::'), { family: 6, value: 0n });
  assert.deepEqual(parseIpAddress('fe80::1%eth0'), { family: 6, value: (0xfe80n << 112n) | 1n });
  assert.deepEqual(parseIpAddress('1:2:3:4:5:6:7:8'), { family: 6, value: 0x00010002000300040005000600070008n });
  for (const bad of [
    '',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    'g::1',
    'example.com',
    '01234::',
  ]) {
    assert.equal(parseIpAddress(bad), null, bad);
  }
});

test('CIDRs parse, and malformed ones are refused', () => {
  assert.deepEqual(parseCidr('198.51.100.0/24'), { family: 4, network: 0xc63364n, length: 24 });
  assert.deepEqual(parseCidr('2001:db8::/32'), { family: 6, network: 0x20010db8n, length: 32 });
  assert.deepEqual(parseCidr('0.0.0.0/0'), { family: 4, network: 0n, length: 0 });
  for (const bad of [
    '198.51.100.0',
    '198.51.100.0/33',
    '2001:db8::/129',
    'x/8',
    '198.51.100.0/-1',
    '::ffff:1.2.3.0/120',
  ]) {
    assert.equal(parseCidr(bad), null, bad);
  }
});

test('the longest prefix wins, in IPv4 and IPv6, and the family never crosses', () => {
  const index = buildIpRangeIndex([
    { cidr: '198.18.0.0/15', provider: 'aws', region: null, service: 'AMAZON' },
    { cidr: '198.18.4.0/22', provider: 'aws', region: 'us-east-1', service: 'EC2' },
    { cidr: '198.18.4.128/25', provider: 'aws', region: 'us-east-1', service: 'DYNAMODB' },
    { cidr: '2001:db8::/32', provider: 'gcp', region: null, service: null },
    { cidr: '2001:db8:1234::/48', provider: 'gcp', region: 'europe-west1', service: null },
    { cidr: 'not a cidr', provider: 'x', region: null, service: null },
  ]);
  assert.equal(index.size, 5);
  assert.equal(index.lookup('198.18.4.200')?.service, 'DYNAMODB');
  assert.equal(index.lookup('198.18.4.1')?.service, 'EC2');
  assert.equal(index.lookup('198.19.255.255')?.service, 'AMAZON');
  assert.equal(index.lookup('198.20.0.0'), null);
  assert.equal(index.lookup('2001:db8:1234:ffff::1')?.region, 'europe-west1');
  assert.equal(index.lookup('2001:db8:1235::1')?.region, null);
  assert.equal(index.lookup('2001:db8:1235::1')?.provider, 'gcp');
  assert.equal(index.lookup('2001:db9::1'), null);
  assert.equal(index.lookup('::c612:0401'), null, 'an IPv4-compatible v6 address is not IPv4');
  assert.equal(index.lookup('::ffff:198.18.4.1')?.service, 'EC2');
  assert.equal(index.lookup('nonsense'), null);
});

test('a duplicate prefix keeps the entry naming a region, then a specific service over AMAZON', () => {
  const index = buildIpRangeIndex([
    { cidr: '198.18.0.0/24', provider: 'aws', region: null, service: 'AMAZON' },
    { cidr: '198.18.0.0/24', provider: 'aws', region: 'eu-west-1', service: 'AMAZON' },
    { cidr: '198.18.0.0/24', provider: 'aws', region: 'eu-west-1', service: 'EC2' },
    { cidr: '198.18.0.0/24', provider: 'aws', region: null, service: 'S3' },
  ]);
  assert.equal(index.size, 1);
  assert.deepEqual(index.lookup('198.18.0.9'), {
    cidr: '198.18.0.0/24',
    provider: 'aws',
    region: 'eu-west-1',
    service: 'EC2',
  });
});
