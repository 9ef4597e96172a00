// The verdicts DNS evidence leads to: the three upstream DNS cases the engine
// once got wrong, `blocked`, names failing together, and what Extended DNS
// Errors add (blocked, stale, DNSSEC, unreachable authority).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DnsExtendedError, RoundEvidence } from '../contracts/probe-results';
import { createTranslator } from '../i18n/translate';
import { app, roundEvidence } from './evidence-builders';
import { appsWith, everydayApps, exampleRounds } from './example-rounds';
import { diagnose } from './index';

const en = createTranslator('en').t;
const ar = createTranslator('ar').t;
const run = (evidence: RoundEvidence) => diagnose(evidence, en);
const SYSTEM = '127.0.0.53';
const ede = (code: number, text = ''): DnsExtendedError[] => [{ code, text }];
const kinds = (evidence: RoundEvidence) => run(evidence).findings.map((f) => `${f.kind}:${f.apps.join('+')}`);

describe('the three upstream DNS cases', () => {
  test('an AWS regional endpoint empty at every resolver joins the AWS outage of the apps answering 503', () => {
    const diagnosis = run(
      roundEvidence({
        apps: [
          app('dynamodb', { name: 'DynamoDB', provider: 'aws', region: 'us-east-1', dns: 'nodata' }),
          app('slack', { provider: 'aws', region: 'us-east-1', http: 503 }),
          app('ring', { provider: 'aws', region: 'us-east-1', http: 503 }),
          app('wiki', { provider: 'fastly' }),
        ],
      }),
    );
    const verdict = diagnosis.verdict;
    assert.deepEqual(
      [verdict.kind, verdict.scope, verdict.provider, verdict.region, verdict.layer],
      ['provider-outage', 'upstream', 'aws', 'us-east-1', 'http'],
    );
    assert.deepEqual(verdict.apps, ['dynamodb', 'slack', 'ring']);
    assert.ok(
      verdict.evidence.some((e) => /DynamoDB: the name dynamodb\.example failed at every resolver \(NODATA\)/.test(e)),
    );
    assert.equal(diagnosis.findings.length, 1, 'no separate DNS verdict for the endpoint');
  });

  test('three apps of one company SERVFAIL everywhere with no provider: one upstream DNS verdict naming each', () => {
    const diagnosis = run(exampleRounds().dnsOutageGroup!.evidence);
    const verdict = diagnosis.verdict;
    assert.deepEqual(
      [verdict.kind, verdict.scope, verdict.layer, verdict.provider],
      ['app-outage', 'upstream', 'dns', null],
    );
    assert.deepEqual(verdict.apps, ['acme', 'acmeapi', 'acmecdn']);
    assert.match(verdict.summary, /Acme, Acme API, and Acme CDN cannot be found by name at any resolver/);
    for (const name of ['Acme', 'Acme API', 'Acme CDN']) {
      assert.ok(
        verdict.evidence.some((e) => e.startsWith(`${name}: the name`)),
        name,
      );
    }
    assert.equal(diagnosis.findings.length, 1, 'nothing hidden in findings');
  });

  test('failing at the system resolver and two of three public ones while the third answers: upstream, not dns-local', () => {
    const diagnosis = run(exampleRounds().dnsSharedFailure!.evidence);
    assert.deepEqual(
      diagnosis.findings.map((f) => [f.kind, f.scope, f.layer, f.apps.join()]),
      [['app-outage', 'upstream', 'dns', 'slack']],
    );
    const verdict = diagnosis.verdict;
    assert.ok(
      verdict.evidence.includes(
        'Slack: slack.example failed at 127.0.0.53 (SERVFAIL), Cloudflare 198.18.1.1 (SERVFAIL), and Google 198.18.8.8 (SERVFAIL); only Quad9 198.18.9.9 answered it.',
      ),
      verdict.evidence.join('\n'),
    );
    assert.doesNotMatch(verdict.advice.join(' '), /router|Switch your DNS/, 'never blames the person');
    assert.equal(diagnosis.apps.find((a) => a.id === 'slack')?.status, 'down', 'their resolver cannot find it');
  });

  test('several apps failing at the system resolver and at public ones alike are grouped the same way', () => {
    const shared = { [SYSTEM]: 'servfail', Cloudflare: 'servfail' } as const;
    const verdict = run(
      roundEvidence({ apps: [...everydayApps(), app('a', { dns: shared }), app('b', { dns: shared })] }),
    ).verdict;
    assert.deepEqual([verdict.kind, verdict.apps.join()], ['app-outage', 'a,b']);
    assert.match(verdict.summary, /The names of A and B fail at your resolver and at public resolvers alike/);
  });
});

