// The series of contracts section 7 from literal diagnoses: one kind at a
// time, the shown verdict's labels, apps and resolvers as last seen, looks
// by type; export.labels on everything; no address in any label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERDICT_KINDS, type Diagnosis, type ResolverReport } from '../contracts/diagnosis';
import { appReport, diagnosisOf, verdictOf } from '../testkit/app-state-fixture';
import { looksIdentifying, safeLabelValue } from './label-privacy';
import { FleetSeries, SERIES_NAMES } from './series';

function resolver(name: string, role: 'system' | 'public', status: ResolverReport['status']): ResolverReport {
  return { name, address: '192.0.2.53', port: 53, role, status, outcomes: {}, medianLatencyMs: 3 };
}

function withResolvers(diagnosis: Diagnosis, resolvers: ResolverReport[]): Diagnosis {
  return { ...diagnosis, local: { ...diagnosis.local, resolvers } };
}

const awsOutage = diagnosisOf(
  verdictOf({
    scope: 'upstream',
    kind: 'provider-outage',
    layer: 'http',
    provider: 'aws',
    region: 'us-east-1',
    apps: ['alexa', 'slack'],
    confidence: 0.85,
  }),
  [
    { ...appReport('alexa', 'Alexa', 'down'), provider: 'aws', latencyMs: null },
    { ...appReport('slack', 'Slack', 'down'), provider: 'aws', latencyMs: 1500 },
    { ...appReport('zoom', 'Zoom', 'degraded'), latencyMs: 250 },
  ],
);

/** `name{labels} value` lines of the exposition, comments left out. */
function samples(text: string): Map<string, number> {
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return new Map(
    lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
  );
}

test('the exposition names exactly the series of section 7, before any verdict too', async () => {
  const series = new FleetSeries('1.2.3', {});
  const text = await series.exposition();
  const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
  assert.deepEqual(
    families.sort(),
    [
      'outagewatch_app_latency_seconds gauge',
      'outagewatch_app_up gauge',
      'outagewatch_build_info gauge',
      'outagewatch_resolver_up gauge',
      'outagewatch_round_duration_seconds histogram',
      'outagewatch_rounds_total counter',
      'outagewatch_verdict_confidence gauge',
      'outagewatch_verdict gauge',
      'outagewatch_verdict_changes_total counter',
      'outagewatch_verdict_info gauge',
    ].sort(),
  );
  assert.equal(new Set(families.map((family) => family.split(' ')[0])).size, SERIES_NAMES.length);
  const values = samples(text);
  assert.equal(values.get('outagewatch_build_info{version="1.2.3"}'), 1);
  for (const kind of VERDICT_KINDS) {
    assert.equal(values.get(`outagewatch_verdict{kind="${kind}"}`), 0, kind);
    assert.equal(values.get(`outagewatch_verdict_changes_total{kind="${kind}"}`), 0, kind);
  }
  for (const type of ['full', 'confirm', 'heartbeat'])
    assert.equal(values.get(`outagewatch_rounds_total{type="${type}"}`), 0);
  assert.ok(![...values.keys()].some((key) => key.startsWith('outagewatch_verdict_info')), 'no verdict yet');
});

test('a provider outage: one kind at 1, its labels, the apps up or down with provider and latency', async () => {
  const series = new FleetSeries('1.2.3', { site: 'cairo' });
  series.observeDiagnosis(diagnosisOf(verdictOf({}), [appReport('alexa', 'Alexa', 'up')]));
  series.observeDiagnosis(awsOutage);
  series.observeVerdictChange('provider-outage');
  const values = samples(await series.exposition());
  for (const kind of VERDICT_KINDS)
    assert.equal(values.get(`outagewatch_verdict{kind="${kind}",site="cairo"}`), kind === 'provider-outage' ? 1 : 0);
  const info = [...values.keys()].filter((key) => key.startsWith('outagewatch_verdict_info'));
  assert.deepEqual(info, [
    'outagewatch_verdict_info{scope="upstream",kind="provider-outage",layer="http",provider="aws",region="us-east-1",site="cairo"}',
  ]);
  assert.equal(values.get('outagewatch_verdict_confidence{site="cairo"}'), 0.85);
  assert.equal(values.get('outagewatch_verdict_changes_total{kind="provider-outage",site="cairo"}'), 1);
  assert.equal(values.get('outagewatch_app_up{app="alexa",provider="aws",site="cairo"}'), 0);
  assert.equal(values.get('outagewatch_app_up{app="zoom",provider="",site="cairo"}'), 1, 'degraded counts as up');
  assert.ok(!values.has('outagewatch_app_up{app="alexa",provider="",site="cairo"}'), 'the old provider label is gone');
  assert.equal(values.get('outagewatch_app_latency_seconds{app="slack",site="cairo"}'), 1.5);
  assert.ok(!values.has('outagewatch_app_latency_seconds{app="alexa",site="cairo"}'), 'no latency, no series');
});

