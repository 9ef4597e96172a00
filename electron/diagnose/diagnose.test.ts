import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoundEvidence } from '../contracts/probe-results';
import { createTranslator } from '../i18n/translate';
import { app, captiveProbe, gatewayProbe, roundEvidence, wifiInterface, type EvidenceSpec } from './evidence-builders';
import { appsWith, everydayApps, exampleRounds, thinRound } from './example-rounds';
import { diagnose } from './index';

const en = createTranslator('en').t;
const run = (evidence: RoundEvidence) => diagnose(evidence, en);
const verdictOf = (spec: EvidenceSpec) => run(roundEvidence(spec)).verdict;
const kindsOf = (spec: EvidenceSpec) => run(roundEvidence(spec)).findings.map((f) => f.kind);

const ALL_PUBLIC_TIMEOUT = { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' } as const;
const controlsFailing = (tcp: 'timeout' | 'refused') => [
  { id: 'control-a', url: 'https://control-a.example/', tcp },
  { id: 'control-b', url: 'https://control-b.example/', tcp },
];

describe('every example round gets its kind', () => {
  for (const [name, example] of Object.entries(exampleRounds())) {
    test(`${name} -> ${example.kind}`, () => {
      const diagnosis = run(example.evidence);
      assert.equal(diagnosis.verdict.kind, example.kind, diagnosis.verdict.summary);
      assert.deepEqual(diagnosis.verdict, diagnosis.findings[0]);
      assert.ok(diagnosis.verdict.summary.length > 0);
      assert.ok(diagnosis.verdict.evidence.length > 0, 'evidence is never empty');
    });
  }
});

describe('ok', () => {
  test('every app and control up: ok, scope none, confident, nothing to do', () => {
    const verdict = verdictOf({ apps: everydayApps() });
    assert.equal(verdict.scope, 'none');
    assert.deepEqual(verdict.apps, []);
    assert.deepEqual(verdict.advice, []);
    assert.ok(verdict.confidence >= 0.85, String(verdict.confidence));
    assert.match(verdict.summary, /Zoom, Alexa, Prime Video, Reddit, and Slack answered/);
  });

  test('apps up but no control answered: still ok, with less confidence', () => {
    const verdict = verdictOf({ apps: everydayApps(), controls: controlsFailing('timeout') });
    assert.equal(verdict.kind, 'ok');
    assert.ok(verdict.confidence <= 0.7);
  });
});

describe('offline', () => {
  test('no usable interface: offline, every app affected', () => {
    const verdict = run(exampleRounds().offline!.evidence).verdict;
    assert.equal(verdict.scope, 'local');
    assert.equal(verdict.apps.length, 5);
    assert.match(verdict.summary, /offline/);
    assert.ok(verdict.confidence >= 0.9);
  });

  test('an interface is up but the OS reports no default route: offline (no route)', () => {
    const verdict = verdictOf({
      apps: everydayApps(),
      defaultRoute: false,
      resolverOutcomes: { ...ALL_PUBLIC_TIMEOUT, '127.0.0.53': 'timeout' },
      controls: controlsFailing('timeout'),
    });
    assert.equal(verdict.kind, 'offline');
    assert.match(verdict.summary, /no route/);
  });

  test('tie-break: the OS says no route but a control answers: not offline', () => {
    assert.equal(verdictOf({ apps: everydayApps(), defaultRoute: false }).kind, 'ok');
  });

  test('an empty interface list with no route info means "not reported", not offline', () => {
    assert.equal(verdictOf({ apps: everydayApps(), interfaces: [], defaultRoute: null }).kind, 'ok');
  });

  test('offline beats lan: no interface and a silent gateway is offline', () => {
    const evidence = exampleRounds().offline!.evidence;
    evidence.local.gateway = gatewayProbe('unreachable');
    assert.deepEqual(
      run(evidence).findings.map((f) => f.kind),
      ['offline'],
    );
  });
});

describe('lan', () => {
  test('interface and route exist, the gateway does not answer, nothing beyond does: lan', () => {
    const verdict = run(exampleRounds().lan!.evidence).verdict;
    assert.equal(verdict.kind, 'lan');
    assert.match(verdict.summary, /router 198\.18\.0\.1 does not answer/);
    assert.ok(verdict.advice.some((a) => /Restart your router/.test(a)));
  });

  test('lan beats captive-portal', () => {
    const evidence = exampleRounds().lan!.evidence;
    evidence.captivePortal = captiveProbe('intercepted');
    assert.deepEqual(
      run(evidence).findings.map((f) => f.kind),
      ['lan'],
    );
  });

  test('tie-break: a gateway that ignores probes while the internet answers is not lan', () => {
    assert.equal(verdictOf({ apps: everydayApps(), gateway: 'unreachable' }).kind, 'ok');
  });
});

describe('captive-portal', () => {
  test('the check is redirected: captive-portal with the login page in the evidence and sign-in advice', () => {
    const verdict = run(exampleRounds().captivePortal!.evidence).verdict;
    assert.equal(verdict.kind, 'captive-portal');
    assert.equal(verdict.scope, 'local');
    assert.ok(verdict.evidence.some((e) => e.includes('http://portal.hotel.example/login')));
    assert.deepEqual(verdict.advice, ['Open a browser page to sign in to the network.']);
  });

  test('captive beats isp, dns-local, firewall and outages: it is the only finding', () => {
    const kinds = kindsOf({
      captive: 'intercepted',
      apps: appsWith({ zoom: { http: 503 }, alexa: { http: 503 }, slack: { tcp: 'refused' } }),
      resolverOutcomes: { '127.0.0.53': 'timeout' },
    });
    assert.deepEqual(kinds, ['captive-portal']);
  });

  test('captive beats isp: nothing answers but the check is intercepted', () => {
    const kinds = kindsOf({
      captive: 'intercepted',
      apps: everydayApps(),
      resolverOutcomes: ALL_PUBLIC_TIMEOUT,
      controls: controlsFailing('timeout'),
    });
    assert.deepEqual(kinds, ['captive-portal']);
  });

  test('a different status without a redirect is intercepted too', () => {
    const verdict = verdictOf({
      captive: captiveProbe('intercepted', { status: 200, location: null }),
      apps: everydayApps(),
    });
    assert.equal(verdict.kind, 'captive-portal');
    assert.ok(verdict.evidence.some((e) => /returned 200 instead of 204/.test(e)));
  });
});

describe('isp', () => {
  test('gateway answers, no control and no public resolver does: isp, confident', () => {
    const verdict = run(exampleRounds().isp!.evidence).verdict;
    assert.equal(verdict.kind, 'isp');
    assert.equal(verdict.scope, 'local');
    assert.ok(verdict.confidence >= 0.75);
    assert.ok(verdict.evidence.some((e) => /No public resolver answered/.test(e)));
  });

  test('gateway unchecked (off): still isp, but less confident and saying the router may be at fault', () => {
    const reachable = run(exampleRounds().isp!.evidence).verdict;
    const evidence = exampleRounds().isp!.evidence;
    evidence.local.gateway = gatewayProbe('off');
    const off = run(evidence).verdict;
    assert.equal(off.kind, 'isp');
    assert.ok(off.confidence < reachable.confidence);
    assert.match(off.summary, /or your router/);
  });

  test('a public resolver answering rules out isp', () => {
    const kinds = kindsOf({ apps: appsWith({ zoom: { tcp: 'timeout' } }), controls: controlsFailing('timeout') });
    assert.ok(!kinds.includes('isp'));
  });
});

describe('dns-local', () => {
  test('system resolver times out while public ones answer: the sentence counts names and names the resolvers', () => {
    const verdict = run(exampleRounds().dnsLocal!.evidence).verdict;
    assert.equal(verdict.kind, 'dns-local');
    assert.equal(verdict.layer, 'dns');
    assert.equal(verdict.apps.length, 5);
    assert.ok(
      verdict.evidence.includes(
        'The system resolver 127.0.0.53 timed out for 7 of 7 names while Cloudflare 198.18.1.1, Google 198.18.8.8, and Quad9 198.18.9.9 answered them.',
      ),
      verdict.evidence.join('\n'),
    );
    assert.match(verdict.advice[0] ?? '', /Switch your DNS/);
  });

  test('resolvers disagree (system NXDOMAIN, public answers): dns-local with "bogus NXDOMAIN" evidence', () => {
    const verdict = run(exampleRounds().dnsLocalBogus!.evidence).verdict;
    assert.equal(verdict.kind, 'dns-local');
    assert.ok(
      verdict.evidence.some((e) =>
        /said zoom\.example does not exist \(NXDOMAIN\) while Cloudflare 198\.18\.1\.1 answered 198\.18\./.test(e),
      ),
    );
  });

  test('system resolver fails and an app is also down on its side: both findings, dns-local primary', () => {
    const diagnosis = run(
      roundEvidence({ apps: appsWith({ slack: { http: 503 } }), resolverOutcomes: { '127.0.0.53': 'servfail' } }),
    );
    assert.deepEqual(
      diagnosis.findings.map((f) => f.kind),
      ['dns-local', 'app-outage'],
    );
    const appOutage = diagnosis.findings[1]!;
    assert.deepEqual(appOutage.apps, ['slack']);
    assert.doesNotMatch(appOutage.summary, /Your internet is fine/, 'no "all fine" while DNS is broken');
  });

  test('one name blocked by the system resolver while it answers others: dns-local for that app, lower confidence', () => {
    const verdict = verdictOf({ apps: appsWith({ reddit: { dns: { '127.0.0.53': 'nxdomain' } } }) });
    assert.equal(verdict.kind, 'dns-local');
    assert.deepEqual(verdict.apps, ['reddit']);
    assert.ok(verdict.confidence <= 0.6);
    assert.match(verdict.summary, /does not resolve Reddit/);
    assert.ok(verdict.advice.some((a) => /filter/.test(a)));
  });

  test('tie-break: a name-specific dns-local goes behind a provider outage covering more apps', () => {
    const kinds = kindsOf({
      apps: appsWith({
        reddit: { dns: { '127.0.0.53': 'nxdomain' } },
        zoom: { http: 503 },
        alexa: { http: 503 },
        primevideo: { http: 503 },
      }),
    });
    assert.deepEqual(kinds, ['provider-outage', 'dns-local']);
  });

  test('tie-break: a resolver-wide dns-local stays primary even next to a provider outage', () => {
    const kinds = kindsOf({
      apps: appsWith({ zoom: { http: 503 }, alexa: { http: 503 }, primevideo: { http: 503 } }),
      resolverOutcomes: { '127.0.0.53': 'timeout' },
    });
    assert.deepEqual(kinds, ['dns-local', 'provider-outage']);
  });

  test('system and public resolvers all failing is not dns-local', () => {
    const kinds = kindsOf({
      apps: everydayApps(),
      resolverOutcomes: { ...ALL_PUBLIC_TIMEOUT, '127.0.0.53': 'timeout' },
    });
    assert.ok(!kinds.includes('dns-local'), kinds.join());
  });
});

describe('firewall', () => {
  test('HTTPS refused to every host while the plain-HTTP check and DNS pass: firewall at tcp', () => {
    const verdict = run(exampleRounds().firewall!.evidence).verdict;
    assert.equal(verdict.kind, 'firewall');
    assert.equal(verdict.layer, 'tcp');
    assert.equal(verdict.apps.length, 5);
    assert.match(verdict.summary, /blocks HTTPS connections/);
    assert.ok(verdict.evidence.some((e) => /Plain HTTP passes/.test(e)));
    assert.ok(verdict.evidence.some((e) => /DNS works/.test(e)));
  });

  test('failures the firewall explains are not blamed on the apps; an app failing otherwise still is', () => {
    const evidence = exampleRounds().firewall!.evidence;
    assert.deepEqual(
      run(evidence).findings.map((f) => f.kind),
      ['firewall'],
    );
    const diagnosis = run(
      roundEvidence({
        apps: [
          ...appsWith(Object.fromEntries(everydayApps().map((a) => [a.id, { tcp: 'refused' as const }]))),
          app('wiki', { url: 'http://wiki.example/', http: 502 }),
        ],
        controls: [...controlsFailing('refused'), { id: 'control-http', url: 'http://control-http.example/' }],
      }),
    );
    assert.deepEqual(
      diagnosis.findings.map((f) => [f.kind, f.apps.length]),
      [
        ['firewall', 5],
        ['app-outage', 1],
      ],
    );
    assert.deepEqual(diagnosis.findings[1]!.apps, ['wiki']);
  });

  test('an http:// control that answers is the passing protocol too', () => {
    const verdict = verdictOf({
      captive: 'off',
      apps: appsWith({ zoom: { tcp: 'timeout' }, slack: { tcp: 'timeout' } }).filter((a) =>
        ['zoom', 'slack'].includes(a.id),
      ),
      controls: [...controlsFailing('timeout'), { id: 'control-http', url: 'http://control-http.example/' }],
    });
    assert.equal(verdict.kind, 'firewall');
    assert.ok(
      verdict.evidence.some((e) => /plain HTTP passes: control-http answered/.test(e)),
      verdict.evidence.join('\n'),
    );
  });

  test('without a passing protocol to compare with, it is not firewall (a dead upstream looks the same)', () => {
    const evidence = exampleRounds().firewall!.evidence;
    evidence.captivePortal = captiveProbe('off');
    const verdict = run(evidence).verdict;
    assert.equal(verdict.kind, 'unknown');
    assert.match(verdict.summary, /no control site answered/);
  });

  test('two AWS apps refused while HTTPS controls answer is an outage, not a firewall', () => {
    const kinds = kindsOf({ apps: appsWith({ zoom: { tcp: 'refused' }, alexa: { tcp: 'refused' } }) });
    assert.deepEqual(kinds, ['provider-outage']);
  });

  test('every HTTPS host shows a certificate that is not its own while plain HTTP passes: firewall intercepting, at tls', () => {
    const diagnosis = run(
      roundEvidence({
        apps: appsWith(Object.fromEntries(everydayApps().map((a) => [a.id, { tls: 'untrusted' as const }]))),
        controls: [
          { id: 'control-a', url: 'https://control-a.example/', tls: 'untrusted' },
          { id: 'control-b', url: 'https://control-b.example/', tls: 'wrong-host' },
        ],
      }),
    );
    assert.deepEqual(
      diagnosis.findings.map((f) => f.kind),
      ['firewall'],
    );
    assert.equal(diagnosis.verdict.layer, 'tls');
    assert.match(diagnosis.verdict.summary, /intercepts secure \(HTTPS\) connections/);
  });

  test('DNS to every public resolver blocked while the system resolver works: firewall at dns, apps unaffected', () => {
    const diagnosis = run(roundEvidence({ apps: everydayApps(), resolverOutcomes: ALL_PUBLIC_TIMEOUT }));
    assert.equal(diagnosis.verdict.kind, 'firewall');
    assert.equal(diagnosis.verdict.layer, 'dns');
    assert.deepEqual(diagnosis.verdict.apps, []);
    assert.ok(diagnosis.apps.every((a) => a.status === 'up'));
  });
});

describe('provider-outage', () => {
  test('three AWS us-east-1 apps fail while controls and apps elsewhere work: AWS us-east-1 with the apps named', () => {
    const verdict = run(exampleRounds().providerOutage!.evidence).verdict;
    assert.equal(verdict.kind, 'provider-outage');
    assert.equal(verdict.scope, 'upstream');
    assert.equal(verdict.provider, 'aws');
    assert.equal(verdict.region, 'us-east-1');
    assert.deepEqual(verdict.apps, ['zoom', 'alexa', 'primevideo']);
    assert.equal(verdict.summary, 'Your internet is fine. AWS us-east-1 is failing: Zoom, Alexa, and Prime Video.');
    assert.ok(verdict.advice.includes('Nothing to do on your side; wait for AWS us-east-1 to recover.'));
  });

  test('region attribution: us-east-1 apps fail while an AWS app in eu-west-1 works', () => {
    const verdict = verdictOf({
      apps: [
        ...appsWith({ zoom: { http: 503 }, alexa: { http: 503 } }),
        app('netflix', { provider: 'aws', region: 'eu-west-1' }),
      ],
    });
    assert.equal(verdict.kind, 'provider-outage');
    assert.equal(verdict.region, 'us-east-1');
    assert.deepEqual(verdict.apps, ['zoom', 'alexa']);
    assert.ok(verdict.evidence.some((e) => /Other apps work: .*Netflix/.test(e)));
  });

  test('failing apps in different regions: the provider without a region', () => {
    const verdict = verdictOf({
      apps: [
        app('zoom', { provider: 'aws', region: 'us-east-1', http: 503 }),
        app('netflix', { provider: 'aws', region: 'eu-west-1', http: 503 }),
        app('slack'),
      ],
    });
    assert.equal(verdict.kind, 'provider-outage');
    assert.equal(verdict.region, null);
  });

  test('Fastly 503 (x-served-by with via: varnish) on two apps: provider-outage fastly at the http layer', () => {
    const verdict = run(exampleRounds().providerOutageFastly!.evidence).verdict;
    assert.equal(verdict.provider, 'fastly');
    assert.equal(verdict.layer, 'http');
    assert.deepEqual(verdict.apps, ['reddit', 'github']);
    assert.ok(
      verdict.evidence.some(
        (e) => e === 'Reddit: Fastly answered HTTP 503 (x-served-by: cache-lcy-eglc8600053-LCY, via: 1.1 varnish).',
      ),
    );
  });

  test('the Fastly signature groups apps the round did not attribute', () => {
    const fastly503 = { status: 503, headers: { via: '1.1 varnish', 'x-served-by': 'cache-fra-etou8220024-FRA' } };
    const verdict = verdictOf({
      apps: [app('reddit', { http: fastly503 }), app('github', { http: fastly503 }), app('slack')],
    });
    assert.equal(verdict.kind, 'provider-outage');
    assert.equal(verdict.provider, 'fastly');
  });

  test('one AWS app down while other AWS apps are fine: app-outage, not an AWS outage', () => {
    const diagnosis = run(roundEvidence({ apps: appsWith({ alexa: { http: 503 } }) }));
    assert.deepEqual(
      diagnosis.findings.map((f) => f.kind),
      ['app-outage'],
    );
    assert.equal(diagnosis.verdict.provider, 'aws', 'the app-outage still says where the app runs');
    assert.deepEqual(diagnosis.verdict.apps, ['alexa']);
  });

  test('two AWS apps down while two in the same region work: two app-outages, not provider-wide', () => {
    // zoom and alexa fail; primevideo and netflix (also us-east-1) work: two against two is no majority.
    const kinds = kindsOf({
      apps: [
        ...appsWith({ zoom: { http: 503 }, alexa: { http: 503 } }),
        app('netflix', { provider: 'aws', region: 'us-east-1' }),
      ],
    });
    assert.deepEqual(kinds, ['app-outage', 'app-outage']);
  });

  test('two fail and one neighbour works: provider-wide, but less confident than a clean sweep', () => {
    const partial = verdictOf({ apps: appsWith({ zoom: { http: 503 }, alexa: { http: 503 } }) });
    const sweep = run(exampleRounds().providerOutage!.evidence).verdict;
    assert.equal(partial.kind, 'provider-outage');
    assert.ok(partial.evidence.some((e) => /Some apps on AWS us-east-1 still work: Prime Video/.test(e)));
    assert.ok(partial.confidence < sweep.confidence);
  });

  test('one AWS app failing plus a failing AWS canary (name fails at every resolver): provider-outage', () => {
    const spec: EvidenceSpec = {
      apps: [app('zoom', { provider: 'aws', region: 'us-east-1', http: 503 }), app('slack', { provider: 'gcp' })],
      canaries: [
        app('dynamodb-use1', { name: 'DynamoDB us-east-1', provider: 'aws', region: 'us-east-1', dns: 'servfail' }),
      ],
    };
    const verdict = verdictOf(spec);
    assert.equal(verdict.kind, 'provider-outage');
    assert.deepEqual(verdict.apps, ['zoom']);
    assert.ok(
      verdict.evidence.some((e) =>
        /DynamoDB us-east-1: the name dynamodb-use1\.example failed at every resolver \(SERVFAIL\)/.test(e),
      ),
    );
  });

  test('a canary that answers 5xx confirms too; a healthy canary does not', () => {
    const withCanary = (http: number) =>
      verdictOf({
        apps: [app('zoom', { provider: 'aws', region: 'us-east-1', http: 503 }), app('slack', { provider: 'gcp' })],
        canaries: [app('s3-use1', { provider: 'aws', region: 'us-east-1', http })],
      }).kind;
    assert.equal(withCanary(500), 'provider-outage');
    assert.equal(withCanary(200), 'app-outage');
  });

  test('canaries alone: two failing for a provider no watched app uses: provider-outage with no apps', () => {
    const verdict = verdictOf({
      apps: everydayApps(),
      canaries: [
        app('blob-eastus', { provider: 'azure', region: 'eastus', tcp: 'timeout' }),
        app('frontdoor-eastus', { provider: 'azure', region: 'eastus', http: 502 }),
      ],
    });
    assert.equal(verdict.kind, 'provider-outage');
    assert.equal(verdict.provider, 'azure');
    assert.equal(verdict.region, 'eastus');
    assert.deepEqual(verdict.apps, []);
    assert.match(verdict.summary, /Azure eastus looks to be failing; your apps still answer/);
    assert.ok(verdict.confidence < 0.6);
  });
});

describe('app-outage', () => {
  test("an app's name fails at every resolver: app-outage, layer dns, upstream (never local)", () => {
    const diagnosis = run(exampleRounds().appOutageDns!.evidence);
    assert.deepEqual(
      diagnosis.findings.map((f) => f.kind),
      ['app-outage'],
    );
    const verdict = diagnosis.verdict;
    assert.equal(verdict.scope, 'upstream');
    assert.equal(verdict.layer, 'dns');
    assert.match(verdict.summary, /Slack's name does not resolve at any resolver/);
    assert.ok(diagnosis.local.resolvers.every((r) => r.status === 'ok'));
  });

  test('NXDOMAIN at every resolver is the app gone, not a bogus answer', () => {
    const diagnosis = run(roundEvidence({ apps: appsWith({ slack: { dns: 'nxdomain' } }) }));
    assert.deepEqual(
      diagnosis.findings.map((f) => f.kind),
      ['app-outage'],
    );
    assert.equal(diagnosis.verdict.layer, 'dns');
  });

  test('several apps failing on their own are several findings, in the order of the apps', () => {
    const diagnosis = run(roundEvidence({ apps: appsWith({ slack: { http: 500 }, reddit: { tls: 'expired' } }) }));
    assert.deepEqual(
      diagnosis.findings.map((f) => [f.kind, f.apps[0], f.layer]),
      [
        ['app-outage', 'reddit', 'tls'],
        ['app-outage', 'slack', 'http'],
      ],
    );
    assert.ok(diagnosis.findings[0]!.evidence.includes('Reddit: its certificate has expired.'));
  });

  test('without controls, other apps answering show the network works, with less confidence', () => {
    const withControls = verdictOf({ apps: appsWith({ slack: { http: 500 } }) });
    const without = verdictOf({ apps: appsWith({ slack: { http: 500 } }), controls: [] });
    assert.equal(without.kind, 'app-outage');
    assert.ok(without.confidence < withControls.confidence);
  });

  test('public resolvers disagreeing lowers confidence and is told as evidence', () => {
    const clean = verdictOf({ apps: appsWith({ slack: { http: 500 } }) });
    const split = verdictOf({ apps: appsWith({ slack: { http: 500, dns: { Google: 'servfail' } } }) });
    assert.equal(split.kind, 'app-outage');
    assert.ok(split.confidence < clean.confidence);
    assert.ok(
      split.evidence.some((e) =>
        /Public resolvers disagree about slack\.example: Cloudflare 198\.18\.1\.1 and Quad9 198\.18\.9\.9 answered, Google 198\.18\.8\.8 \(SERVFAIL\) did not/.test(
          e,
        ),
      ),
    );
  });

  test('public resolvers disagreeing about a working app: evidence on the ok verdict, lower confidence', () => {
    const clean = verdictOf({ apps: everydayApps() });
    const split = verdictOf({ apps: appsWith({ zoom: { dns: { Quad9: 'timeout' } } }) });
    assert.equal(split.kind, 'ok');
    assert.ok(split.confidence < clean.confidence);
    assert.ok(split.evidence.some((e) => /disagree about zoom\.example/.test(e)));
  });
});

describe('degraded', () => {
  test('one app slow while controls are fast: degraded upstream, the app degraded with its latency', () => {
    const diagnosis = run(exampleRounds().degraded!.evidence);
    assert.equal(diagnosis.verdict.scope, 'upstream');
    assert.deepEqual(diagnosis.verdict.apps, ['reddit']);
    assert.ok(
      diagnosis.verdict.evidence.includes('Reddit took 2,400 ms to answer (the timeout is 3,000 ms).'),
      diagnosis.verdict.evidence.join('\n'),
    );
    const reddit = diagnosis.apps.find((a) => a.id === 'reddit');
    assert.equal(reddit?.status, 'degraded');
    assert.equal(reddit?.latencyMs, 2400);
  });

  test('controls slow too: degraded local', () => {
    const verdict = verdictOf({
      apps: appsWith({ reddit: { latencyMs: 2000 } }),
      controls: [
        { id: 'control-a', url: 'https://control-a.example/', latencyMs: 1900 },
        { id: 'control-b', url: 'https://control-b.example/', latencyMs: 2100 },
      ],
    });
    assert.equal(verdict.kind, 'degraded');
    assert.equal(verdict.scope, 'local');
  });

  test('degraded ranks below an app-outage', () => {
    assert.deepEqual(kindsOf({ apps: appsWith({ reddit: { latencyMs: 2400 }, slack: { http: 502 } }) }), [
      'app-outage',
      'degraded',
    ]);
  });
});

describe('unknown: thin evidence is never a confident guess', () => {
  test('no apps configured: unknown, saying so, low confidence', () => {
    const verdict = run(exampleRounds().unknown!.evidence).verdict;
    assert.equal(verdict.scope, 'unknown');
    assert.match(verdict.summary, /no apps are being watched/);
    assert.ok(verdict.confidence <= 0.3);
  });

  test('every probe unknown: unknown, naming the apps without results', () => {
    const evidence = roundEvidence({ apps: everydayApps().slice(0, 2) });
    evidence.apps = evidence.apps.map((a) => ({ ...a, dns: [], tcp: [], tls: null, http: null, addressSource: null }));
    const diagnosis = run(evidence);
    assert.equal(diagnosis.verdict.kind, 'unknown');
    assert.match(diagnosis.verdict.summary, /no probe finished for Zoom and Alexa/);
    assert.ok(diagnosis.apps.every((a) => a.status === 'unknown'));
  });

  test('controls all failing, no gateway info, public resolvers mixed: unknown, not isp', () => {
    // The captive check is off too: a passing plain-HTTP check would make this a firewall.
    const verdict = verdictOf({
      gateway: 'off',
      captive: 'off',
      apps: appsWith(Object.fromEntries(everydayApps().map((a) => [a.id, { tcp: 'timeout' as const }]))),
      controls: controlsFailing('timeout'),
      resolverOutcomes: { Cloudflare: 'timeout', Google: 'timeout' },
    });
    assert.equal(verdict.kind, 'unknown');
    assert.match(
      verdict.summary,
      /no control site answered, the router could not be checked, and public DNS resolvers gave mixed results/,
    );
  });

  test('nothing measured at all: unknown naming the missing controls, resolvers and apps', () => {
    const verdict = run(thinRound()).verdict;
    assert.equal(verdict.kind, 'unknown');
    assert.match(verdict.summary, /no apps are being watched/);
    assert.match(verdict.summary, /no control sites are configured/);
    assert.match(verdict.summary, /no DNS resolver was asked/);
  });

  test('no controls and every app failing: nothing shows the network works, so unknown', () => {
    const verdict = verdictOf({ controls: [], apps: [app('zoom', { http: 503 }), app('slack', { tcp: 'timeout' })] });
    assert.equal(verdict.kind, 'unknown');
  });
});

describe('the Diagnosis document', () => {
  test('has exactly the keys of electron/contracts/diagnosis.ts, no more', () => {
    const diagnosis = run(roundEvidence({ apps: appsWith({ slack: { http: 500 } }) }));
    assert.deepEqual(Object.keys(diagnosis).sort(), ['apps', 'at', 'findings', 'local', 'schema', 'verdict']);
    const verdictKeys = [
      'advice',
      'apps',
      'confidence',
      'evidence',
      'kind',
      'layer',
      'provider',
      'region',
      'scope',
      'summary',
    ];
    for (const verdict of diagnosis.findings) assert.deepEqual(Object.keys(verdict).sort(), verdictKeys);
    assert.deepEqual(Object.keys(diagnosis.local).sort(), [
      'captivePortal',
      'families',
      'gateway',
      'interfaces',
      'proxies',
      'resolvers',
      'vpn',
    ]);
    for (const report of diagnosis.apps) {
      assert.deepEqual(Object.keys(report).sort(), [
        'id',
        'latencyMs',
        'layer',
        'name',
        'probes',
        'provider',
        'region',
        'status',
        'usual',
      ]);
    }
    assert.equal(diagnosis.schema, 1);
    for (const verdict of diagnosis.findings) assert.ok(verdict.confidence >= 0 && verdict.confidence <= 1);
  });

  test('at comes from the evidence; app reports carry provider, region and every raw probe in order', () => {
    const evidence = roundEvidence({ at: '2025-10-20T07:11:00.000Z', apps: appsWith({ zoom: { http: 503 } }) });
    const diagnosis = run(evidence);
    assert.equal(diagnosis.at, '2025-10-20T07:11:00.000Z');
    const zoom = diagnosis.apps[0]!;
    assert.deepEqual([zoom.status, zoom.layer, zoom.provider, zoom.region], ['down', 'http', 'aws', 'us-east-1']);
    assert.deepEqual(
      zoom.probes.map((p) => p.kind),
      ['dns', 'dns', 'dns', 'dns', 'tcp', 'tls', 'http'],
    );
    assert.deepEqual(zoom.probes, [
      ...evidence.apps[0]!.dns,
      ...evidence.apps[0]!.tcp,
      evidence.apps[0]!.tls,
      evidence.apps[0]!.http,
    ]);
  });

  test('pure: the same evidence gives the same diagnosis, and the evidence is left untouched', () => {
    const evidence = roundEvidence({
      apps: appsWith({ slack: { http: 500 } }),
      resolverOutcomes: { '127.0.0.53': 'timeout' },
    });
    const copy = structuredClone(evidence);
    deepFreeze(evidence);
    const first = run(evidence);
    assert.deepEqual(run(evidence), first);
    assert.deepEqual(evidence, copy);
  });

  test('an interface that is up but has no address is not usable', () => {
    const verdict = verdictOf({
      interfaces: [wifiInterface({ addresses: [] })],
      apps: everydayApps(),
      resolverOutcomes: { ...ALL_PUBLIC_TIMEOUT, '127.0.0.53': 'timeout' },
      controls: controlsFailing('timeout'),
    });
    assert.equal(verdict.kind, 'offline');
  });
});

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
}
