// Runs inside the internet namespace: the public resolvers and every site's
// HTTP and HTTPS server, all the testkit's real fakes, each on its own lab
// address. The test replaces the sites between scenarios.
import { startFakeDns, type FakeDnsEntry, type FakeDnsServer } from '../../electron/testkit/fake-dns/index';
import { startFakeHttp, type FakeHttpHandle } from '../../electron/testkit/fake-http-server';
import { PUBLIC_RESOLVERS } from './lab-addresses';
import type { InternetCommand, InternetTraffic, LabSite, SiteCertificate, SiteDns } from './lab-world';
import { serveCommands } from './namespace-process';

function failureEntry(dns: SiteDns): FakeDnsEntry {
  switch (dns.failure) {
    case 'servfail':
      return { rcode: 'SERVFAIL' };
    case 'nxdomain':
      return { rcode: 'NXDOMAIN' };
    case 'nodata':
      return { rcode: 'NOERROR' };
    case 'timeout':
      return { drop: true };
    case 'stale':
      return { ede: [{ code: 3, text: 'served from cache: the authority does not answer' }] };
  }
}

/**
 * Every name of every site as one resolver serves it: hostname -> CNAME hops ->
 * the address, with the site's DNS failure placed where it bites (unless this
 * resolver is one that still answers it).
 */
export function zoneOf(sites: LabSite[], resolverAddress: string): Record<string, FakeDnsEntry> {
  const zone: Record<string, FakeDnsEntry> = {};
  for (const site of sites) {
    const chain = [site.hostname, ...site.cnameChain];
    chain.forEach((name, index) => {
      const next = chain[index + 1];
      const addresses: FakeDnsEntry = site.address6
        ? { A: [site.address], AAAA: [site.address6] }
        : { A: [site.address] };
      const records: FakeDnsEntry = next === undefined ? addresses : { CNAME: next };
      const failing =
        site.dns !== null &&
        !site.dns.answeredBy?.includes(resolverAddress) &&
        (site.dns.scope === 'all' || next === undefined);
      zone[name] = failing && site.dns ? { ...records, ...failureEntry(site.dns) } : records;
    });
  }
  return zone;
}

interface SiteServers {
  key: string;
  http: FakeHttpHandle;
  https: FakeHttpHandle;
}

const resolvers: FakeDnsServer[] = [];
const servers = new Map<string, SiteServers>();
const certificates = new Map<string, SiteCertificate>();

async function startSiteServers(site: LabSite, key: string): Promise<SiteServers> {
  const certificate = certificates.get(site.hostname);
  if (!certificate) throw new Error(`no certificate for ${site.hostname}`);
  const http = await startFakeHttp({ host: site.address, port: 80 });
  const https = await startFakeHttp({ host: site.address, port: 443, tls: certificate });
  return { key, http, https };
}

async function applySites(sites: LabSite[]): Promise<void> {
  for (const resolver of resolvers) resolver.setZone(zoneOf(sites, resolver.address));
  const wanted = new Map(sites.map((site) => [site.address, site]));
  for (const [address, running] of servers) {
    const site = wanted.get(address);
    if (site && running.key === site.hostname) continue;
    await Promise.all([running.http.close(), running.https.close()]);
    servers.delete(address);
  }
  for (const site of sites) {
    let running = servers.get(site.address);
    if (!running) {
      running = await startSiteServers(site, site.hostname);
      servers.set(site.address, running);
    }
    running.http.setDefault(site.http);
    running.https.setDefault(site.http);
  }
}

for (const resolver of PUBLIC_RESOLVERS) {
  resolvers.push(await startFakeDns({ host: resolver.address, port: 53 }));
}
function readTraffic(): InternetTraffic {
  const traffic: InternetTraffic = { sites: {}, resolvers: [] };
  for (const running of servers.values())
    traffic.sites[running.key] = { http: running.http.traffic(), https: running.https.traffic() };
  for (const resolver of resolvers) {
    const queries: Record<string, Record<string, number>> = {};
    for (const query of resolver.queries) {
      const bySource = (queries[query.from] ??= {});
      const key = `${query.name} ${query.type}`;
      bySource[key] = (bySource[key] ?? 0) + 1;
    }
    traffic.resolvers.push({ address: resolver.address, queries });
  }
  return traffic;
}

function resetTraffic(): void {
  for (const running of servers.values()) {
    running.http.resetTraffic();
    running.https.resetTraffic();
  }
  for (const resolver of resolvers) resolver.clearQueries();
}

serveCommands<InternetCommand>(async (command) => {
  if ('traffic' in command) {
    if (command.traffic === 'read') return readTraffic();
    resetTraffic();
    return undefined;
  }
  for (const certificate of command.certificates ?? []) certificates.set(certificate.hostname, certificate);
  await applySites(command.sites);
  return undefined;
});
