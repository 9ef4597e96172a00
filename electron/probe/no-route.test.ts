// Probes in a network namespace with no route at all (lo down, no interfaces):
// connect() fails at once with ENETUNREACH. Nothing may crash or hang. The
// namespace is this test's own; no packet can leave it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { testNamespace } from '../testkit/test-namespace';

const probeScript = join(import.meta.dirname, '..', 'testkit', 'probe-once.ts');
const namespace = testNamespace('ow-noroute');
interface ProbeOutput {
  outcome: string;
  queries?: { error?: string }[];
}

function probeInNamespace(kind: string): ProbeOutput {
  const output = namespace.runNode([probeScript, kind]);
  return JSON.parse(output) as ProbeOutput;
}

test('DNS to a resolver without a route: an error result, no crash', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  const result = probeInNamespace('dns');
  assert.equal(result.outcome, 'error');
  assert.match(result.queries?.[0]?.error ?? '', /ENETUNREACH/);
});

test('TCP to an address without a route: unreachable', (t) => {
  if (namespace.skipReason) return t.skip(namespace.skipReason);
  const result = probeInNamespace('tcp');
  assert.equal(result.outcome, 'unreachable');
});
