// The demo's situations, each a change to the loopback world that the real
// probes and the real diagnosis then see. Every scenario starts from healthy.
import type { DemoScenario } from '../../contracts/serve-protocol';
import type { LoopbackWorld } from '../../testkit/loopback-world';

const UNAVAILABLE = { kind: 'respond', status: 503, body: 'Service Unavailable' } as const;

/** Apps of WORLD_APPS on each provider (electron/testkit/world-apps.ts). */
export const AWS_APPS = ['alexa', 'primevideo', 'slack'];
export const FASTLY_APPS = ['reddit', 'github'];
export const LONE_APP = 'zoom';

export async function applyScenario(world: LoopbackWorld, scenario: DemoScenario): Promise<void> {
  await world.reset();
  switch (scenario) {
    case 'all-fine':
      return;
    case 'offline-like':
      // Nothing answers: no web server, no resolver. (The host's real interfaces stay up, so the verdict is the nearest local one.)
      world.setSystemDns({ drop: true });
      for (const server of world.publicDns) server.setBehaviour('*', { drop: true });
      await world.setHttpsDown(true);
      return;
    case 'dns-broken-locally':
      world.setSystemDns({ rcode: 'SERVFAIL' });
      return;
    case 'aws-like-outage':
      for (const id of AWS_APPS) world.setAppHttp(id, UNAVAILABLE);
      return;
    case 'fastly-like-outage':
      for (const id of FASTLY_APPS)
        world.setAppHttp(id, {
          ...UNAVAILABLE,
          headers: { via: '1.1 varnish', 'x-served-by': 'cache-fra-etou8220024-FRA' },
        });
      return;
    case 'one-app-down':
      world.setAppHttp(LONE_APP, UNAVAILABLE);
      return;
    case 'filter-blocks-app':
      // The network's resolver refuses one name by policy, as a Pi-hole or a school filter does (EDE 15 Blocked).
      world.setAppDns(
        LONE_APP,
        { rcode: 'REFUSED', ede: [{ code: 15, text: 'Blocked by the demo filter' }] },
        'system',
      );
      return;
  }
}
