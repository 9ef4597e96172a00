// Every row of the tie-break table at the top of dns-judgement.ts, on literal
// rounds: the system resolver 127.0.0.53 and three public resolvers
// (Cloudflare, Google, Quad9), the everyday apps healthy unless changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DnsExtendedError, DnsOutcome } from '../contracts/probe-results';
import {
  app,
  PUBLIC_RESOLVERS,
  roundEvidence,
  type DnsAnswerSpec,
  type EvidenceSpec,
  type TargetSpec,
} from './evidence-builders';
import { everydayApps } from './example-rounds';
import type { NameJudgement } from './dns-judgement';
import { buildRoundView, judgementOf } from './round-view';

const SYSTEM = '127.0.0.53';
const ede = (code: number, text = ''): DnsExtendedError[] => [{ code, text }];
type Said = DnsOutcome | DnsAnswerSpec;

/** The judgement of app `x` whose name each resolver answers as given (unnamed resolvers answer). */
function judge(said: Record<string, Said>, spec: Partial<EvidenceSpec> = {}, extra: Omit<TargetSpec, 'id'> = {}) {
  const evidence = roundEvidence({ apps: [...everydayApps(), app('x', { dns: said, ...extra })], ...spec });
  const view = buildRoundView(evidence);
  const target = view.apps.find((a) => a.probe.id === 'x');
  assert.ok(target);
  return judgementOf(view, target);
}

const row = (judgement: NameJudgement) => `${judgement.verdict}/${judgement.reason}`;

test('row 1: the system resolver answers: fine, whatever the public ones say', () => {
  assert.equal(row(judge({})), 'fine/answered');
  assert.equal(row(judge({ Cloudflare: 'servfail', Google: 'timeout' })), 'fine/answered');
  // Split DNS: a private address at the system resolver that can be reached is the person's answer.
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'answer', addresses: ['10.20.0.5'] } })), 'fine/answered');
});

test('row 1b: no system resolver result (none asked, or macOS kept the probe from it) and a public answer: fine', () => {
  const publicOnly = { resolvers: PUBLIC_RESOLVERS };
  assert.equal(row(judge({}, publicOnly)), 'fine/answered');
  assert.equal(row(judge({ Cloudflare: 'servfail' }, publicOnly)), 'fine/answered', 'one public answer is enough');
  assert.notEqual(
    row(judge({ Cloudflare: 'servfail', Google: 'servfail', Quad9: 'servfail' }, publicOnly)),
    'fine/answered',
  );
});

test('row 2: refused by policy EDE, or a filter address, while a public resolver answers: blocked', () => {
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'refused', ede: ede(15) } })), 'blocked/filtered');
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'nxdomain', ede: ede(17, 'Filtered') } })), 'blocked/filtered');
  assert.equal(
    row(judge({ [SYSTEM]: { outcome: 'answer', addresses: ['0.0.0.0'], ede: ede(16) } })),
    'blocked/filtered',
  );
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'answer', addresses: ['0.0.0.0'] } })), 'blocked/filtered');
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'answer', addresses: ['::'] } })), 'blocked/filtered');
  // A private block-page address counts once connecting to it failed.
  const blockPage = { [SYSTEM]: { outcome: 'answer', addresses: ['192.168.1.2'] } } as const;
  assert.equal(row(judge(blockPage, {}, { tls: 'wrong-host' })), 'blocked/filtered');
  assert.equal(row(judge(blockPage)), 'fine/answered', 'reachable there: split DNS, not a block');
});

test('row 2 -> 3: a resolver that "blocks" every name answers nothing else: it is broken, not filtering', () => {
  const judgement = judge({}, { resolverOutcomes: { [SYSTEM]: 'refused' } }, {});
  assert.equal(judgement.verdict, 'local');
  const everything = roundEvidence({
    apps: everydayApps().map((spec) => ({ ...spec, dns: { [SYSTEM]: { outcome: 'refused', ede: ede(18) } } })),
    controls: [
      { id: 'c1', dns: { [SYSTEM]: { outcome: 'refused', ede: ede(18) } } },
      { id: 'c2', dns: { [SYSTEM]: { outcome: 'refused', ede: ede(18) } } },
    ],
  });
  const view = buildRoundView(everything);
  assert.deepEqual([...new Set(view.apps.map((a) => row(judgementOf(view, a))))], ['local/resolver-wide']);
});

test('row 3: the system resolver fails most names (EDE 22 included) while public ones answer: local', () => {
  const allFail = { resolverOutcomes: { [SYSTEM]: 'servfail' as const } };
  assert.equal(row(judge({}, allFail)), 'local/resolver-wide');
  const cutOff = roundEvidence({
    apps: [...everydayApps(), app('x')].map((spec) => ({
      ...spec,
      dns: { [SYSTEM]: { outcome: 'servfail', ede: ede(22, 'no reachable authority') } },
    })),
    controls: ['c1', 'c2'].map((id) => ({ id, dns: { [SYSTEM]: { outcome: 'servfail', ede: ede(22) } } })),
  });
  const view = buildRoundView(cutOff);
  assert.equal(row(judgementOf(view, view.apps.at(-1)!)), 'local/resolver-wide', "its own uplink, not every zone's");
});

