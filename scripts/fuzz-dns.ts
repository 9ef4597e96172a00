// `npm run fuzz:dns -- --cases N [--seed S] [--workers W]`: mutations of real DNS
// responses (electron/testkit/dns-fuzz/) through the probe's decode-and-validate
// path. Prints cases, crashes, hangs and the slowest case; exits 1 when any case
// crashed or hung. The test suite runs 10,000 cases; BENCHMARKS.md has a 1M run.
import { parseArgs } from 'node:util';
import { runFuzz } from '../electron/testkit/dns-fuzz/runner';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string' },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const workers = values.workers === undefined ? undefined : Number(values.workers);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed) || (workers !== undefined && !(workers >= 1))) {
  console.error('fuzz:dns: --cases and --seed take whole numbers (cases at least 1), --workers at least 1');
  process.exit(2);
}

let lastShown = 0;
const report = await runFuzz({
  cases,
  seed,
  workers,
  onProgress: (done, total) => {
    if (!process.stderr.isTTY || Date.now() - lastShown < 500) return;
    lastShown = Date.now();
    process.stderr.write(`\r${done.toLocaleString('en')} of ${total.toLocaleString('en')} cases`);
  },
});
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');

const perSecond = Math.round((report.cases / report.durationMs) * 1000);
console.log(`cases:    ${report.cases.toLocaleString('en')} (seed ${report.seed}, ${report.seeds} seed responses)`);
const acceptedShare = ((100 * report.accepted) / report.cases).toFixed(1);
console.log(
  `accepted: ${report.accepted.toLocaleString('en')} (${acceptedShare}%; the rest rejected as untrustworthy)`,
);
console.log(`crashes:  ${report.crashes}`);
console.log(`hangs:    ${report.hangs.length}${report.hangs.length > 0 ? ` (cases ${report.hangs.join(', ')})` : ''}`);
console.log(`slowest:  case ${report.slowest.caseIndex} (${report.slowest.label}), ${report.slowest.ms.toFixed(2)} ms`);
console.log(`duration: ${(report.durationMs / 1000).toFixed(1)} s (${perSecond.toLocaleString('en')} cases/s)`);
for (const failure of report.failures) {
  console.log(`\ncase ${failure.caseIndex} (${failure.label}): ${failure.error}\n  bytes: ${failure.hex}`);
}
process.exit(report.crashes > 0 || report.hangs.length > 0 ? 1 : 0);
