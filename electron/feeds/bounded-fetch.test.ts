import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText, fetchBounded, parseRetryAfter } from './bounded-fetch';

test('Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:05:00 GMT', now), 300_000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(null, now), null);
});

test('text is UTF-8 unless a byte-order mark says UTF-16 (either order)', () => {
  const text = '[{"summary":"Café ☕"}]';
  assert.equal(decodeText(new TextEncoder().encode(text)), text);
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])), text);
  assert.equal(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])), text);
  const bigEndian = Buffer.from(text, 'utf16le').swap16();
  assert.equal(decodeText(new Uint8Array([0xfe, 0xff, ...bigEndian])), text);
});

test('an injected fetch that throws, or an outer abort, is a result, not an exception', async () => {
  const failing = await fetchBounded('https://feed.invalid/', {
    timeoutMs: 1000,
    maxBytes: 1000,
    fetch: () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND feed.invalid') })),
  });
  assert.deepEqual(failing, {
    ok: false,
    problem: 'network',
    status: null,
    detail: 'fetch failed: getaddrinfo ENOTFOUND feed.invalid',
    retryAfterMs: null,
  });
  const stop = new AbortController();
  stop.abort();
  const aborted = await fetchBounded('https://feed.invalid/', {
    timeoutMs: 1000,
    maxBytes: 1000,
    signal: stop.signal,
    fetch: () => Promise.reject(new Error('not called')),
  });
  assert.equal(aborted.ok ? null : aborted.problem, 'aborted');
});
