// Asserting a verdict of `check --json`, with a failure message that shows
// what the CLI did say, so a red scenario explains itself.
import assert from 'node:assert/strict';
import type { Verdict } from '../../electron/contracts/diagnosis';
import type { CheckRun } from './lab';

export interface ExpectedVerdict {
  scope: Verdict['scope'];
  kind: Verdict['kind'];
  layer: Verdict['layer'];
  provider: string | null;
  /** Compared as sets. */
  apps: string[];
  /** Checked only when given. */
  region?: string | null;
}

export function describeRun(run: CheckRun): string {
  const { verdict, findings, apps } = run.diagnosis;
  const lines = [
    `exit ${run.exitCode}; verdict ${verdict.scope}/${verdict.kind} layer=${verdict.layer} provider=${verdict.provider} region=${verdict.region} apps=[${verdict.apps.join(', ')}]`,
    `summary: ${verdict.summary}`,
    ...verdict.evidence.map((line) => `  evidence: ${line}`),
    `findings: ${findings.map((f) => `${f.kind}(${f.provider ?? '-'}:${f.apps.join('+')})`).join(', ')}`,
    `apps: ${apps.map((a) => `${a.id}=${a.status}/${a.layer ?? '-'}/${a.provider ?? '-'}`).join(', ')}`,
  ];
  if (run.stderr.trim()) lines.push(`stderr: ${run.stderr.trim().slice(0, 500)}`);
  return lines.join('\n');
}

export function assertVerdict(run: CheckRun, expected: ExpectedVerdict): void {
  const { verdict } = run.diagnosis;
  const actual = {
    scope: verdict.scope,
    kind: verdict.kind,
    layer: verdict.layer,
    provider: verdict.provider,
    apps: [...verdict.apps].sort(),
    ...(expected.region !== undefined ? { region: verdict.region } : {}),
  };
  const wanted = { ...expected, apps: [...expected.apps].sort() };
  assert.deepEqual(actual, wanted, describeRun(run));
  // `check` exits 0 only when nothing is wrong (docs/contracts.md §4).
  assert.equal(run.exitCode, verdict.kind === 'ok' ? 0 : 1, describeRun(run));
}
