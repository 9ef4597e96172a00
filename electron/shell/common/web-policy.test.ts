import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedRequestUrl,
  isPermissionAllowed,
  withContentSecurityPolicy,
} from './web-policy';

const rendererDir = '/opt/Outage Watch/resources/app.asar/dist/renderer';

test('only files inside the renderer folder load', () => {
  assert.equal(
    isAllowedRequestUrl('file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html', rendererDir),
    true,
  );
  assert.equal(
    isAllowedRequestUrl('file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/assets/index-abc.js', rendererDir),
    true,
  );
  assert.equal(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html', rendererDir), true);
  assert.equal(
    isAllowedRequestUrl('blob:null/0b6e4c1e-5c4b-4c9c-9d0e-5f8f7a1b2c3d', rendererDir),
    true,
    'the report the page saves',
  );
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
  const headers = withContentSecurityPolicy({
    'content-security-policy': ['default-src *'],
    'Content-Type': ['text/html'],
  });
  assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  assert.deepEqual(withContentSecurityPolicy(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
});

test('permissions: only clipboard writes, only for our page; everything else refused', () => {
  const page = 'file:///opt/Outage%20Watch/resources/app.asar/dist/renderer/index.html';
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', page, rendererDir), true);
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', rendererDir), false);
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'blob:null/abc', rendererDir), false);
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', undefined, rendererDir), false);
  for (const permission of [
    'clipboard-read',
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'fullscreen',
    'hid',
    'serial',
    'usb',
  ]) {
    assert.equal(isPermissionAllowed(permission, page, rendererDir), false, permission);
  }
});
