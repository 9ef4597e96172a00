// "Is it them?" on a real network: one provider's apps fail (server errors,
// requests that hang, names that SERVFAIL) while the controls and the apps on
// other providers keep working. Attribution is what a client can learn: the
// config, a CNAME chain, or response headers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labConfig, labSkipReason } from './lab';
import { sharedLab } from './shared-lab';
import { assertVerdict, describeRun } from './lab-assert';
import {
  ALL_APPS,
  answering,
  AWS_APPS,
  changeApps,
  dnsFailing,
  hanging,
  INDEPENDENT_APPS,
  sitesFor,
} from './lab-sites';
import { site } from './lab-world';

const appConfig = ALL_APPS.map((app) => app.config);

describe('network lab: one provider failing', { skip: labSkipReason() }, () => {
  const lab = sharedLab();

  const check = () => lab().check(labConfig(lab(), appConfig));
  const statusOf = (run: Awaited<ReturnType<typeof check>>, id: string) =>
    run.diagnosis.apps.find((a) => a.id === id)?.status;

  test('AWS apps answer 503 (errors still signed by the load balancer or CloudFront): provider-outage aws at http', async () => {
    await lab().setSites(sitesFor(ALL_APPS, changeApps(AWS_APPS, answering(503, '<h1>503 Service Unavailable</h1>'))));
    const run = await check();
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'http',
      provider: 'aws',
      apps: ['assistant', 'shopfront', 'streamer'],
    });
    assert.deepEqual([statusOf(run, 'newsdesk'), statusOf(run, 'wiki')], ['up', 'up'], describeRun(run));
  });

  test('AWS apps accept the request and never answer: provider-outage aws at http', async () => {
    await lab().setSites(sitesFor(ALL_APPS, changeApps(AWS_APPS, hanging)));
    const run = await check();
    // A hanging app sends no headers, so Shopfront (known by CloudFront's header) cannot be tied to AWS this round.
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'http',
      provider: 'aws',
      apps: ['assistant', 'streamer'],
    });
    assert.equal(statusOf(run, 'shopfront'), 'down', describeRun(run));
    assert.deepEqual([statusOf(run, 'newsdesk'), statusOf(run, 'wiki')], ['up', 'up'], describeRun(run));
  });

  test("AWS endpoints SERVFAIL at every resolver (the apps' own CNAMEs still answer): provider-outage aws at dns", async () => {
    await lab().setSites(sitesFor(ALL_APPS, changeApps(AWS_APPS, dnsFailing('servfail', 'target'))));
    const run = await check();
    // Streamer's CNAME names the us-east-1 load balancer; Assistant's provider is in the config; Shopfront has no CNAME to tell.
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'dns',
      provider: 'aws',
      apps: ['assistant', 'streamer'],
    });
    assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
    assert.deepEqual([statusOf(run, 'newsdesk'), statusOf(run, 'wiki')], ['up', 'up'], describeRun(run));
  });

  test("one company's three names SERVFAIL at every resolver, no provider known: one upstream dns verdict naming each", async () => {
    const servfail = { failure: 'servfail', scope: 'all' } as const;
    const acme = [
      site('acme-web', 'www.acme-corp.test', '198.19.5.10', { dns: servfail }),
      site('acme-api', 'api.acme-corp.test', '198.19.5.11', { dns: servfail }),
      site('acme-cdn', 'cdn.acme-corp.test', '198.19.5.12', { dns: servfail }),
    ];
    await lab().setSites([...sitesFor(INDEPENDENT_APPS), ...acme]);
    const apps = [
      { id: 'acme-web', name: 'Acme', url: 'https://www.acme-corp.test/' },
      { id: 'acme-api', name: 'Acme API', url: 'https://api.acme-corp.test/' },
      { id: 'acme-cdn', name: 'Acme CDN', url: 'https://cdn.acme-corp.test/' },
      ...INDEPENDENT_APPS.map((app) => app.config),
    ];
    const run = await lab().check(labConfig(lab(), apps));
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'app-outage',
      layer: 'dns',
      provider: null,
      apps: ['acme-api', 'acme-cdn', 'acme-web'],
    });
    for (const name of ['Acme', 'Acme API', 'Acme CDN']) {
      assert.ok(run.diagnosis.verdict.summary.includes(name), describeRun(run));
      assert.ok(
        run.diagnosis.verdict.evidence.some((e) => e.startsWith(`${name}:`)),
        describeRun(run),
      );
    }
    assert.equal(run.diagnosis.findings.length, 1, describeRun(run));
  });

  test('a DNSSEC-broken zone: the system resolver and two public resolvers fail it, the third answers: upstream, never dns-local', async () => {
    // Validating resolvers refuse the zone; a non-validating one (here Lab Public C) still serves it.
    const broken = site('ledger', 'www.ledger.test', '198.19.5.20', {
      dns: { failure: 'servfail', scope: 'all', answeredBy: ['198.18.3.55'] },
    });
    await lab().setSites([...sitesFor(INDEPENDENT_APPS), broken]);
    const apps = [
      { id: 'ledger', name: 'Ledger', url: 'https://www.ledger.test/' },
      ...INDEPENDENT_APPS.map((a) => a.config),
    ];
    const run = await lab().check(labConfig(lab(), apps));
    assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'dns', provider: null, apps: ['ledger'] });
    assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
    assert.ok(
      run.diagnosis.verdict.evidence.some((e) =>
        /failed at .*Lab Public A.*Lab Public B.*; only Lab Public C .* answered it/.test(e),
      ),
      describeRun(run),
    );
  });
});
