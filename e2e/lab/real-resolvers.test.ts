// The DNS verdicts against real resolver software (dns-daemons.ts): NSD as the
// root and the zones' authorities, Unbound as the router's resolver and as
// three public resolvers (two validating DNSSEC, one not). Each scenario
// breaks DNS the way it breaks for real and asserts what the real
// `check --json` says; what the resolvers answered (rcode, EDE) goes into the
// test's diagnostics. Sites still answer HTTP(S) from the internet process.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { DnsResult } from '../../electron/contracts/probe-results';
import { assertVerdict, describeRun } from './lab-assert';
import { routerDnsCutOff } from './lab-faults';
import {
  BYSTANDER_APPS,
  BYSTANDER_SITES,
  DYNAMODB_US_EAST_1,
  INDEPENDENT_APPS,
  US_EAST_1_OUTAGE_VERDICT,
  usEast1ElbErrorSites,
} from './lab-sites';
import { site } from './lab-world';
import {
  after,
  CACHE_EXPIRY_MS,
  daemonSkipReason,
  dnsResultsOf,
  RESOLVERS,
  realResolverHarness,
  zone,
} from './real-resolver-kit';

describe('network lab: real resolvers (Unbound, NSD)', { skip: daemonSkipReason() }, () => {
  const { lab, world, startWorld, check, scenario } = realResolverHarness();

  scenario(
    'an authority goes dark: after the cache expires every resolver fails its three names: one upstream verdict naming each',
    async (t) => {
      const acme = [
        site('acme-web', 'www.acme-corp.test', '198.19.20.10'),
        site('acme-api', 'api.acme-corp.test', '198.19.20.11'),
        site('acme-cdn', 'cdn.acme-corp.test', '198.19.20.12'),
      ];
      await lab().setSites([...BYSTANDER_SITES, ...acme]);
      await startWorld([{ address: '198.18.3.12', zones: [zone('acme-corp.test', acme)] }]);
      const apps = [
        { id: 'acme-web', name: 'Acme', url: 'https://www.acme-corp.test/' },
        { id: 'acme-api', name: 'Acme API', url: 'https://api.acme-corp.test/' },
        { id: 'acme-cdn', name: 'Acme CDN', url: 'https://cdn.acme-corp.test/' },
        ...BYSTANDER_APPS,
      ];
      const ids = acme.map((s) => s.id);
      assertVerdict(await check(t, apps, ids), { scope: 'none', kind: 'ok', layer: null, provider: null, apps: [] });
      await world().stopAuthority('198.18.3.12');
      await after(CACHE_EXPIRY_MS);
      // The first look after the outage may meet resolvers still waiting on the dead servers; the second sees their SERVFAIL.
      for (const look of ['first', 'second']) {
        const run = await check(t, apps, ids);
        assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'dns', provider: null, apps: ids });
        for (const name of ['Acme', 'Acme API', 'Acme CDN']) {
          assert.ok(run.diagnosis.verdict.summary.includes(name), `${look}: ${describeRun(run)}`);
        }
        assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
      }
    },
  );

  scenario(
    'a signed zone whose signatures expire: validating resolvers SERVFAIL (EDE 7), the non-validating one answers: upstream, never dns-local',
    async (t) => {
      const shop = [site('shop', 'www.shop.test', '198.19.21.10')];
      await lab().setSites([...BYSTANDER_SITES, ...shop]);
      await startWorld([{ address: '198.18.3.13', zones: [zone('shop.test', shop, { signing: 'valid' })] }]);
      const apps = [{ id: 'shop', name: 'Shop', url: 'https://www.shop.test/' }, ...BYSTANDER_APPS];
      assertVerdict(await check(t, apps, ['shop']), {
        scope: 'none',
        kind: 'ok',
        layer: null,
        provider: null,
        apps: [],
      });
      await world().resign('shop.test', 'expired');
      await after(CACHE_EXPIRY_MS);
      const run = await check(t, apps, ['shop']);
      assertVerdict(run, { scope: 'upstream', kind: 'app-outage', layer: 'dns', provider: null, apps: ['shop'] });
      assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
      const dns = run.diagnosis.apps
        .find((a) => a.id === 'shop')
        ?.probes.filter((p): p is DnsResult => p.kind === 'dns');
      const system = dns?.find((r) => r.resolver.role === 'system');
      assert.ok(
        system?.ede.some((e) => e.code === 7),
        `the router's Unbound says Signature Expired\n${describeRun(run)}`,
      );
      assert.ok(dns?.find((r) => r.resolver.name === 'Lab Unbound C')?.addresses.includes('198.19.21.10'));
      assert.ok(
        run.diagnosis.verdict.evidence.some((e) => /signatures have expired/.test(e)),
        describeRun(run),
      );
    },
  );

  scenario(
    "DynamoDB's record emptied (NODATA) while AWS apps answer 503: one AWS us-east-1 outage that includes the endpoint",
    async (t) => {
      // A zone's apex cannot be a CNAME: the apps' web hosts are names under it.
      const aws = usEast1ElbErrorSites(
        { hostname: 'app.slack.com', address: '198.19.22.10' },
        { hostname: 'account.ring.com', address: '198.19.22.11' },
      );
      await lab().setSites([...BYSTANDER_SITES, ...aws]);
      await startWorld([
        {
          address: '198.18.3.14',
          // The name is there, its address record is not: NOERROR with no answer at every resolver.
          zones: [zone('amazonaws.com', aws, { records: ['dynamodb.us-east-1 IN TXT "emptied by the lab"'] })],
        },
        { address: '198.18.3.15', zones: [zone('slack.com', aws), zone('ring.com', aws)] },
      ]);
      const slack = { id: 'slack', name: 'Slack', url: 'https://app.slack.com/' };
      const ring = { id: 'ring', name: 'Ring', url: 'https://account.ring.com/' };
      const run = await check(t, [DYNAMODB_US_EAST_1, slack, ring, ...BYSTANDER_APPS], ['dynamodb', 'slack', 'ring']);
      assertVerdict(run, US_EAST_1_OUTAGE_VERDICT);
      assert.equal(run.diagnosis.apps.find((a) => a.id === 'dynamodb')?.status, 'down', describeRun(run));
    },
  );

  scenario(
    "the router's resolver is cut off from every authority while public resolvers work: dns-local",
    async (t) => {
      const wiki = INDEPENDENT_APPS.map((app) => app.site.id);
      await lab().setSites(BYSTANDER_SITES);
      await startWorld([]);
      await routerDnsCutOff(lab().names);
      const run = await check(t, BYSTANDER_APPS, wiki);
      assertVerdict(run, { scope: 'local', kind: 'dns-local', layer: 'dns', provider: null, apps: wiki });
      assert.ok(
        run.diagnosis.verdict.advice.some((a) => /public resolver/.test(a)),
        describeRun(run),
      );
      // Its own uplink drops DNS, the case of EDE 23 Network Error: Unbound 1.17.1 says SERVFAIL and nothing more.
      for (const result of dnsResultsOf(run, 'wiki').filter((r) => r.resolver.role === 'system')) {
        assert.deepEqual([...new Set(result.queries.map((q) => q.rcode))], ['SERVFAIL'], describeRun(run));
        assert.deepEqual(result.ede, [], describeRun(run));
      }
    },
  );

  scenario(
    'serve-stale during an authority outage: resolvers answer from cache (EDE 3): degraded, works for now from cache',
    async (t) => {
      const news = [site('newsroom', 'www.newsroom.test', '198.19.23.10')];
      await lab().setSites([...BYSTANDER_SITES, ...news]);
      const stale = RESOLVERS.map((resolver) => ({ ...resolver, serveExpired: true }));
      await startWorld([{ address: '198.18.3.16', zones: [zone('newsroom.test', news)] }], stale);
      const apps = [{ id: 'newsroom', name: 'Newsroom', url: 'https://www.newsroom.test/' }, ...BYSTANDER_APPS];
      assertVerdict(await check(t, apps, ['newsroom']), {
        scope: 'none',
        kind: 'ok',
        layer: null,
        provider: null,
        apps: [],
      });
      await world().stopAuthority('198.18.3.16');
      await after(CACHE_EXPIRY_MS);
      const run = await check(t, apps, ['newsroom']);
      assertVerdict(run, { scope: 'upstream', kind: 'degraded', layer: 'dns', provider: null, apps: ['newsroom'] });
      assert.match(run.diagnosis.verdict.summary, /Working for now from cache: Newsroom/, describeRun(run));
      assert.equal(run.diagnosis.apps.find((a) => a.id === 'newsroom')?.status, 'degraded');
    },
  );

  scenario(
    "a filtering resolver (Unbound local-zone always_null) blocks one app: blocked, not the user's router nor the app",
    async (t) => {
      const games = [site('games', 'www.games.test', '198.19.24.10')];
      await lab().setSites([...BYSTANDER_SITES, ...games]);
      const filtering = RESOLVERS.map((resolver) =>
        resolver.where === 'router' ? { ...resolver, extra: ['local-zone: "games.test." always_null'] } : resolver,
      );
      await startWorld([{ address: '198.18.3.17', zones: [zone('games.test', games)] }], filtering);
      const apps = [{ id: 'games', name: 'Games', url: 'https://www.games.test/' }, ...BYSTANDER_APPS];
      const run = await check(t, apps, ['games']);
      assertVerdict(run, { scope: 'local', kind: 'blocked', layer: 'dns', provider: null, apps: ['games'] });
      const evidence = run.diagnosis.verdict.evidence.join('\n');
      assert.match(evidence, /answered www\.games\.test with 0\.0\.0\.0/, describeRun(run));
      assert.match(evidence, /Games answered: the app itself works/, describeRun(run));
      assert.equal(run.diagnosis.apps.find((a) => a.id === 'wiki')?.status, 'up');
    },
  );
});