describe('blocked', () => {
  test('policy EDE at the system resolver: blocked, local, quoting the code and its text, with filter and switch advice', () => {
    const diagnosis = run(exampleRounds().blocked!.evidence);
    const verdict = diagnosis.verdict;
    assert.deepEqual(
      [verdict.kind, verdict.scope, verdict.layer, verdict.apps.join()],
      ['blocked', 'local', 'dns', 'reddit'],
    );
    assert.match(
      verdict.summary,
      /A filter on your network blocks Reddit: your DNS resolver 127\.0\.0\.53 refuses by policy/,
    );
    assert.ok(
      verdict.evidence.includes(
        '127.0.0.53 said about reddit.example: the name is blocked by the resolver’s operator (Extended DNS Error 15: “Blocked by the school filter”).',
      ),
      verdict.evidence.join('\n'),
    );
    assert.ok(verdict.evidence.some((e) => /Through the address public resolvers give .* Reddit answered/.test(e)));
    assert.match(verdict.advice[0] ?? '', /Pi-hole, NextDNS/);
    assert.match(verdict.advice[1] ?? '', /another network, such as mobile data, would reach Reddit/);
    assert.equal(diagnosis.apps.find((a) => a.id === 'reddit')?.status, 'down');
    assert.ok(!diagnosis.findings.some((f) => f.kind === 'dns-local' || f.kind === 'app-outage'));
  });

  test('a null-route answer (0.0.0.0) where public resolvers give a real one: blocked, the sinkhole quoted', () => {
    const verdict = run(exampleRounds().blockedSinkhole!.evidence).verdict;
    assert.equal(verdict.kind, 'blocked');
    assert.ok(
      verdict.evidence.some((e) => /answered slack\.example with 0\.0\.0\.0, an address that leads nowhere/.test(e)),
    );
    assert.match(verdict.summary, /answers with an address that leads nowhere/);
  });

  test('a private block-page address that fails: blocked; one that works (split DNS): fine', () => {
    const blockPage = { dns: { [SYSTEM]: { outcome: 'answer', addresses: ['10.10.10.10'] } } } as const;
    const blocked = run(roundEvidence({ apps: appsWith({ slack: { ...blockPage, tls: 'untrusted' } }) })).verdict;
    assert.equal(blocked.kind, 'blocked');
    assert.ok(blocked.evidence.some((e) => /10\.10\.10\.10, a private address that does not answer/.test(e)));
    assert.equal(run(roundEvidence({ apps: appsWith({ slack: blockPage }) })).verdict.kind, 'ok');
  });

  test('without EDE or a sinkhole, a name the system resolver alone denies stays dns-local (no policy evidence)', () => {
    assert.equal(
      run(roundEvidence({ apps: appsWith({ reddit: { dns: { [SYSTEM]: 'nxdomain' } } }) })).verdict.kind,
      'dns-local',
    );
  });

  test('a filter blocking one app goes behind an outage covering more apps', () => {
    const evidence = roundEvidence({
      apps: appsWith({
        reddit: { dns: { [SYSTEM]: { outcome: 'refused', ede: ede(17) } } },
        zoom: { http: 503 },
        alexa: { http: 503 },
      }),
    });
    assert.deepEqual(kinds(evidence), ['provider-outage:zoom+alexa', 'blocked:reddit']);
  });

  test('Arabic wording', () => {
    const verdict = diagnose(exampleRounds().blocked!.evidence, ar).verdict;
    assert.match(verdict.summary, /^مرشّح على شبكتك يحجب \u2068Reddit\u2069/);
    assert.ok(verdict.evidence.some((e) => e.includes('الاسم محجوب من مشغّل الخادم')));
  });
});

