// One target's probe record as a round returns it, for tests that script
// rounds: placed on AWS us-east-1 by a CNAME, answering HTTP 200 in 5 ms when
// up, and with no HTTP answer at all when down.
import type { TargetProbe } from '../contracts/probe-results';

export function targetProbe(id: string, up: boolean): TargetProbe {
  return {
    id,
    name: id.toUpperCase(),
    url: `https://${id}.test/`,
    hostname: `${id}.test`,
    port: 443,
    dns: [],
    addressSource: 'system',
    tcp: [],
    tls: null,
    http: up
      ? {
          kind: 'http',
          url: '',
          finalUrl: '',
          address: '127.0.0.1',
          outcome: 'response',
          status: 200,
          latencyMs: 5,
          redirects: [],
          headers: {},
          bodySnippet: '',
          bytesRead: 0,
        }
      : null,
    provider: 'aws',
    region: 'us-east-1',
    providerSource: 'cname',
  };
}
