// What is normal on each network, learned by the real `watch` over its own
// history file: a latency that is usual on network A (a slow link) stops
// being news there, and the same latency on network B (where the apps are
// usually fast) is flagged as slower than usual. The two networks are the
// lab's router seen at two addresses: the history tells networks apart by
// their router (and Wi-Fi name).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import type { Verdict } from '../../electron/contracts/diagnosis';
import { labConfig, labSkipReason, type Lab } from './lab';
import { CLIENT_LINK, ROUTER_LAN_LINK } from './lab-addresses';
import { ipIn } from './lab-shell';
import { ALL_APPS, sitesFor } from './lab-sites';
import { sharedLab } from './shared-lab';

const NETWORK_B_ROUTER = '198.18.1.254';
const SLOW_LINK_MS = 1300;

/**
 * Runs `watch --json-lines` over the data dir for `forMs`, or until `until`
 * accepts a verdict (failing when none does in time); returns the verdicts seen.
 */
async function runWatch(
  lab: Lab,
  dataDir: string,
  options: { forMs: number; until?: (verdict: Verdict) => boolean },
): Promise<Verdict[]> {
  const config = await lab.writeConfig(
    labConfig(
      lab,
      ALL_APPS.map((app) => app.config),
      { intervalSeconds: 5 },
    ),
  );
  const child: ChildProcess = lab.spawnCli(['watch', '--json-lines', '--config', config, '--data-dir', dataDir]);
  const seen: Verdict[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!options.until) resolve();
        else
          reject(
            new Error(`no such verdict in ${options.forMs} ms; saw ${seen.map((v) => v.kind).join(', ')}; ${stderr}`),
          );
      }, options.forMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const verdict = (JSON.parse(line) as { verdict: Verdict }).verdict;
        seen.push(verdict);
        if (options.until?.(verdict)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`watch exited (${code}): ${stderr}`));
      });
    });
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return seen;
}

describe('network lab: what is usual on each network', { skip: labSkipReason() }, () => {
  const lab = sharedLab(async (fresh) => fresh.setSites(sitesFor(ALL_APPS)));
  const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-baselines-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const onNetworkB = async () => {
    const { names } = lab();
    await ipIn(names.router, 'addr', 'replace', `${NETWORK_B_ROUTER}/24`, 'dev', ROUTER_LAN_LINK);
    await ipIn(names.client, 'route', 'replace', 'default', 'via', NETWORK_B_ROUTER, 'dev', CLIENT_LINK);
  };

  test('a latency normal on network A is flagged on network B', { timeout: 280_000 }, async () => {
    // Network B, fast: half a minute of full looks teaches it that the apps answer quickly.
    await onNetworkB();
    const onB = await runWatch(lab(), dataDir, { forMs: 35_000 });
    assert.equal(onB[0]?.kind, 'ok', onB.map((v) => v.kind).join(' -> '));

    // Network A (the router at its usual address), slow from the start: news at first, then usual.
    await lab().reset();
    await lab().slowUplink(SLOW_LINK_MS);
    const onA = await runWatch(lab(), dataDir, { forMs: 150_000, until: (v) => v.kind === 'ok' });
    assert.equal(onA[0]?.kind, 'degraded', `first news on A, then usual: ${onA.map((v) => v.kind).join(' -> ')}`);

    // Back on network B with the same slow link: slower than usual here.
    await onNetworkB();
    const backOnB = await runWatch(lab(), dataDir, { forMs: 60_000, until: (v) => v.kind === 'degraded' });
    const flagged = backOnB.at(-1)!;
    assert.ok(
      flagged.evidence.some((line) => /on this network it usually takes [\d,]+ ms/.test(line)),
      flagged.evidence.join('\n'),
    );
  });
});
