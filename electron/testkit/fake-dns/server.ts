// A real DNS server (dns-packet over UDP and TCP) that answers from a small
// in-memory zone. Tests, the built-in demo and the namespace lab use it to make
// every DNS failure on purpose: rcodes, silence, slowness, truncation and
// hostile packets that a careless client would trust or choke on. The zone is
// zone.ts, what is sent replies.ts, the sockets transports.ts, the JSON spec
// for the lab spec.ts.
import net from 'node:net';
import type { ResolverRef } from '../../contracts/probe-results';
import { decodeQuery, outgoingPackets } from './replies';
import { listenDns } from './transports';
import { FakeDnsZone, normalizeName, type FakeDnsBehaviour, type FakeDnsEntry } from './zone';

export interface FakeDnsQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
  /** The client's address (the lab's benchmarks tell the client's own queries from a forwarder's). */
  from: string;
  /** Epoch milliseconds when it arrived. */
  at: number;
}

export interface FakeDnsOptions {
  /** Address to listen on (default 127.0.0.1). Tests keep to 127.0.0.0/8 or their own namespace. */
  host?: string;
  /** 0 (default) = a free port; UDP and TCP always share the port. */
  port?: number;
  zone?: Record<string, FakeDnsEntry>;
  default?: FakeDnsBehaviour;
  /** TCP connections with no query for this long are closed (default 5000). */
  tcpIdleMs?: number;
}

export interface FakeDnsServer {
  address: string;
  port: number;
  resolverRef(name: string, role?: ResolverRef['role']): ResolverRef;
  /** Replaces every name (records and per-name behaviour); the default behaviour stays. */
  setZone(zone: Record<string, FakeDnsEntry>): void;
  /** Sets one name's records, and its behaviour when the entry names one; null removes the name. */
  setRecord(name: string, entry: FakeDnsEntry | null): void;
  /** '*' sets the default for every name; a name's own behaviour overrides it field by field. null clears. */
  setBehaviour(name: string, behaviour: FakeDnsBehaviour | null): void;
  /** Questions received, oldest first. */
  readonly queries: readonly FakeDnsQuery[];
  clearQueries(): void;
  close(): Promise<void>;
}

/** Starts the server on UDP and TCP (same port) and resolves once both listen. */
export async function startFakeDns(options: FakeDnsOptions = {}): Promise<FakeDnsServer> {
  const host = options.host ?? '127.0.0.1';
  if (net.isIP(host) === 0) throw new Error(`fake DNS: "${host}" is not an IP address`);

  const zone = new FakeDnsZone();
  zone.replaceEntries(options.zone ?? {});
  zone.setBehaviour('*', options.default ?? null);

  const queries: FakeDnsQuery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const later = (delayMs: number, action: () => void): void => {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, delayMs);
    timers.add(timer);
  };

  const listeners = await listenDns(
    host,
    options.port ?? 0,
    options.tcpIdleMs ?? 5000,
    (message, transport, send, from) => {
      const decoded = decodeQuery(message);
      if (!decoded) return;
      const { packet, question } = decoded;
      queries.push({ name: normalizeName(question.name), type: question.type, transport, from, at: Date.now() });
      const reply = zone.plan(question);
      if (reply.drop) return;
      later(reply.delayMs, () => {
        const { packets, fromElsewhere } = outgoingPackets(packet, reply, transport);
        for (const outgoing of packets) send(outgoing, fromElsewhere);
      });
    },
  );
  const { port } = listeners;

  return {
    address: host,
    port,
    resolverRef: (name, role = 'public') => ({ name, address: host, port, role }),
    setZone: (entries) => zone.replaceEntries(entries),
    setRecord: (name, entry) => zone.setEntry(name, entry),
    setBehaviour: (name, behaviour) => zone.setBehaviour(name, behaviour),
    queries,
    clearQueries: () => {
      queries.length = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await listeners.close();
    },
  };
}
