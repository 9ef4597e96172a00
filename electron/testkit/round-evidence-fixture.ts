// A round that saw nothing: no interfaces, no resolvers, no apps, gateway and
// captive check off. Engine tests script their verdicts around it, so the
// evidence itself must not matter.
import type { RoundEvidence } from '../contracts/probe-results';

export function quietRoundEvidence(): RoundEvidence {
  return {
    at: new Date().toISOString(),
    local: {
      interfaces: [],
      defaultRoute: true,
      gateway: { configured: 'off', address: null, outcome: 'off', method: null, latencyMs: null },
    },
    resolvers: [],
    captivePortal: { url: null, expectStatus: 204, outcome: 'off', status: null, location: null, http: null },
    controls: [],
    apps: [],
    canaries: [],
    timeoutMs: 1000,
  };
}
