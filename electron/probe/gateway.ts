// The gateway look: is the router one hop away there? A TCP connect to the
// ports routers serve, where a refusal proves it as well as an answer; the
// heartbeat asks every 2 s, so the port that answered last is tried alone first.
import type { GatewayProbe, TcpResult } from '../contracts/probe-results';
import { refusedByPrivacy } from './local-privacy';
import { probeTcp } from './tcp';

/** Ports tried on the gateway: DNS, HTTP and HTTPS are what home routers serve, if anything. */
export const GATEWAY_PORTS = [53, 80, 443] as const;

export interface GatewayProbeOptions {
  /** What the config said: 'auto' or the address text; kept in the record. */
  configured: string;
  address: string;
  /** Ports to try; the first to connect or refuse wins. */
  ports?: readonly number[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Defaults to this machine's; tests pass another. */
  platform?: NodeJS.Platform;
  /** This machine's interface subnets (CIDR); defaults to os.networkInterfaces(). */
  cidrs?: readonly string[];
}

/**
 * The port each gateway answered on last time (bounded: a laptop meets a
 * handful of routers). The heartbeat looks at the gateway every 2 s; while
 * that port keeps answering, one connect a look is enough instead of three.
 */
const answeringPorts = new Map<string, number>();
const ANSWERING_PORTS_KEPT = 16;

/**
 * A router one hop away answers in a few ms: when the port that answered
 * last has not within this, the other ports are tried too, so a router that
 * closed that port costs a look this much, and one that is gone no more.
 */
export const GATEWAY_HEDGE_MS = 200;

/**
 * Does the gateway answer? A TCP connect needs no privileges; a refusal
 * (RST) proves the gateway is there just as well as an accepted connection.
 */
export async function probeGateway(options: GatewayProbeOptions): Promise<GatewayProbe> {
  const { configured, address, timeoutMs, signal } = options;
  const allPorts = options.ports ?? GATEWAY_PORTS;
  const remembered = answeringPorts.get(address);
  const ports =
    remembered !== undefined && allPorts.includes(remembered)
      ? [remembered, ...allPorts.filter((port) => port !== remembered)]
      : allPorts;
  const race = new AbortController();
  const onAbort = (): void => race.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) race.abort();
  let hedge: NodeJS.Timeout | null = null;
  try {
    const errorCodes: (string | undefined)[] = [];
    const answered = await new Promise<(TcpResult & { port: number }) | null>((resolve) => {
      let left = ports.length;
      if (left === 0) resolve(null);
      const tryPort = (port: number): void => {
        void probeTcp({ host: address, address, port, timeoutMs, signal: race.signal }).then((result) => {
          errorCodes.push(result.errorCode);
          if (result.outcome === 'connected' || result.outcome === 'refused') resolve({ ...result, port });
          left -= 1;
          if (left === 0) resolve(null);
          // The remembered port failed outright: no need to wait for the hedge.
          else if (hedge && port === remembered) tryRest();
        });
      };
      const tryRest = (): void => {
        if (hedge) clearTimeout(hedge);
        hedge = null;
        for (const port of ports.slice(1)) tryPort(port);
      };
      if (remembered !== undefined && ports[0] === remembered && ports.length > 1) {
        hedge = setTimeout(tryRest, GATEWAY_HEDGE_MS);
        tryPort(remembered);
      } else for (const port of ports) tryPort(port);
    });
    if (answered) {
      if (answeringPorts.size >= ANSWERING_PORTS_KEPT && !answeringPorts.has(address)) answeringPorts.clear();
      answeringPorts.set(address, answered.port);
    } else answeringPorts.delete(address);
    race.abort();
    if (!answered && signal?.aborted) return { configured, address, outcome: 'unknown', method: null, latencyMs: null };
    if (!answered && refusedByPrivacy(options, address, errorCodes))
      return {
        configured,
        address,
        outcome: 'unknown',
        method: 'tcp',
        latencyMs: null,
        blockedBy: 'macos-local-network',
      };
    if (!answered) return { configured, address, outcome: 'unreachable', method: 'tcp', latencyMs: null };
    return {
      configured,
      address,
      outcome: 'reachable',
      method: answered.outcome === 'connected' ? 'tcp-connected' : 'tcp-refused',
      latencyMs: answered.latencyMs,
    };
  } finally {
    if (hedge) clearTimeout(hedge);
    signal?.removeEventListener('abort', onAbort);
  }
}
