// A writer killed with SIGKILL in the middle of writing, again and again: the
// file must always open, pass integrity_check and hold every committed row.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HISTORY_FILE_NAME, HistoryStore } from './history-store';
import { Database } from './sqlite';

const KILLS = 30;
const SAMPLES_PER_BATCH = 20;
const childScript = new URL('./history-kill-child.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'outage-watch-kill-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Committed {
  incidents: number[];
  closed: number[];
  sampleTimes: number[];
}

/** Starts the writer, lets it commit `linesBeforeKill` things, kills it, returns all it reported. */
function runAndKill(run: number, linesBeforeKill: number): Promise<Committed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: Committed = { incidents: [], closed: [], sampleTimes: [] };
    let buffered = '';
    let seen = 0;
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, value] = line.split(' ');
        if (tag === 'I') committed.incidents.push(Number(value));
        else if (tag === 'C') committed.closed.push(Number(value));
        else if (tag === 'S') committed.sampleTimes.push(Number(value));
        if (tag !== 'ready') seen++;
      }
      if (!killed && seen >= linesBeforeKill) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (code ${code}): ${stderr}`));
      else resolve(committed);
    });
  });
}

test(`killed ${KILLS} times mid-write, the history loses nothing committed`, async () => {
  const all: Committed = { incidents: [], closed: [], sampleTimes: [] };
  for (let run = 0; run < KILLS; run++) {
    // From a few writes to a few hundred, so the kill lands at varied points of the loop.
    const linesBeforeKill = 3 + ((run * 97) % 400);
    const committed = await runAndKill(run, linesBeforeKill);
    all.incidents.push(...committed.incidents);
    all.closed.push(...committed.closed);
    all.sampleTimes.push(...committed.sampleTimes);

    const db = new Database(join(dataDir, HISTORY_FILE_NAME));
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `run ${run}`);
    const incidentIds = new Set(db.prepare('SELECT id FROM incidents').pluck().all() as number[]);
    for (const id of all.incidents) assert.ok(incidentIds.has(id), `run ${run}: incident ${id} was committed`);
    const closedIds = new Set(
      db.prepare('SELECT id FROM incidents WHERE closed_at IS NOT NULL').pluck().all() as number[],
    );
    for (const id of all.closed) assert.ok(closedIds.has(id), `run ${run}: close of incident ${id} was committed`);
    const counts = new Map(
      (db.prepare('SELECT at, COUNT(*) AS n FROM samples GROUP BY at').all() as { at: number; n: number }[]).map(
        (row) => [row.at, row.n],
      ),
    );
    for (const at of all.sampleTimes) assert.equal(counts.get(at), SAMPLES_PER_BATCH, `run ${run}: samples at ${at}`);
    // Atomicity: a batch is all there or not at all, reported or not.
    for (const [at, n] of counts) assert.equal(n, SAMPLES_PER_BATCH, `run ${run}: partial batch at ${at}`);
    db.close();
  }
  assert.ok(all.sampleTimes.length > KILLS, 'the writer got to write');
  // And the app's own open path still works on the file afterwards.
  const store = HistoryStore.open({ dataDir, historyDays: 30 });
  assert.ok(store.query({ since: new Date(0).toISOString() }).incidents.length > 0);
  store.close();
});
