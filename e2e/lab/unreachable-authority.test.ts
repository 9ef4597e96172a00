// A zone whose servers still run but that no resolver can reach, against real
// Unbound (1.17.1 in Debian 12, `ede: yes`): the case RFC 8914 names Extended
// DNS Errors 22 (No Reachable Authority) and 23 (Network Error) for, which the
// engine reads as "the zone's servers are unreachable" (dns-errors.ts,
// dns-judgement.ts rows 5 and 8). Unbound does not send either: a zone it
// cannot reach (packets dropped, or ICMP "no route" back, as when the prefix
// of a zone's servers is withdrawn) is a SERVFAIL with no EDE at all, fresh or
// from its cache, validating or not; so is a resolver whose own uplink drops
// DNS (real-resolvers.test.ts). These scenarios hold exactly that, and that the
// engine still judges the zone upstream from the comparison alone, without a
// DNSSEC story or an "unreachable" sentence it has no evidence for. (The
// engine's use of 22/23 is tested against the fake DNS server, which sends
// them as 1.1.1.1 does.)
import assert from 'node:assert/strict';
import { describe, type TestContext } from 'node:test';
import type { CheckRun } from './lab';
import { assertVerdict, describeRun } from './lab-assert';
import { BYSTANDER_APPS, BYSTANDER_SITES } from './lab-sites';
import { site } from './lab-world';
import { after, CACHE_EXPIRY_MS, daemonSkipReason, dnsResultsOf, realResolverHarness, zone } from './real-resolver-kit';

/** Every resolver failed every query about the app with SERVFAIL, and none gave an Extended DNS Error. */
function assertServfailWithoutEde(run: CheckRun, id: string): void {
  const results = dnsResultsOf(run, id);
  assert.equal(results.length, 4, `the system resolver and three public ones\n${describeRun(run)}`);
  for (const result of results) {
    assert.ok(result.queries.length >= 2, `${result.resolver.name} was asked A and AAAA`);
    for (const query of result.queries) {
      assert.equal(query.rcode, 'SERVFAIL', `${result.resolver.name} ${query.recordType}\n${describeRun(run)}`);
      assert.deepEqual(query.ede, [], `${result.resolver.name} ${query.recordType}: Unbound 1.17.1 sends no EDE here`);
    }
    assert.deepEqual(result.ede, []);
  }
}

/** The verdict says the names fail everywhere; it claims neither unreachable servers nor broken signatures. */
function assertJudgedByComparison(run: CheckRun, hostnames: string[]): void {
  const { summary, evidence } = run.diagnosis.verdict;
  assert.doesNotMatch(summary, /cannot be reached|DNSSEC|signatures/, describeRun(run));
  for (const hostname of hostnames) {
    assert.ok(
      evidence.some((line) => line.includes(`the name ${hostname} failed at every resolver (SERVFAIL)`)),
      `${hostname}\n${describeRun(run)}`,
    );
  }
  assert.ok(!evidence.some((line) => /Extended DNS Error/.test(line)), describeRun(run));
  assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
}

describe('network lab: an unreachable authority at real Unbound', { skip: daemonSkipReason() }, () => {
  const { lab, world, startWorld, check, scenario } = realResolverHarness();

  async function healthyFirst(t: TestContext, apps: Parameters<typeof check>[1], ids: string[]): Promise<void> {
    assertVerdict(await check(t, apps, ids), { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
  }

  scenario(
    "a signed zone's servers go silent (packets dropped): every Unbound SERVFAILs with no EDE, validators no DNSSEC one: upstream by comparison",
    async (t) => {
      const quiet = [site('quiet', 'www.quiet.test', '198.19.25.10')];
      await lab().setSites([...BYSTANDER_SITES, ...quiet]);
      await startWorld([{ address: '198.18.3.18', zones: [zone('quiet.test', quiet, { signing: 'valid' })] }]);
      const apps = [{ id: 'quiet', name: 'Quiet', url: 'https://www.quiet.test/' }, ...BYSTANDER_APPS];
      await healthyFirst(t, apps, ['quiet']);
      await world().cutAuthority('198.18.3.18', 'drop');
      await after(CACHE_EXPIRY_MS);
      // The first look meets fresh failures, the second Unbound's cached SERVFAIL: the same answer both times.
      for (const look of ['first', 'second']) {
        const run = await check(t, apps, ['quiet']);
        assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'dns', provider: null, apps: ['quiet'] });
        assertServfailWithoutEde(run, 'quiet');
        assertJudgedByComparison(run, ['www.quiet.test']);
        assert.match(run.diagnosis.verdict.summary, /Quiet's name does not resolve at any resolver/, look);
      }
    },
  );

  scenario(
    "two zones' servers lose their route (ICMP no route, as Facebook's on 4 Oct 2021): SERVFAIL with no EDE: one upstream verdict naming both apps",
    async (t) => {
      const social = [
        site('social', 'www.social.test', '198.19.26.10'),
        site('photos', 'www.photos.test', '198.19.26.11'),
      ];
      await lab().setSites([...BYSTANDER_SITES, ...social]);
      // One company's authority serves both zones, as a.ns.facebook.com served facebook.com and instagram.com.
      await startWorld([{ address: '198.18.3.19', zones: [zone('social.test', social), zone('photos.test', social)] }]);
      const apps = [
        { id: 'social', name: 'Social', url: 'https://www.social.test/' },
        { id: 'photos', name: 'Photos', url: 'https://www.photos.test/' },
        ...BYSTANDER_APPS,
      ];
      const ids = ['social', 'photos'];
      await healthyFirst(t, apps, ids);
      await world().cutAuthority('198.18.3.19', 'no-route');
      await after(CACHE_EXPIRY_MS);
      const run = await check(t, apps, ids);
      assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'dns', provider: null, apps: ids });
      for (const id of ids) assertServfailWithoutEde(run, id);
      assertJudgedByComparison(run, ['www.social.test', 'www.photos.test']);
      for (const name of ['Social', 'Photos'])
        assert.ok(run.diagnosis.verdict.summary.includes(name), describeRun(run));
    },
  );
});
