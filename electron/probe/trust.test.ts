import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestCa } from '../testkit/test-ca';
import { trustedSecureContext } from './trust';

test('no extra roots keeps the default store; the same roots reuse one context', async () => {
  assert.equal(trustedSecureContext(undefined), undefined);
  assert.equal(trustedSecureContext([]), undefined);
  const [a, b] = await Promise.all([createTestCa(), createTestCa()]);
  const first = trustedSecureContext([a.caCertPem]);
  assert.ok(first);
  assert.equal(trustedSecureContext([a.caCertPem]), first);
  assert.notEqual(trustedSecureContext([b.caCertPem]), first);
});
