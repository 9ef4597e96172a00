// The real-Prometheus tests skip only outside CI: where a binary is missing
// they say which, and under CI the same is an error, so a CI image without
// prometheus fails instead of passing with the fleet tests skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prometheusSkipReason } from './prometheus';

const ABSENT = '/nonexistent/outage-watch/promtool';
// Any program that answers --version stands in for a binary that is there.
const PRESENT = process.execPath;
const REASON = `${ABSENT} is not installed (apt-get install prometheus; .ci/run does)`;

test('a missing binary is a skip that names it outside CI, and an error under CI', () => {
  assert.equal(prometheusSkipReason({}, [PRESENT, ABSENT]), REASON);
  assert.throws(
    () => prometheusSkipReason({ CI: 'true' }, [PRESENT, ABSENT]),
    new Error(`${REASON}; CI must run the real-Prometheus tests`),
  );
});

test('every binary there: no skip, in CI or not', () => {
  assert.equal(prometheusSkipReason({}, [PRESENT]), false);
  assert.equal(prometheusSkipReason({ CI: 'true' }, [PRESENT]), false);
});
