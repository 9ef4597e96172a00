// A network namespace a unit test makes for itself (Linux, root, iproute2),
// and a Node process run inside it with tsx: no packet the process sends can
// leave the namespace. The test's before/after hooks make and remove it.
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before } from 'node:test';

export interface TestNamespace {
  /** Why no namespace can be made here (not Linux, not root, no `ip`); null when it can. */
  skipReason: string | null;
  /** Runs `node --import tsx ...args` inside the namespace and returns its stdout. */
  runNode(args: string[]): string;
}

function namespaceSkipReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  if (spawnSync('ip', ['-V']).status !== 0) return 'the ip command (iproute2) is missing';
  return null;
}

/** A namespace named `<prefix>-<pid>`; `setUp` adds its links and routes (`ip -n <name> ...args`). */
export function testNamespace(
  prefix: string,
  setUp: (ip: (...args: string[]) => void) => void = () => {},
): TestNamespace {
  const name = `${prefix}-${process.pid}`;
  const skipReason = namespaceSkipReason();
  before(() => {
    if (skipReason) return;
    execFileSync('ip', ['netns', 'add', name]);
    setUp((...args) => execFileSync('ip', ['-n', name, ...args]));
  });
  after(() => {
    if (!skipReason) spawnSync('ip', ['netns', 'del', name]);
  });
  return {
    skipReason,
    runNode: (args) =>
      execFileSync('ip', ['netns', 'exec', name, process.execPath, '--import', 'tsx', ...args], {
        encoding: 'utf8',
        timeout: 30_000,
      }),
  };
}

/**
 * A namespace whose LAN (198.18.0.20/24 on lan0) refuses on-link connections
 * to `gated` with EHOSTUNREACH, as macOS 15's Local Network privacy does: an
 * `unreachable` route for each address. Nothing answers, nothing leaves.
 */
export function privacyGatedLan(prefix: string, gated: readonly string[]): TestNamespace {
  return testNamespace(prefix, (ip) => {
    ip('link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1');
    ip('addr', 'add', '198.18.0.20/24', 'dev', 'lan0');
    ip('link', 'set', 'lan0', 'up');
    ip('link', 'set', 'lan1', 'up');
    for (const address of gated) ip('route', 'add', 'unreachable', `${address}/32`);
  });
}
