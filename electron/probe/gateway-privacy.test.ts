// The router check where the OS refuses on-link connections with
// EHOSTUNREACH, as macOS 15's Local Network privacy does: in this test's own
// namespace, an address on the interface's subnet gets an `unreachable`
// route. Read as macOS, that is "unknown, blocked by privacy"; as Linux, the
// router does not answer. No packet leaves the namespace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testNamespace } from '../testkit/test-namespace';

const localModule = new URL('./local.ts', import.meta.url).href;
const namespace = testNamespace('ow-privacy', (ip) => {
  ip('link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1');
  ip('addr', 'add', '198.18.0.20/24', 'dev', 'lan0');
  ip('link', 'set', 'lan0', 'up');
  ip('link', 'set', 'lan1', 'up');
  ip('route', 'add', 'unreachable', '198.18.0.1/32');
});
function probeAs(platform: string): { outcome: string; blockedBy?: string } {
  const script = `const { probeGateway } = await import(${JSON.stringify(localModule)});
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
