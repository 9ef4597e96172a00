// `npm run bench:export`: what the fleet export costs per push and per
// scrape, through the engine's own exporter (the code `watch`, `serve` and
// the app run), over the series of a real round of the loopback world (6
// apps, a system and 2 public resolvers). Remote write goes over HTTP to a
// receiver in its own process on 127.0.0.1 (its CPU is not counted); the
// spool is a real history file. Loopback only.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig, type Config } from '../electron/contracts/config';
import { runCheck } from '../electron/engine/check';
import { Exporter } from '../electron/export/exporter';
import { compressPayload, encodeWriteRequest } from '../electron/export/remote-write-encoding';
import { HistoryStore } from '../electron/monitor/history-store';
import { startLoopbackWorld } from '../electron/testkit/loopback-world';
import { WORLD_APPS } from '../electron/testkit/world-apps';

const PUSHES = 200;
const SCRAPES = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A remote-write receiver in its own process: answers 204 and reports the body sizes on stdout. */
async function startReceiver() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http');
       const server = http.createServer((req, res) => { let n = 0; req.on('data', (c) => (n += c.length));
         req.on('end', () => { process.stdout.write(n + '\\n'); res.writeHead(204).end(); }); });
       server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const sizes: number[] = [];
  let port = 0;
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('port ')) port = Number(line.slice(5));
      else sizes.push(Number(line));
    }
  });
  while (port === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  return { url: `http://127.0.0.1:${port}/api/v1/write`, sizes, stop: () => child.kill() };
}

const world = await startLoopbackWorld({ apps: WORLD_APPS });
const folder = await mkdtemp(join(tmpdir(), 'outage-watch-bench-export-'));
const receiver = await startReceiver();
try {
  const parsed = checkConfig(world.config({ timeoutMs: 3000 }));
  if (!parsed.ok) throw new Error(parsed.problem);
  const { diagnosis } = await runCheck(parsed.config, { language: 'en' });
  const store = HistoryStore.open({ dataDir: folder, historyDays: 30 });

  const exporter = new Exporter({
    version: '0.1.0',
    spoolStorage: store.exportSpool(),
    instanceId: store.exportSpool().instanceId(),
    onStatus: () => undefined,
    // The product's rhythm is export.remoteWrite.intervalSeconds (60 by default); here as fast as it goes.
    timing: { intervalMs: 5 },
  });
  exporter.observeDiagnosis(diagnosis);
  for (const type of ['full', 'confirm', 'heartbeat'] as const) exporter.observeLook(type, 0.2);
  const settings: Config['export'] = {
    prometheus: null,
    remoteWrite: { url: receiver.url, bearerTokenFile: null, intervalSeconds: 60 },
    labels: { site: 'cairo-office' },
  };

  // One snapshot, as each push builds it.
  const snapshot = await exporter.series.snapshot(Date.now(), {
    job: 'outagewatch',
    instance: 'x',
    site: 'cairo-office',
  });
  const protobufBytes = encodeWriteRequest(snapshot).byteLength;
  const snappyBytes = compressPayload([encodeWriteRequest(snapshot)]).byteLength;

  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await exporter.apply({ export: settings, trustedCaFile: null });
  while (receiver.sizes.length < PUSHES) await new Promise((resolve) => setTimeout(resolve, 1));
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore;
  const pushes = receiver.sizes.length;
  await exporter.apply({ export: { ...settings, remoteWrite: null }, trustedCaFile: null });

  // A backlog: an hour of 60 s snapshots waiting (the network was down), sent when it returns.
  const spool = store.exportSpool();
  for (let i = 0; i < 60; i += 1) {
    const at = Date.now() - (60 - i) * 60_000;
    spool.append(
      at,
      snapshot.length,
      compressPayload([encodeWriteRequest(snapshot.map((s) => ({ ...s, timestampMs: at })))]),
    );
  }
  const backlogSent = receiver.sizes.length;
  const backlogCpu = process.cpuUsage();
  const backlogWall = performance.now();
  await exporter.apply({ export: settings, trustedCaFile: null });
  while (store.exportSpool().totals().rows > 1) await new Promise((resolve) => setTimeout(resolve, 1));
  const backlogCpuUsed = process.cpuUsage(backlogCpu);
  const backlogMs = performance.now() - backlogWall;
  const backlogRequests = receiver.sizes.slice(backlogSent);
  await exporter.stop();

  // Scrapes: the exposition as /metrics serves it.
  const text = await exporter.series.exposition();
  const scrapeCpu: number[] = [];
  for (let i = 0; i < SCRAPES; i += 1) {
    const before = process.cpuUsage();
    await exporter.series.exposition();
    const used = process.cpuUsage(before);
    scrapeCpu.push(used.user + used.system);
  }
  store.close();

  const bodies = receiver.sizes.slice(0, pushes);
  console.log(
    `fleet export over a loopback round: ${diagnosis.apps.length} apps, ${diagnosis.local.resolvers.length} resolvers`,
  );
  console.log(`  series per snapshot: ${snapshot.length} (protobuf ${protobufBytes} B, snappy ${snappyBytes} B)`);
  console.log(
    `  push (snapshot, spool write, read, HTTP POST): median body ${median(bodies)} B, ` +
      `CPU ${((cpu.user + cpu.system) / pushes / 1000).toFixed(2)} ms and wall ${(wall / pushes).toFixed(2)} ms per push over ${pushes}`,
  );
  console.log(`  at the default 60 s: ${((median(bodies) * 60 * 24) / 1024 / 1024).toFixed(2)} MiB a day upstream`);
  console.log(
    `  a 60-snapshot backlog (an hour offline): ${backlogRequests.length} requests, ${backlogRequests.reduce((a, b) => a + b, 0)} B, ` +
      `CPU ${((backlogCpuUsed.user + backlogCpuUsed.system) / 1000).toFixed(1)} ms, wall ${backlogMs.toFixed(0)} ms`,
  );
  console.log(
    `  scrape of /metrics: ${Buffer.byteLength(text)} B, CPU median ${(median(scrapeCpu) / 1000).toFixed(2)} ms`,
  );
} finally {
  receiver.stop();
  await world.close();
  await rm(folder, { recursive: true, force: true });
}
