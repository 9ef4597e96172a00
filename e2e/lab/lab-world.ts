// What the lab's "internet" serves: sites (apps, controls, the captive check)
// with their DNS names and how each answers. A scenario changes this state;
// the internet namespace's process applies it with the testkit's fake DNS and
// HTTP(S) servers.
import type { FakeHttpBehaviour, FakeHttpTraffic } from '../../electron/testkit/fake-http-server';

/**
 * How a name answers at every public resolver (and so, through the router, at the system one).
 * `stale`: it still answers, with EDE 3 Stale Answer, as resolvers serve it from their cache
 * past expiry while its DNS servers fail (RFC 8767 serve-stale).
 */
export type DnsFailure = 'servfail' | 'nxdomain' | 'nodata' | 'timeout' | 'stale';

export interface SiteDns {
  failure: DnsFailure;
  /**
   * `target`: only the address lookup fails; the site's own CNAME still answers
   * (a provider's endpoint is broken). `all`: every name of the site fails
   * (its authoritative servers are gone).
   */
  scope: 'target' | 'all';
  /**
   * Public resolvers (by address) that still answer the name, as a
   * non-validating resolver still serves a zone whose DNSSEC broke.
   */
  answeredBy?: string[];
}

export interface LabSite {
  /** The app or control id this site stands for (for messages). */
  id: string;
  hostname: string;
  /** CNAME hops after the hostname, in order; the last one holds the address. */
  cnameChain: string[];
  /** One address per site, inside 198.19.0.0/16. */
  address: string;
  /** An IPv6 address (2001:2::/48) published as AAAA beside it, for dual-stack scenarios. */
  address6?: string;
  dns: SiteDns | null;
  /** How its HTTP and HTTPS servers answer. */
  http: FakeHttpBehaviour;
}

export interface SiteCertificate {
  hostname: string;
  certPem: string;
  keyPem: string;
}

export type InternetCommand =
  | {
      sites: LabSite[];
      /** Certificates the HTTPS server presents, chosen by SNI. */
      certificates?: SiteCertificate[];
    }
  /** `read`: what every server received since the start or the last `reset` (an InternetTraffic). */
  | { traffic: 'read' | 'reset' };

/** What the lab's internet received: the benchmarks' load counts. */
export interface InternetTraffic {
  /** Each site's port-80 and port-443 servers, by the site's hostname. */
  sites: Record<string, { http: FakeHttpTraffic; https: FakeHttpTraffic }>;
  resolvers: {
    address: string;
    /** Queries by the client's address, then by "name type" ("app.lab.test A"). */
    queries: Record<string, Record<string, number>>;
  }[];
}

export const OK_HTTP: FakeHttpBehaviour = {
  kind: 'respond',
  status: 200,
  headers: { 'content-type': 'text/plain' },
  body: 'ok',
};

export function site(
  id: string,
  hostname: string,
  address: string,
  options: Partial<Omit<LabSite, 'id' | 'hostname' | 'address'>> = {},
): LabSite {
  return {
    id,
    hostname,
    address,
    cnameChain: options.cnameChain ?? [],
    dns: options.dns ?? null,
    http: options.http ?? OK_HTTP,
  };
}
