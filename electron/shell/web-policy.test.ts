import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SECURITY_POLICY, isAllowedRequestUrl, withContentSecurityPolicy } from './web-policy';

const rendererDir = '/opt/Outage Watch/resources/app.asar/dist/renderer';

test('only files inside the renderer folder load', () => {
  assert.equal(isAllowedRequestUrl('file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html', rendererDir), true);
  assert.equal(isAllowedRequestUrl('file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/assets/index-abc.js', rendererDir), true);
  assert.equal(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html', rendererDir), true);
  for (const url of [
    'https://example.com/script.js',
    'http://127.0.0.1:8080/',
    'ws://127.0.0.1/',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/../../main.cjs',
    'file:///opt/Outage%20Watch/resources/app.asar/dist/renderer-evil/index.html',
    'file://attacker-share/opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html',
    'file:///opt/Outage%20Watch/resources/app.asar/dist/renderer',
    'not a url',
  ]) {
    assert.equal(isAllowedRequestUrl(url, rendererDir), false, url);
  }
});

test('the CSP allows only our own scripts and styles and no network', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'none'"]);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
});

test('responses get our CSP, replacing any other, keeping other headers', () => {
  const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
  assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  assert.deepEqual(withContentSecurityPolicy(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
});
