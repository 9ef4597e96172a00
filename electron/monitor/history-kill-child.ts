// Child process of the kill test (history-kill.test.ts): writes incidents and
// samples as fast as it can and prints what it committed, after each commit,
// until the parent kills it with SIGKILL. A line waits for the pipe to drain:
// a loop that never yields would only queue its lines while a busy parent
// reads slowly, and the parent would wait for them for ever.
//   node --import tsx electron/monitor/history-kill-child.ts DATA_DIR RUN
import { once } from 'node:events';
import { HistoryStore } from './history-store';
import { verdictOf } from './test-verdicts';

const [dataDir, runText] = process.argv.slice(2);
if (!dataDir || !runText) throw new Error('usage: history-kill-child.ts DATA_DIR RUN');
// Sample times in the future, unique per run, so retention and thinning never remove them.
const base = Date.now() + 365 * 24 * 60 * 60 * 1000 + Number(runText) * 1_000_000;
const SAMPLES_PER_BATCH = 20;
const apps = Array.from({ length: SAMPLES_PER_BATCH }, (_, i) => `app-${i}`);
const network = { gateway: '127.0.0.1', ssid: `run-${runText}` };
const store = HistoryStore.open({ dataDir, historyDays: 30 });
const say = async (line: string) => {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
};
await say('ready');

let previousIncident: number | null = null;
for (let step = 0; ; step++) {
  const at = base + step;
  if (step % 3 === 0) {
    const verdict = verdictOf('provider-outage', {
      provider: 'aws',
      region: 'us-east-1',
      apps: apps.slice(0, 1 + (step % 7)),
    });
    const id = store.incidents.open(verdict, { step, padding: 'x'.repeat(step % 500) }, network, at);
    await say(`I ${id}`);
    if (previousIncident !== null) {
      store.incidents.close(previousIncident, at);
      await say(`C ${previousIncident}`);
    }
    previousIncident = id;
  }
  store.samples.record(
    at,
    apps.map((appId) => ({ appId, status: step % 5 === 0 ? 'down' : 'up', latencyMs: step, layer: null })),
    network,
  );
  await say(`S ${at}`);
  if (step % 25 === 0) store.maintain(Date.now());
}
