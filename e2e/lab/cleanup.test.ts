// The lab never leaves namespaces or /etc/netns entries behind: not when a run
// is interrupted, and not when one was killed outright (the next run sweeps).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { labSkipReason } from './lab';
import { run } from './lab-shell';
import { namespaceExists, sweepStaleLabs } from './lab-topology';

/** A pid that is certainly not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('network lab: cleanup', { skip: labSkipReason() }, () => {
  test('a stale lab of a dead process is swept: namespace and /etc/netns entry', async () => {
    const name = `owlab-${await deadPid()}-1-client`;
    await run('ip', ['netns', 'add', name]);
    await mkdir(`/etc/netns/${name}`, { recursive: true });
    const removed = sweepStaleLabs();
    assert.ok(removed.includes(name), `swept: ${removed.join(', ')}`);
    assert.equal(namespaceExists(name), false);
    assert.equal(existsSync(`/etc/netns/${name}`), false);
  });

  test('a live lab of another process is left alone', async () => {
    const name = `owlab-${process.pid}-999-client`;
    await run('ip', ['netns', 'add', name]);
    try {
      assert.ok(!sweepStaleLabs().includes(name));
      assert.equal(namespaceExists(name), true);
    } finally {
      await run('ip', ['netns', 'del', name]);
    }
  });

  test('SIGTERM in the middle of a run removes the namespaces, their servers and /etc/netns entries', async () => {
    const script = new URL('./lab-holder.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const names = await new Promise<string[]>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as string[]));
      child.once('exit', (code) => reject(new Error(`lab holder exited early (${code})`)));
    });
    assert.equal(names.length, 3);
    const serverPids: number[] = [];
    for (const name of names) {
      assert.equal(namespaceExists(name), true, name);
      serverPids.push(...(await run('ip', ['netns', 'pids', name])).split(/\s+/).filter(Boolean).map(Number));
    }
    assert.ok(serverPids.length >= 2, 'the router and internet processes run inside the lab');
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 143);
    for (const name of names) {
      assert.equal(namespaceExists(name), false, `${name} still exists`);
      assert.equal(existsSync(`/etc/netns/${name}`), false, `/etc/netns/${name} still exists`);
    }
    // SIGKILL is delivered at once, but the kernel may take a moment to reap.
    for (let waited = 0; waited < 3000 && serverPids.some(isAlive); waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(serverPids.filter(isAlive), [], 'servers left running');
  });
});
