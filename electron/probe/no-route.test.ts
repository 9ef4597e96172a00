// Probes in a network namespace with no route at all (lo down, no interfaces):
// connect() fails at once with ENETUNREACH. Nothing may crash or hang. The
// namespace is this test's own; no packet can leave it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const namespace = `ow-noroute-${process.pid}`;
const probeScript = join(import.meta.dirname, '..', 'testkit', 'probe-once.ts');

function canMakeNamespaces(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  if (spawnSync('ip', ['-V']).status !== 0) return 'the ip command (iproute2) is missing';
  return null;
}
const skipReason = canMakeNamespaces();

before(() => {
  if (!skipReason) execFileSync('ip', ['netns', 'add', namespace]);
});
after(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', namespace]);
});

interface ProbeOutput {
  outcome: string;
  queries?: { error?: string }[];
}

function probeInNamespace(kind: string): ProbeOutput {
  const output = execFileSync(
    'ip',
    ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', probeScript, kind],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return JSON.parse(output) as ProbeOutput;
}

test('DNS to a resolver without a route: an error result, no crash', (t) => {
  if (skipReason) return t.skip(skipReason);
  const result = probeInNamespace('dns');
  assert.equal(result.outcome, 'error');
  assert.match(result.queries?.[0]?.error ?? '', /ENETUNREACH/);
});

test('TCP to an address without a route: unreachable', (t) => {
  if (skipReason) return t.skip(skipReason);
  const result = probeInNamespace('tcp');
  assert.equal(result.outcome, 'unreachable');
});
