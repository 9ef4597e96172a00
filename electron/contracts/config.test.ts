// Host names as the config and the DNS probes accept them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHostname } from './config';

test('isHostname: RFC 1123 labels (1-63 characters, no edge hyphens), 253 in all, one trailing dot allowed', () => {
  const label63 = 'a'.repeat(63);
  const longest = [label63, label63, label63, 'a'.repeat(61)].join('.');
  for (const name of ['zoom.us', 'a', 'a-b.c', '_dmarc.example.com', 'example.com.', label63, longest, 'x1.y2.z3'])
    assert.equal(isHostname(name), true, name);
  for (const name of [
    '',
    '.',
    'a..b',
    '-a.com',
    'a-.com',
    `${label63}a.com`,
    `${longest}a`,
    'a b.com',
    'é.com',
    'a.com..',
  ])
    assert.equal(isHostname(name), false, name);
});