test('row 4: a healthy public resolver fails it too: upstream, never local (the DNSSEC-broken zone)', () => {
  const judgement = judge({ [SYSTEM]: 'servfail', Cloudflare: 'servfail', Google: 'servfail' });
  assert.equal(row(judgement), 'upstream/shared');
  assert.deepEqual(
    judgement.failedAt.map((r) => r.resolver.name),
    [SYSTEM, 'Cloudflare', 'Google'],
  );
  assert.deepEqual(
    judgement.answeredAt.map((r) => r.resolver.name),
    ['Quad9'],
  );
  assert.equal(row(judge({ [SYSTEM]: 'nxdomain', Quad9: 'timeout' })), 'upstream/shared');
  // Even when the system resolver fails most names, a name public resolvers fail too is the zone's.
  assert.equal(
    row(judge({ [SYSTEM]: 'servfail', Google: 'servfail' }, { resolverOutcomes: { [SYSTEM]: 'servfail' } })),
    'upstream/shared',
  );
});

test('row 4 needs a healthy resolver: a public one failing everything, or filtering the name, proves nothing', () => {
  const publicDown = { resolverOutcomes: { Quad9: 'timeout' as const } };
  assert.equal(row(judge({ [SYSTEM]: 'servfail' }, publicDown)), 'local/system-only');
  assert.equal(row(judge({ [SYSTEM]: 'servfail', Quad9: { outcome: 'nxdomain', ede: ede(17) } })), 'local/system-only');
});

test('row 5: EDE 22/23 at the system resolver for one name while it answers others: the zone is unreachable', () => {
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'servfail', ede: ede(22) } })), 'upstream/unreachable');
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'servfail', ede: ede(23) } })), 'upstream/unreachable');
});

test('row 6: a stale NXDOMAIN (EDE 19) at the system resolver: the authority is failing', () => {
  assert.equal(row(judge({ [SYSTEM]: { outcome: 'nxdomain', ede: ede(19) } })), 'upstream/stale');
});

test('row 7: the system resolver alone fails it, with a DNSSEC EDE or none: local, the EDE points at its clock', () => {
  assert.equal(row(judge({ [SYSTEM]: 'servfail' })), 'local/system-only');
  const signatures = judge({ [SYSTEM]: { outcome: 'servfail', ede: ede(7, 'signature expired') } });
  assert.equal(row(signatures), 'local/system-only');
  assert.equal(signatures.systemDnssec, true);
});

test('row 8: no resolver answers it and a healthy one fails it, or an EDE says why: upstream', () => {
  assert.equal(
    row(judge({ [SYSTEM]: 'servfail', Cloudflare: 'servfail', Google: 'servfail', Quad9: 'servfail' })),
    'upstream/everywhere',
  );
  assert.equal(
    row(judge({ [SYSTEM]: 'nodata', Cloudflare: 'nodata', Google: 'nodata', Quad9: 'nodata' })),
    'upstream/everywhere',
  );
});

test('row 9: no resolver answers anything and no EDE: unjudged (the ISP-down look)', () => {
  const nothing = {
    resolverOutcomes: { [SYSTEM]: 'timeout', Cloudflare: 'timeout', Google: 'timeout', Quad9: 'timeout' } as const,
  };
  assert.equal(row(judge({}, nothing)), 'unjudged/no-comparison');
  const bogusEverywhere = Object.fromEntries(
    [SYSTEM, 'Cloudflare', 'Google', 'Quad9'].map((name) => [name, { outcome: 'servfail', ede: ede(6) } as const]),
  );
  assert.equal(row(judge(bogusEverywhere, nothing)), 'upstream/everywhere', 'row 8: the EDE says the zone is broken');
});

test('a literal address has no name to judge', () => {
  assert.equal(row(judge({}, {}, { url: 'https://198.18.9.10/' })), 'fine/answered');
});

const NOT_PUBLIC = { Cloudflare: 'nxdomain', Google: 'nxdomain', Quad9: 'nxdomain' } as const;

test('row 0a: an internal name the system resolver answers: fine, a private address no block, public NXDOMAIN no lie', () => {
  const intranet = { [SYSTEM]: { outcome: 'answer', addresses: ['10.20.0.5'] }, ...NOT_PUBLIC } as const;
  assert.equal(row(judge(intranet, {}, { internal: 'config' })), 'fine/internal');
  // Learned in the look: the public resolvers all say NXDOMAIN while the system resolver answers.
  assert.equal(row(judge(intranet)), 'fine/internal');
  assert.equal(row(judge(intranet, {}, { internal: 'learned', tls: 'wrong-host' })), 'fine/internal', 'not blocked');
});

test('row 0b: an internal name while the system resolver fails most names: local (row 3, by the other names)', () => {
  const allFail = { resolverOutcomes: { [SYSTEM]: 'servfail' as const } };
  assert.equal(
    row(judge({ [SYSTEM]: 'servfail', ...NOT_PUBLIC }, allFail, { internal: 'config' })),
    'local/resolver-wide',
  );
  assert.equal(
    row(judge({ [SYSTEM]: 'timeout', ...NOT_PUBLIC }, allFail, { internal: 'learned' })),
    'local/resolver-wide',
  );
});

test('row 0c: an internal name the system resolver fails while it answers others: upstream, its own DNS', () => {
  for (const failed of ['servfail', 'timeout', 'nxdomain'] as const) {
    const judgement = judge({ [SYSTEM]: failed, ...NOT_PUBLIC }, {}, { internal: 'learned' });
    assert.equal(row(judgement), 'upstream/internal-failing', failed);
    assert.deepEqual(
      judgement.failedAt.map((r) => r.resolver.role),
      ['system'],
      "the public resolvers' NXDOMAIN counts against none",
    );
  }
  // Without knowing it is internal, the same look is row 8: failed everywhere.
  assert.equal(row(judge({ [SYSTEM]: 'servfail', ...NOT_PUBLIC })), 'upstream/everywhere');
});
