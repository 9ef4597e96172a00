// The fleet cookbook's rules file (resources/fleet/outage-watch.rules.yml)
// passes Prometheus's own checks: `promtool check rules` and `promtool test
// rules` with its test file (the recording rules, the alerts and the
// cookbook's queries on a made-up fleet).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { prometheusSkipReason, PROMTOOL_BINARY } from '../../electron/testkit/prometheus';

const missing = prometheusSkipReason();
const folder = join(import.meta.dirname, '..', '..', 'resources', 'fleet');

for (const [what, args] of [
  ['promtool check rules', ['check', 'rules', 'outage-watch.rules.yml']],
  ['promtool test rules', ['test', 'rules', 'outage-watch.rules.test.yml']],
] as const) {
  test(`${what} passes on the fleet rules`, { skip: missing }, () => {
    const run = spawnSync(PROMTOOL_BINARY, args, { cwd: folder, encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout + run.stderr, /SUCCESS/);
  });
}
