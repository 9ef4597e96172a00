// The diagnosis a test's scripted judge gives for a round: its verdict first,
// the app reports it names, and the local picture as the round saw it (its
// interfaces, gateway, captive check and VPN; no resolvers, address families
// or proxies).
import type { AppReport, Diagnosis, Verdict } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';

export function scriptedDiagnosis(evidence: RoundEvidence, verdict: Verdict, apps: AppReport[]): Diagnosis {
  return {
    schema: 1,
    at: evidence.at,
    verdict,
    findings: [verdict],
    local: {
      interfaces: evidence.local.interfaces,
      gateway: evidence.local.gateway,
      resolvers: [],
      captivePortal: evidence.captivePortal,
      vpn: evidence.local.vpn ?? null,
      families: { ipv4: null, ipv6: null, nat64Prefix: null },
      proxies: [],
    },
    apps,
  };
}
