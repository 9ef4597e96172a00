// Runs one simulated launch in its own process: writes the test's config
// (the loopback world, never public defaults) into the layout's data folder,
// hands the child its plan and a report file, and returns the report and the
// app's stderr. The child reports through child-report.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoopbackWorld } from '../../electron/testkit/loopback-world';
import type { Layout } from './layouts';

const root = join(import.meta.dirname, '..', '..');

export async function runChild<Report>(
  childScript: string,
  world: LoopbackWorld,
  layout: Layout,
  plan: object,
): Promise<{ report: Report; stderr: string }> {
  mkdirSync(layout.userData, { recursive: true });
  writeFileSync(
    join(layout.userData, 'config.json'),
    JSON.stringify(world.config({ language: 'en', timeoutMs: 15_000 })),
  );
  const reportFile = join(layout.plan.home, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: layout.plan.home };
  delete env.XDG_CONFIG_HOME;
  delete env.APPIMAGE;
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify({ ...plan, reportFile })], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Report) : null;
  const failure = (report as { error?: string } | null)?.error;
  assert.equal(failure, undefined, `${failure}\n${stderr}`);
  assert.equal(code, 0, stderr);
  assert.ok(report, stderr);
  return { report, stderr };
}