describe('what EDE adds', () => {
  test('stale answers (EDE 3): degraded upstream at dns, "works for now from cache", the app still up-ish', () => {
    const diagnosis = run(exampleRounds().degradedStale!.evidence);
    const verdict = diagnosis.verdict;
    assert.deepEqual([verdict.kind, verdict.scope, verdict.layer], ['degraded', 'upstream', 'dns']);
    assert.match(verdict.summary, /Working for now from cache: Slack/);
    assert.ok(verdict.evidence.some((e) => /the answer is stale/.test(e)));
    assert.equal(diagnosis.apps.find((a) => a.id === 'slack')?.status, 'degraded');
    assert.equal(diagnosis.findings.length, 1, 'not also "slow or unreliable"');
  });

  test('the system resolver cut off from every authority (EDE 22 on every name): dns-local, its own uplink', () => {
    const cutOff = { [SYSTEM]: { outcome: 'servfail', ede: ede(22, 'no reachable authority') } } as const;
    const evidence = roundEvidence({
      apps: everydayApps().map((spec) => ({ ...spec, dns: cutOff })),
      controls: ['c1', 'c2'].map((id) => ({ id, dns: cutOff })),
    });
    const verdict = run(evidence).verdict;
    assert.equal(verdict.kind, 'dns-local');
    assert.ok(verdict.evidence.some((e) => /none of the name’s DNS servers could be reached/.test(e)));
    assert.ok(verdict.advice.some((a) => /Restart your router/.test(a)));
  });

  test("EDE 22 for one name at a resolver that answers the rest: that zone's servers, upstream", () => {
    const verdict = run(
      roundEvidence({ apps: appsWith({ slack: { dns: { [SYSTEM]: { outcome: 'servfail', ede: ede(22) } } } }) }),
    ).verdict;
    assert.deepEqual([verdict.kind, verdict.scope, verdict.layer], ['app-outage', 'upstream', 'dns']);
    assert.match(verdict.summary, /Slack's DNS servers cannot be reached/);
  });

  test('DNSSEC at the system resolver alone, while validating public resolvers answer: dns-local with the clock advice', () => {
    const verdict = run(
      roundEvidence({ apps: appsWith({ slack: { dns: { [SYSTEM]: { outcome: 'servfail', ede: ede(7) } } } }) }),
    ).verdict;
    assert.equal(verdict.kind, 'dns-local');
    assert.ok(verdict.evidence.some((e) => /the DNSSEC signatures have expired \(Extended DNS Error 7\)/.test(e)));
    assert.ok(verdict.advice.some((a) => /date and time on your router/.test(a)));
  });

  test('DNSSEC Bogus at every resolver: the zone is broken at the source, said in its words', () => {
    const verdict = run(
      roundEvidence({ apps: appsWith({ slack: { dns: { outcome: 'servfail', ede: ede(6, 'signature invalid') } } }) }),
    ).verdict;
    assert.deepEqual([verdict.kind, verdict.layer], ['app-outage', 'dns']);
    assert.match(verdict.summary, /its signatures \(DNSSEC\) do not validate/);
    assert.ok(verdict.evidence.some((e) => /\(Extended DNS Error 6: “signature invalid”\)/.test(e)));
  });

  test('a stale NXDOMAIN (EDE 19) at the system resolver: upstream, the authority failing', () => {
    const verdict = run(
      roundEvidence({ apps: appsWith({ slack: { dns: { [SYSTEM]: { outcome: 'nxdomain', ede: ede(19) } } } }) }),
    ).verdict;
    assert.deepEqual([verdict.kind, verdict.scope], ['app-outage', 'upstream']);
    assert.match(verdict.summary, /only have an old answer from their cache/);
  });

  test('an unknown code is quoted by its number', () => {
    const verdict = run(
      roundEvidence({ apps: appsWith({ slack: { dns: { outcome: 'servfail', ede: ede(4242) } } }) }),
    ).verdict;
    assert.ok(verdict.evidence.some((e) => /an error the resolver reports as code 4242/.test(e)));
  });
});
