// The router check where the OS refuses on-link connections with
// EHOSTUNREACH, as macOS 15's Local Network privacy does: in this test's own
// namespace, an address on the interface's subnet gets an `unreachable`
// route. Read as macOS, that is "unknown, blocked by privacy"; as Linux, the
// router does not answer. No packet leaves the namespace.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

const namespace = `ow-privacy-${process.pid}`;
const localModule = new URL('./local.ts', import.meta.url).href;

function canMakeNamespaces(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  if (spawnSync('ip', ['-V']).status !== 0) return 'the ip command (iproute2) is missing';
  return null;
}
const skipReason = canMakeNamespaces();

before(() => {
  if (skipReason) return;
  const ip = (...args: string[]) => execFileSync('ip', ['-n', namespace, ...args]);
  execFileSync('ip', ['netns', 'add', namespace]);
  ip('link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1');
  ip('addr', 'add', '198.18.0.20/24', 'dev', 'lan0');
  ip('link', 'set', 'lan0', 'up');
  ip('link', 'set', 'lan1', 'up');
  ip('route', 'add', 'unreachable', '198.18.0.1/32');
});
after(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', namespace]);
});

function probeAs(platform: string): { outcome: string; blockedBy?: string } {
  const script = `const { probeGateway } = await import(${JSON.stringify(localModule)});
    const probe = await probeGateway({ configured: 'auto', address: '198.18.0.1', timeoutMs: 1500, platform: ${JSON.stringify(platform)} });
    console.log(JSON.stringify(probe));`;
  const output = execFileSync(
    'ip',
    ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return JSON.parse(output) as { outcome: string; blockedBy?: string };
}

test('macOS: EHOSTUNREACH from an on-link router is the privacy gate, not a dead router', (t) => {
  if (skipReason) return t.skip(skipReason);
  assert.deepEqual((({ outcome, blockedBy }) => ({ outcome, blockedBy }))(probeAs('darwin')), {
    outcome: 'unknown',
    blockedBy: 'macos-local-network',
  });
});

test('elsewhere the same refusal means the router does not answer', (t) => {
  if (skipReason) return t.skip(skipReason);
  const probe = probeAs('linux');
  assert.equal(probe.outcome, 'unreachable');
  assert.equal(probe.blockedBy, undefined);
});
