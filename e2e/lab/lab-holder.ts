// Helper process for cleanup.test.ts: starts a lab, prints its namespace
// names as one JSON line, then waits to be interrupted.
import { startLab } from './lab';

const lab = await startLab();
process.stdout.write(`${JSON.stringify([lab.names.client, lab.names.router, lab.names.internet])}\n`);
setInterval(() => {}, 60_000);
