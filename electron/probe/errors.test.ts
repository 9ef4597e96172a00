import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectFailureFromCode, errorCodeOf } from './errors';

test('socket error codes map to connection failures', () => {
  assert.equal(connectFailureFromCode('ECONNREFUSED'), 'refused');
  assert.equal(connectFailureFromCode('ETIMEDOUT'), 'timeout');
  for (const code of ['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN']) {
    assert.equal(connectFailureFromCode(code), 'unreachable', code);
  }
  assert.equal(connectFailureFromCode('ECONNRESET'), 'reset');
  assert.equal(connectFailureFromCode('EPIPE'), 'reset');
  assert.equal(connectFailureFromCode('EMFILE'), 'error');
  assert.equal(connectFailureFromCode(undefined), 'error');
});

test('errorCodeOf reads only string codes', () => {
  assert.equal(errorCodeOf(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 'ECONNRESET');
  assert.equal(errorCodeOf(new Error('no code')), undefined);
  assert.equal(errorCodeOf({ code: 42 }), undefined);
  assert.equal(errorCodeOf(null), undefined);
});
