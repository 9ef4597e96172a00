// TCP probe: can we open a connection to this address and port? Refused,
// timed out and unreachable are kept apart because they point at different
// culprits (a closed port answers; a black hole or a dead route does not).
import { Socket, isIP } from 'node:net';
import type { TcpResult } from '../contracts/probe-results';
import { ABORTED_CODE, startDeadline, untilStopped } from './deadline';
import { connectFailureFromCode, elapsedMs, errorCodeOf } from './errors';

export interface TcpProbeOptions {
  /** The name the address belongs to (kept in the record; never resolved here). */
  host: string;
  /** An IP literal. */
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The code recorded when a probe was given a host name where an IP literal was needed. */
export const NOT_AN_ADDRESS_CODE = 'ERR_NOT_IP_ADDRESS';

export async function probeTcp(options: TcpProbeOptions): Promise<TcpResult> {
  return (await probeTcpOpen(options, false)).result;
}

/** The probe, and with `keepOpen` the connected socket for the next layer (the caller then destroys it). */
export async function probeTcpOpen(
  options: TcpProbeOptions,
  keepOpen: boolean,
): Promise<{ result: TcpResult; socket: Socket | null }> {
  const { host, address, port, timeoutMs, signal } = options;
  const startedAt = performance.now();
  const record = (outcome: TcpResult['outcome'], errorCode?: string): TcpResult => ({
    kind: 'tcp',
    host,
    address,
    port,
    outcome,
    latencyMs: elapsedMs(startedAt),
    ...(errorCode === undefined ? {} : { errorCode }),
  });

  if (isIP(address) === 0) return { result: record('error', NOT_AN_ADDRESS_CODE), socket: null };
  const deadline = startDeadline(timeoutMs, signal);
  let kept: Socket | null = null;
  try {
    const result = await untilStopped(
      deadline.signal,
      (reason) => (reason === 'timeout' ? record('timeout') : record('error', ABORTED_CODE)),
      (finish) => {
        const socket = new Socket();
        socket.once('connect', () => {
          if (keepOpen) kept = socket;
          finish(record('connected'));
        });
        socket.on('error', (error) => {
          const code = errorCodeOf(error);
          finish(record(connectFailureFromCode(code), code));
        });
        socket.connect({ host: address, port });
        return () => {
          if (kept !== socket) socket.destroy();
        };
      },
    );
    return { result, socket: kept };
  } finally {
    deadline.dispose();
  }
}
