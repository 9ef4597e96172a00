// The idle benchmark's loopback world, in its own process so its CPU is not
// counted: 20 apps (half behind *.elb.us-east-1.amazonaws.com CNAMEs), two
// controls, the captive check and two AWS us-east-1 canaries of the config's
// own, all fakes on 127.0.0.1. Prints its config (one JSON line), then obeys
// stdin lines: `traffic` prints what every server received since the last
// `reset` (one JSON line), `reset` starts counting afresh.
import { createInterface } from 'node:readline';
import type { ConfigInput } from '../../electron/contracts/config';
import { startLoopbackWorld, type WorldApp } from '../../electron/testkit/loopback-world';

export const IDLE_APPS = 20;

export interface ResolverTraffic {
  name: string;
  /** Queries by name and type: "app-1.test A". */
  queries: Record<string, number>;
}

export interface WorldTraffic {
  https: ReturnType<Awaited<ReturnType<typeof startLoopbackWorld>>['https']['traffic']>;
  captive: ReturnType<Awaited<ReturnType<typeof startLoopbackWorld>>['captive']['traffic']>;
  resolvers: ResolverTraffic[];
}

export interface WorldHello {
  config: ConfigInput;
  apps: WorldApp[];
  controls: string[];
  canaries: WorldApp[];
  captiveHost: string;
}

const apps: WorldApp[] = Array.from({ length: IDLE_APPS }, (_, i) => ({
  id: `app-${i + 1}`,
  name: `App ${i + 1}`,
  hostname: `app-${i + 1}.test`,
  ...(i % 2 ? { cnameChain: [`app-${i + 1}.elb.us-east-1.amazonaws.com`] } : {}),
}));
const canaries: WorldApp[] = [
  {
    id: 'canary-dynamodb',
    name: 'DynamoDB us-east-1 (lab)',
    hostname: 'dynamodb.canary.test',
    provider: 'aws',
    region: 'us-east-1',
  },
  { id: 'canary-ec2', name: 'EC2 us-east-1 (lab)', hostname: 'ec2.canary.test', provider: 'aws', region: 'us-east-1' },
];

export async function runIdleWorld(): Promise<void> {
  const world = await startLoopbackWorld({ apps, canaries });
  const resolvers = [
    { name: 'system', server: world.systemDns },
    ...world.publicDns.map((server, index) => ({ name: `public-${index + 1}`, server })),
  ];
  const hello: WorldHello = {
    config: world.config(),
    apps,
    controls: world.controls,
    canaries,
    captiveHost: 'captive.test',
  };
  process.stdout.write(`${JSON.stringify(hello)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'reset') {
      world.https.resetTraffic();
      world.captive.resetTraffic();
      for (const { server } of resolvers) server.clearQueries();
      process.stdout.write('{}\n');
    }
    if (line === 'traffic') {
      const traffic: WorldTraffic = {
        https: world.https.traffic(),
        captive: world.captive.traffic(),
        resolvers: resolvers.map(({ name, server }) => {
          const queries: Record<string, number> = {};
          for (const query of server.queries) {
            const key = `${query.name} ${query.type}`;
            queries[key] = (queries[key] ?? 0) + 1;
          }
          return { name, queries };
        }),
      };
      process.stdout.write(`${JSON.stringify(traffic)}\n`);
    }
  }
  await world.close();
}
