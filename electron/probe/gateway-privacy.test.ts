// The router check where the OS refuses on-link connections with
// EHOSTUNREACH, as macOS 15's Local Network privacy does: in this test's own
// namespace, an address on the interface's subnet gets an `unreachable`
// route. Read as macOS, that is "unknown, blocked by privacy"; as Linux, the
// router does not answer. No packet leaves the namespace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privacyGatedLan } from '../testkit/test-namespace';

const gatewayModule = new URL('./gateway.ts', import.meta.url).href;
const namespace = privacyGatedLan('ow-privacy', ['198.18.0.1']);
function probeAs(platform: string): { outcome: string; blockedBy?: string } {
  const script = `const { probeGateway } = await import(${JSON.stringify(gatewayModule)});
    const probe = await probeGateway({ configured: 'auto', address: '198.18.0.1', timeoutMs: 1500, platform: ${JSON.stringify(platform)} });
    console.log(JSON.stringify(probe));`;
  const output = namespace.runNode(['--input-type=module', '-e', script]);
  return JSON.parse(output) as { outcome: string; blockedBy?: string };
}

test('macOS: EHOSTUNREACH from an on-link router is the privacy gate, not a dead router', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  assert.deepEqual((({ outcome, blockedBy }) => ({ outcome, blockedBy }))(probeAs('darwin')), {
    outcome: 'unknown',
    blockedBy: 'macos-local-network',
  });
});

test('elsewhere the same refusal means the router does not answer', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  const probe = probeAs('linux');
  assert.equal(probe.outcome, 'unreachable');
  assert.equal(probe.blockedBy, undefined);
});
