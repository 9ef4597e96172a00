// A resolver and an internal app on the local subnet where the OS refuses
// on-link connections with EHOSTUNREACH, as macOS 15's Local Network privacy
// does: in this test's own namespace, addresses on the interface's subnet get
// an `unreachable` route. Read as macOS, the resolver and the app are unknown
// (blocked by privacy); as Linux, they fail. No packet leaves the namespace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privacyGatedLan } from '../testkit/test-namespace';

const dnsModule = new URL('./dns.ts', import.meta.url).href;
const targetModule = new URL('./target.ts', import.meta.url).href;
const namespace = privacyGatedLan('ow-dnsprivacy', ['198.18.0.1', '198.18.0.10']);

interface Seen {
  outcome: string;
  blockedBy?: string;
  codes: (string | undefined)[];
}

function resolverAs(platform: string): Seen {
  const script = `const { queryDns } = await import(${JSON.stringify(dnsModule)});
    const result = await queryDns({ hostname: 'example.com', timeoutMs: 1500,
      resolver: { name: 'router', address: '198.18.0.1', port: 53, role: 'system' },
      privacy: { platform: ${JSON.stringify(platform)} } });
    console.log(JSON.stringify({ outcome: result.outcome, blockedBy: result.blockedBy,
      codes: result.queries.map((q) => q.errorCode) }));`;
  return JSON.parse(namespace.runNode(['--input-type=module', '-e', script])) as Seen;
}

function internalAppAs(platform: string): Seen {
  const script = `const { probeTarget } = await import(${JSON.stringify(targetModule)});
    const probe = await probeTarget(
      { id: 'nas', name: 'NAS', url: 'http://198.18.0.10:8080/', provider: null, region: null, internal: true },
      { resolvers: [], timeoutMs: 1500, privacy: { platform: ${JSON.stringify(platform)} } });
    console.log(JSON.stringify({ outcome: probe.tcp[0]?.outcome, blockedBy: probe.blockedBy,
      codes: probe.tcp.map((r) => r.errorCode) }));`;
  return JSON.parse(namespace.runNode(['--input-type=module', '-e', script])) as Seen;
}

test('macOS: EHOSTUNREACH from a same-subnet resolver is the privacy gate, not a failing resolver', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  const seen = resolverAs('darwin');
  assert.deepEqual(seen, {
    outcome: 'error',
    blockedBy: 'macos-local-network',
    codes: ['EHOSTUNREACH', 'EHOSTUNREACH'],
  });
});

test('elsewhere the same refusal is a resolver that cannot be reached', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  const seen = resolverAs('linux');
  assert.equal(seen.outcome, 'error');
  assert.equal(seen.blockedBy, undefined);
  assert.deepEqual(seen.codes, ['EHOSTUNREACH', 'EHOSTUNREACH']);
});

test('macOS: an internal app on the local subnet refused the same way is blocked, not down', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  assert.deepEqual(internalAppAs('darwin'), {
    outcome: 'unreachable',
    blockedBy: 'macos-local-network',
    codes: ['EHOSTUNREACH'],
  });
  assert.equal(internalAppAs('linux').blockedBy, undefined);
});
