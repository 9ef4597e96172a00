// Every sentence diagnose() can say exists in English and Arabic, and the two
// diagnosis.json files have the same keys.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTranslator, type Translate } from '../i18n/translate';
import ar from '../../resources/locales/ar/diagnosis.json';
import en from '../../resources/locales/en/diagnosis.json';
import {
  app,
  captiveProbe,
  gatewayProbe,
  PUBLIC_RESOLVERS,
  resolverRef,
  roundEvidence,
  SYSTEM_RESOLVER,
  vpnInfo,
} from './evidence-builders';
import { appsWith, baselineRounds, everydayApps, exampleRounds, macosPrivacyRound, thinRound } from './example-rounds';
import { diagnose } from './index';
import type { RoundEvidence } from '../contracts/probe-results';

const ALL_PUBLIC_TIMEOUT = { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' } as const;

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : leafKeys(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, path: string): string | Tree | undefined {
  return path
    .split('.')
    .reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
}

/** Rounds that between them reach every sentence family. */
function manyRounds(): RoundEvidence[] {
  const outcomes = ['refused', 'timeout', 'unreachable', 'reset', 'error'] as const;
  const tlsOutcomes = [
    'expired',
    'not-yet-valid',
    'wrong-host',
    'untrusted',
    'handshake-failed',
    'timeout',
    'refused',
    'reset',
    'error',
  ] as const;
  const httpOutcomes = ['timeout', 'refused', 'reset', 'tls', 'too-many-redirects', 'bad-response', 'error'] as const;
  return [
    ...Object.values(exampleRounds()).map((e) => e.evidence),
    thinRound(),
    ...(['timeout', 'reset', 'bad-response', 'error', 'invalid-setting', 'unsupported'] as const).map((proxy) =>
      roundEvidence({ apps: appsWith({ slack: { proxy }, zoom: { proxy: 'connected' } }) }),
    ),
    // A proxy setting the checks cannot follow, and nothing answering direct: unknown says so first.
    ...(['invalid-setting', 'unsupported'] as const).map((proxy) =>
      roundEvidence({
        apps: everydayApps().map((a) => ({ ...a, proxy, tcp: 'refused' as const })),
        controls: [{ id: 'c', proxy, tcp: 'refused' }],
      }),
    ),
    roundEvidence({
      apps: appsWith({}),
      vpn: vpnInfo({ addresses: [] }),
      families: { ipv4: false, ipv6: true, nat64Prefix: null },
      changedDuringRound: true,
    }),
    ...outcomes.map((tcp) => roundEvidence({ apps: appsWith({ slack: { tcp } }) })),
    ...tlsOutcomes.map((tls) => roundEvidence({ apps: appsWith({ slack: { tls } }) })),
    ...httpOutcomes.map((http) => roundEvidence({ apps: appsWith({ slack: { http } }) })),
    ...(['timeout', 'servfail', 'refused', 'nxdomain', 'malformed', 'error'] as const).map((o) =>
      roundEvidence({ apps: appsWith({ slack: { http: 500 } }), resolverOutcomes: { '127.0.0.53': o } }),
    ),
    roundEvidence({ apps: appsWith({ reddit: { dns: { '127.0.0.53': 'nxdomain' } } }) }),
    roundEvidence({ apps: appsWith({ zoom: { dns: { Quad9: 'timeout' } } }) }),
    roundEvidence({ apps: appsWith({ reddit: { latencyMs: 2000 } }), controls: [{ id: 'c', latencyMs: 2000 }] }),
    roundEvidence({ apps: appsWith({ zoom: { dnsLatencyMs: 2000 }, alexa: { dnsLatencyMs: 2000 } }) }),
    roundEvidence({
      apps: [app('zoom', { provider: 'aws', http: 503 })],
      canaries: [app('s3', { provider: 'aws', dns: 'servfail' })],
    }),
    roundEvidence({
      apps: [app('zoom')],
      canaries: [app('a', { provider: 'azure', http: 503 }), app('b', { provider: 'azure', http: 503 })],
    }),
    roundEvidence({
      apps: appsWith({}),
      resolverOutcomes: { Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
    }),
    roundEvidence({
      apps: appsWith({}),
      gateway: 'unreachable',
      resolverOutcomes: { '127.0.0.53': 'timeout', Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' },
    }),
    roundEvidence({ apps: appsWith({}), captive: 'intercepted', gateway: 'off' }),
    roundEvidence({
      apps: [app('zoom', { tcp: 'timeout' })],
      gateway: 'off',
      captive: 'off',
      controls: [{ id: 'c', tcp: 'timeout' }],
    }),
    roundEvidence({
      apps: [app('zoom', { tcp: 'timeout' })],
      gateway: 'off',
      captive: 'off',
      controls: [{ id: 'c', tcp: 'timeout' }],
      resolverOutcomes: ALL_PUBLIC_TIMEOUT,
    }),
    roundEvidence({
      apps: [app('zoom', { tcp: 'timeout' })],
      defaultRoute: false,
      controls: [{ id: 'c', tcp: 'timeout' }],
      resolverOutcomes: ALL_PUBLIC_TIMEOUT,
    }),
    roundEvidence({
      apps: [app('zoom', { tcp: 'timeout' })],
      gateway: gatewayProbe('reachable', { latencyMs: null }),
      controls: [{ id: 'c', tcp: 'timeout' }],
      resolverOutcomes: ALL_PUBLIC_TIMEOUT,
    }),
    roundEvidence({ resolverOutcomes: { '127.0.0.53': 'timeout' } }),
    roundEvidence({
      apps: appsWith({}),
      gateway: gatewayProbe('unknown', { address: '198.18.0.1', blockedBy: 'macos-local-network' }),
    }),
    macosPrivacyRound({ blocked: true }),
    roundEvidence({ apps: appsWith({}), controls: [{ id: 'c', latencyMs: 2000 }] }),
    roundEvidence({
      apps: appsWith({}).map((a) => ({ ...a, dnsLatencyMs: 2000 })),
      controls: [{ id: 'c', dnsLatencyMs: 2000 }],
    }),
    roundEvidence({ apps: appsWith({}), captive: captiveProbe('intercepted', { status: 200, location: null }) }),
    roundEvidence({ apps: appsWith({ zoom: { http: 503 }, alexa: { http: 503 } }) }),
    roundEvidence({
      apps: [
        app('zoom', { url: 'https://zoom.example/', tcp: 'refused' }),
        app('slack', { url: 'https://slack.example/', tcp: 'refused' }),
      ],
      captive: 'off',
      controls: [{ id: 'c', url: 'http://c.example/' }],
    }),
    roundEvidence({
      apps: [
        app('zoom', { url: 'http://zoom.example/', tcp: 'refused' }),
        app('slack', { url: 'http://slack.example/', tcp: 'refused' }),
      ],
      captive: 'off',
    }),
    roundEvidence({
      resolvers: [resolverRef('192.0.2.53', '198.18.0.53', 'system'), SYSTEM_RESOLVER, ...PUBLIC_RESOLVERS],
      apps: appsWith({}),
      resolverOutcomes: { '127.0.0.53': 'timeout' },
    }),
    roundEvidence({
      apps: [app('zoom', { dns: 'timeout' })],
      controls: [{ id: 'c', url: 'https://198.18.0.5/' }],
      resolverOutcomes: { '127.0.0.53': 'timeout', ...ALL_PUBLIC_TIMEOUT },
    }),
    roundEvidence({
      apps: [app('zoom', { tcp: 'timeout' })],
      gateway: 'off',
      captive: 'off',
      controls: [{ id: 'c', tcp: 'timeout' }],
      resolverOutcomes: { Cloudflare: 'timeout' },
    }),
    roundEvidence({
      apps: [app('zoom', { tls: 'untrusted' }), app('slack', { tls: 'untrusted' })],
      controls: [{ id: 'c', tls: 'untrusted' }],
    }),
    noResults(),
    intermittent(),
    ...dnsRounds(),
  ];
}

/** The DNS judgement's sentences: blocks, shared failures, Extended DNS Errors of every code. */
function dnsRounds(): RoundEvidence[] {
  const system = '127.0.0.53';
  const ede = (code: number, text = '') => [{ code, text }];
  const everyName = (said: NonNullable<Parameters<typeof app>[1]>['dns']) =>
    roundEvidence({
      apps: appsWith({}).map((spec) => ({ ...spec, dns: said })),
      controls: ['c1', 'c2'].map((id) => ({ id, dns: said })),
    });
  const shared = { [system]: 'servfail', Cloudflare: 'servfail' } as const;
  const everyCode = [...Array.from({ length: 31 }, (_, code) => ({ code, text: '' })), { code: 4242, text: '' }];
  return [
    roundEvidence({
      apps: appsWith({
        slack: { dns: { [system]: { outcome: 'answer', addresses: ['10.10.10.10'] } }, tls: 'untrusted' },
      }),
    }),
    roundEvidence({ apps: [...appsWith({}), app('a', { dns: shared }), app('b', { dns: shared })] }),
    everyName({ [system]: { outcome: 'servfail', ede: ede(22) } }),
    everyName({ [system]: { outcome: 'refused', ede: ede(18) } }),
    roundEvidence({ apps: appsWith({ slack: { dns: { [system]: { outcome: 'servfail', ede: ede(22) } } } }) }),
    roundEvidence({ apps: appsWith({ slack: { dns: { [system]: { outcome: 'servfail', ede: ede(7) } } } }) }),
    roundEvidence({ apps: appsWith({ slack: { dns: { outcome: 'servfail', ede: ede(6, 'signature invalid') } } }) }),
    roundEvidence({ apps: appsWith({ slack: { dns: { [system]: { outcome: 'nxdomain', ede: ede(19) } } } }) }),
    roundEvidence({
      apps: appsWith({
        slack: {
          dns: {
            Quad9: { outcome: 'servfail', ede: everyCode },
            [system]: 'servfail',
            Cloudflare: 'servfail',
            Google: 'servfail',
          },
        },
      }),
    }),
  ];
}

function noResults(): RoundEvidence {
  const evidence = roundEvidence({ apps: [app('zoom')] });
  evidence.apps = evidence.apps.map((a) => ({ ...a, dns: [], tcp: [], tls: null, http: null, addressSource: null }));
  return evidence;
}

/** Two addresses tried, one connection failed: up, but intermittent. */
function intermittent(): RoundEvidence {
  const evidence = roundEvidence({ apps: [app('zoom'), app('slack')] });
  const zoom = evidence.apps[0]!;
  const connected = zoom.tcp[0]!;
  evidence.apps[0] = {
    ...zoom,
    tcp: [{ ...connected, address: '198.18.20.99', outcome: 'timeout', latencyMs: 3000 }, connected],
  };
  return evidence;
}

function recording(language: 'en' | 'ar', used: Set<string>): Translate {
  const { t } = createTranslator(language);
  return (key, params) => {
    used.add(key);
    return t(key, params);
  };
}

test('en and ar diagnosis.json have identical key sets', () => {
  assert.deepEqual(leafKeys(ar as Tree).sort(), leafKeys(en as Tree).sort());
});

test('every key the code names literally exists in both locales', () => {
  const folder = import.meta.dirname;
  const literal = /'diagnosis:([a-zA-Z0-9.-]+)'/g;
  const template = /`diagnosis:([a-zA-Z0-9.-]+)\.\$\{/g;
  let count = 0;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(join(folder, file), 'utf8');
    for (const [, key] of source.matchAll(literal)) {
      count += 1;
      assert.equal(typeof lookup(en as Tree, key!), 'string', `en: ${key} (${file})`);
      assert.equal(typeof lookup(ar as Tree, key!), 'string', `ar: ${key} (${file})`);
    }
    for (const [, prefix] of source.matchAll(template)) {
      assert.equal(typeof lookup(en as Tree, prefix!), 'object', `en: ${prefix}.* (${file})`);
      assert.equal(typeof lookup(ar as Tree, prefix!), 'object', `ar: ${prefix}.* (${file})`);
    }
  }
  assert.ok(count > 60, `found ${count} literal keys`);
});

test('every key used over many rounds exists in both locales, and no sentence is left untranslated', () => {
  const used = new Set<string>();
  for (const language of ['en', 'ar'] as const) {
    const t = recording(language, used);
    const judged = [
      ...manyRounds().map((evidence) => ({ evidence, baseline: null })),
      ...Object.values(baselineRounds()),
    ];
    for (const { evidence, baseline } of judged) {
      const diagnosis = diagnose(evidence, t, baseline);
      for (const verdict of diagnosis.findings) {
        for (const sentence of [verdict.summary, ...verdict.evidence, ...verdict.advice]) {
          assert.doesNotMatch(sentence, /diagnosis:|\{\{|\}\}|undefined|null/, `${language}: ${sentence}`);
        }
      }
    }
  }
  for (const key of used) {
    const path = key.replace(/^diagnosis:/, '');
    assert.equal(typeof lookup(en as Tree, path), 'string', `en: ${key}`);
    assert.equal(typeof lookup(ar as Tree, path), 'string', `ar: ${key}`);
  }
  const reached = new Set([...used].map((k) => k.replace(/^diagnosis:/, '')));
  const unreached = leafKeys(en as Tree).filter((k) => !reached.has(k));
  assert.deepEqual(unreached, [], 'every sentence in the locale is reachable (no dead keys)');
});

test('the Arabic diagnosis is in Arabic: summary, evidence and advice', () => {
  const ar = createTranslator('ar').t;
  for (const [name, example] of Object.entries(exampleRounds())) {
    const verdict = diagnose(example.evidence, ar).verdict;
    assert.match(verdict.summary, /[\u0600-\u06FF]/, `${name} summary: ${verdict.summary}`);
    for (const sentence of [...verdict.evidence, ...verdict.advice])
      assert.match(sentence, /[\u0600-\u06FF]/, `${name}: ${sentence}`);
  }
  const aws = diagnose(exampleRounds().providerOutage!.evidence, ar).verdict;
  // Latin names are isolated (U+2068 ... U+2069): "AWS us-east-1" stays whole and in order inside the Arabic.
  assert.equal(
    aws.summary,
    'اتصالك بالإنترنت سليم. \u2068AWS us-east-1\u2069 يعاني من عطل: \u2068Zoom\u2069 و\u2068Alexa\u2069 و\u2068Prime Video\u2069.',
  );
});