test('resolvers: system is any system resolver answering; a look that asked nothing keeps the last answer', async () => {
  const series = new FleetSeries('1', {});
  const base = diagnosisOf(verdictOf({}), []);
  series.observeDiagnosis(
    withResolvers(base, [
      resolver('127.0.0.53', 'system', 'failing'),
      resolver('198.18.0.53', 'system', 'ok'),
      resolver('Cloudflare', 'public', 'ok'),
      resolver('9.9.9.9', 'public', 'failing'),
    ]),
  );
  let values = samples(await series.exposition());
  assert.equal(values.get('outagewatch_resolver_up{resolver="system",role="system"}'), 1);
  assert.equal(values.get('outagewatch_resolver_up{resolver="Cloudflare",role="public"}'), 1);
  assert.equal(
    values.get('outagewatch_resolver_up{resolver="public-2",role="public"}'),
    0,
    'an address is never a label',
  );
  series.observeDiagnosis(
    withResolvers({ ...base }, [
      resolver('127.0.0.53', 'system', 'failing'),
      resolver('Cloudflare', 'public', 'unknown'),
    ]),
  );
  values = samples(await series.exposition());
  assert.equal(values.get('outagewatch_resolver_up{resolver="system",role="system"}'), 0);
  assert.equal(values.get('outagewatch_resolver_up{resolver="Cloudflare",role="public"}'), 1, 'kept');
  assert.ok(!values.has('outagewatch_resolver_up{resolver="public-2",role="public"}'), 'no longer configured');
});

test('looks by type, with their durations in a histogram', async () => {
  const series = new FleetSeries('1', {});
  series.observeLook('full', 2.1);
  series.observeLook('heartbeat', 0.05);
  series.observeLook('heartbeat', 0.07);
  const values = samples(await series.exposition());
  assert.equal(values.get('outagewatch_rounds_total{type="full"}'), 1);
  assert.equal(values.get('outagewatch_rounds_total{type="heartbeat"}'), 2);
  assert.equal(values.get('outagewatch_round_duration_seconds_bucket{le="0.1",type="heartbeat"}'), 2);
  assert.equal(values.get('outagewatch_round_duration_seconds_bucket{le="2.5",type="full"}'), 1);
  assert.equal(values.get('outagewatch_round_duration_seconds_count{type="confirm"}'), undefined, 'none yet');
});

test('a snapshot for remote write: every series with __name__, the push labels, one timestamp', async () => {
  const series = new FleetSeries('1', { site: 'cairo' });
  series.observeDiagnosis(withResolvers(awsOutage, [resolver('127.0.0.53', 'system', 'ok')]));
  series.observeLook('full', 1);
  const snapshot = await series.snapshot(1_700_000_000_000, { job: 'outagewatch', instance: 'abc' });
  const names = new Set(snapshot.map((sample) => sample.labels.__name__));
  for (const name of SERIES_NAMES.filter((n) => n !== 'outagewatch_round_duration_seconds'))
    assert.ok(names.has(name), name);
  for (const suffix of ['_bucket', '_sum', '_count'])
    assert.ok(names.has(`outagewatch_round_duration_seconds${suffix}`));
  for (const sample of snapshot) {
    assert.equal(sample.timestampMs, 1_700_000_000_000);
    assert.equal(sample.labels.site, 'cairo');
    assert.equal(sample.labels.instance, 'abc');
    for (const value of Object.values(sample.labels)) assert.equal(typeof value, 'string');
  }
  assert.ok(snapshot.some((sample) => sample.labels.le === '+Inf'));
});

test('label privacy: addresses, URLs, host names and e-mail addresses are caught; tokens pass', () => {
  for (const bad of [
    '10.0.0.1',
    '2001:db8::1',
    'fe80::1',
    'https://x.test',
    'dns.google',
    'intranet.corp',
    'a@b',
    'host:53',
    '/etc/token',
  ])
    assert.ok(looksIdentifying(bad), bad);
  for (const good of [
    'aws',
    'us-east-1',
    'provider-outage',
    'Cloudflare',
    'Public 1',
    'cairo-office',
    'القاهرة',
    '0.1.0',
  ])
    assert.ok(!looksIdentifying(good), good);
  assert.equal(safeLabelValue('x'.repeat(65), 'fallback'), 'fallback', 'error text is long');
});
