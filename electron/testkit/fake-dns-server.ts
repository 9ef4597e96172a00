/* eslint-disable max-lines -- to be split by concern (issue 14) */
// A real DNS server (dns-packet over UDP and TCP) that answers from a small
// in-memory zone. Tests, the built-in demo and the namespace lab use it to make
// every DNS failure on purpose: rcodes, silence, slowness, truncation and
// hostile packets that a careless client would trust or choke on.
//
// Standalone (e.g. inside a network namespace), with a JSON spec file:
//   node --import tsx --input-type=module -e \
//     "import { runFakeDnsFromSpec } from './electron/testkit/fake-dns-server.ts'; \
//      import { readFileSync } from 'node:fs'; \
//      const s = await runFakeDnsFromSpec(readFileSync('zone.json', 'utf8')); \
//      console.log('listening', s.address, s.port)"
// Spec: { "listen": "198.18.0.53:53",
//         "records": { "app.example": { "A": ["198.18.1.10"], "AAAA": [], "CNAME": "edge.example",
//                                        "PTR": ["host.example"] (for in-addr.arpa / ip6.arpa names),
//                                        "rcode": "SERVFAIL", "drop": true, "delayMs": 200 } },
//         "default": { "delayMs": 0 } }
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import { z } from 'zod';
import { describeIssue, isHostname, parseAddress } from '../contracts/config';
import type { ResolverRef } from '../contracts/probe-results';

export type FakeDnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export const FAKE_DNS_HOSTILE_MODES = [
  /** Random bytes instead of a DNS message. */
  'random-bytes',
  /** A correct response cut short in the middle. */
  'truncated-packet',
  /** An answer whose owner name is a compression pointer back to itself. */
  'pointer-loop',
  /** Over UDP: more than 512 bytes (a hundred extra A records) without the TC bit. */
  'oversized',
  /** A correct response with another ID. */
  'wrong-id',
  /** A response for another name, carrying its own answers (a poisoning attempt). */
  'wrong-question',
  /** Over UDP: the correct response sent from another port. Over TCP: no answer. */
  'wrong-source',
  /** A wrong-ID response first, then the correct one. */
  'wrong-then-correct',
] as const;
export type FakeDnsHostileMode = (typeof FAKE_DNS_HOSTILE_MODES)[number];

export type FakeDnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'PTR';

/** What a name holds. A name that is in the zone but lacks the asked type gets NOERROR with no answer. */
export interface FakeDnsRecords {
  A?: string[];
  AAAA?: string[];
  /** The name is an alias of this one (answers follow the chain across names the server holds). */
  CNAME?: string;
  /** Reverse names, for a reverse-lookup owner (see reverseDnsName). */
  PTR?: string[];
  ttl?: number;
}

/** How the server answers for a name (or for every name, as the default). */
export interface FakeDnsBehaviour {
  /** Answer with this rcode and no records (NOERROR = an empty answer). */
  rcode?: FakeDnsRcode;
  /** Never answer. */
  drop?: boolean;
  /** Wait this long before answering (the largest along a CNAME chain counts). */
  delayMs?: number;
  /**
   * Over UDP set TC, so the client must ask again over TCP; TCP answers fully (or with `hostile`).
   * true: a clean TC response without records; 'cut': the full response with TC, cut off mid-record
   * (what some servers send).
   */
  truncate?: boolean | 'cut';
  hostile?: FakeDnsHostileMode;
  /** Apply this behaviour only to questions of these types; others are answered normally. */
  types?: FakeDnsRecordType[];
}

export type FakeDnsEntry = FakeDnsRecords & FakeDnsBehaviour;

export interface FakeDnsQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
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

const UDP_LIMIT = 512;
const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;
const MAX_CHAIN = 16;
const DEFAULT_TTL = 30;
const BEHAVIOUR_KEYS = ['rcode', 'drop', 'delayMs', 'truncate', 'hostile', 'types'] as const;

const RCODE_NUMBERS: Record<FakeDnsRcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The reply a question gets before any hostile twist. */
interface PlannedReply {
  drop: boolean;
  delayMs: number;
  rcode: FakeDnsRcode;
  answers: Answer[];
  truncate: boolean | 'cut';
  hostile: FakeDnsHostileMode | null;
}

class FakeDnsZone {
  records = new Map<string, FakeDnsRecords>();
  behaviours = new Map<string, FakeDnsBehaviour>();
  defaultBehaviour: FakeDnsBehaviour = {};

  setEntry(name: string, entry: FakeDnsEntry | null): void {
    const key = normalizeName(name);
    if (entry === null) {
      this.records.delete(key);
      this.behaviours.delete(key);
      return;
    }
    const { A, AAAA, CNAME, PTR, ttl } = entry;
    this.records.set(key, {
      A,
      AAAA,
      CNAME: CNAME === undefined ? undefined : normalizeName(CNAME),
      PTR: PTR?.map(normalizeName),
      ttl,
    });
    const behaviour = pickBehaviour(entry);
    if (Object.keys(behaviour).length > 0) this.behaviours.set(key, behaviour);
    else this.behaviours.delete(key);
  }

  effectiveBehaviour(name: string, type: string): FakeDnsBehaviour {
    const applies = (b: FakeDnsBehaviour | undefined): FakeDnsBehaviour =>
      b && (!b.types || (b.types as string[]).includes(type)) ? b : {};
    return { ...applies(this.defaultBehaviour), ...applies(this.behaviours.get(name)) };
  }

  plan(question: Question): PlannedReply {
    const asked = normalizeName(question.name);
    const type = question.type;
    const first = this.effectiveBehaviour(asked, type);
    const reply: PlannedReply = {
      drop: false,
      delayMs: first.delayMs ?? 0,
      rcode: 'NOERROR',
      answers: [],
      truncate: first.truncate ?? false,
      hostile: first.hostile ?? null,
    };
    let current = asked;
    const seen = new Set<string>();
    for (let hop = 0; hop <= MAX_CHAIN; hop++) {
      seen.add(current);
      const behaviour = hop === 0 ? first : this.effectiveBehaviour(current, type);
      reply.delayMs = Math.max(reply.delayMs, behaviour.delayMs ?? 0);
      if (behaviour.drop) return { ...reply, drop: true };
      if (behaviour.rcode && behaviour.rcode !== 'NOERROR') {
        // Resolvers keep the chain on NXDOMAIN but usually send SERVFAIL/REFUSED bare.
        return { ...reply, rcode: behaviour.rcode, answers: behaviour.rcode === 'NXDOMAIN' ? reply.answers : [] };
      }
      if (behaviour.rcode === 'NOERROR') return reply;
      const records = this.records.get(current);
      if (!records) return { ...reply, rcode: 'NXDOMAIN' };
      const ttl = records.ttl ?? DEFAULT_TTL;
      if (records.CNAME !== undefined && type !== 'CNAME') {
        reply.answers.push({ type: 'CNAME', name: current, ttl, class: 'IN', data: records.CNAME });
        if (seen.has(records.CNAME)) return reply;
        current = records.CNAME;
        continue;
      }
      if (type === 'CNAME' && records.CNAME !== undefined) {
        reply.answers.push({ type: 'CNAME', name: current, ttl, class: 'IN', data: records.CNAME });
      } else if (type === 'A' || type === 'AAAA') {
        for (const address of records[type] ?? [])
          reply.answers.push({ type, name: current, ttl, class: 'IN', data: address });
      } else if (type === 'PTR') {
        for (const target of records.PTR ?? [])
          reply.answers.push({ type: 'PTR', name: current, ttl, class: 'IN', data: target });
      }
      return reply;
    }
    return { ...reply, rcode: 'SERVFAIL', answers: [] };
  }
}

function pickBehaviour(entry: FakeDnsBehaviour): FakeDnsBehaviour {
  const behaviour: Record<string, unknown> = {};
  for (const key of BEHAVIOUR_KEYS) if (entry[key] !== undefined) behaviour[key] = entry[key];
  return behaviour as FakeDnsBehaviour;
}

function encodeResponse(query: DecodedPacket, rcode: FakeDnsRcode, answers: Answer[], truncated: boolean): Buffer {
  let flags = dnsPacket.RECURSION_AVAILABLE | RCODE_NUMBERS[rcode];
  if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  if (truncated) flags |= dnsPacket.TRUNCATED_RESPONSE;
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags,
    questions: query.questions ?? [],
    answers: truncated ? [] : answers,
  });
}

/** A response whose only answer's owner name is a label followed by a pointer back to that label. */
function pointerLoopPacket(query: DecodedPacket): Buffer {
  const head = encodeResponse(query, 'NOERROR', [], false);
  head.writeUInt16BE(1, 6); // ANCOUNT
  const start = head.length;
  const tail = Buffer.alloc(4 + 10 + 4);
  tail.writeUInt8(1, 0);
  tail.write('a', 1);
  tail.writeUInt16BE(0xc000 | start, 2);
  tail.writeUInt16BE(1, 4); // type A
  tail.writeUInt16BE(1, 6); // class IN
  tail.writeUInt32BE(DEFAULT_TTL, 8);
  tail.writeUInt16BE(4, 12);
  tail.set([198, 18, 66, 66], 14);
  return Buffer.concat([head, tail]);
}

/** The datagrams (or TCP messages) a hostile mode sends, in order; [] = silence. */
function hostilePackets(
  mode: FakeDnsHostileMode,
  query: DecodedPacket,
  reply: PlannedReply,
  transport: 'udp' | 'tcp',
): Buffer[] {
  const correct = encodeResponse(query, reply.rcode, reply.answers, false);
  const withId = (packet: Buffer, id: number): Buffer => {
    const copy = Buffer.from(packet);
    copy.writeUInt16BE(id, 0);
    return copy;
  };
  const otherId = ((query.id ?? 0) + 1 + randomInt(0, 65534)) % 65536;
  switch (mode) {
    case 'random-bytes': {
      const bytes = randomBytes(randomInt(1, 300));
      if (bytes.length >= 2) bytes.writeUInt16BE(otherId, 0);
      return [bytes];
    }
    case 'truncated-packet': {
      const full = encodeResponse(
        query,
        'NOERROR',
        [
          ...reply.answers,
          { type: 'A', name: query.questions?.[0]?.name ?? 'x', ttl: DEFAULT_TTL, class: 'IN', data: '198.18.66.66' },
        ],
        false,
      );
      return [full.subarray(0, full.length - 3)];
    }
    case 'pointer-loop':
      return [pointerLoopPacket(query)];
    case 'oversized': {
      const name = query.questions?.[0]?.name ?? 'x';
      const filler: Answer[] = Array.from({ length: 100 }, (_, i) => ({
        type: 'A' as const,
        name,
        ttl: DEFAULT_TTL,
        class: 'IN' as const,
        data: `198.18.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`,
      }));
      return [encodeResponse(query, 'NOERROR', [...reply.answers, ...filler], false)];
    }
    case 'wrong-id':
      return [withId(correct, otherId)];
    case 'wrong-question': {
      const question = query.questions?.[0];
      const poisonName = `poison.${question?.name ?? 'x'}`;
      const poisoned: DecodedPacket = {
        ...query,
        questions: [{ name: poisonName, type: question?.type ?? 'A', class: 'IN' }],
      };
      return [
        encodeResponse(
          poisoned,
          'NOERROR',
          [{ type: 'A', name: poisonName, ttl: DEFAULT_TTL, class: 'IN', data: '198.18.66.66' }],
          false,
        ),
      ];
    }
    case 'wrong-source':
      return transport === 'udp' ? [correct] : [];
    case 'wrong-then-correct':
      return [withId(correct, otherId), correct];
  }
}

function decodeQuery(message: Buffer): { packet: DecodedPacket; question: Question } | null {
  try {
    const packet = dnsPacket.decode(message);
    const question = packet.questions?.[0];
    if (packet.type !== 'query' || !question) return null;
    return { packet, question };
  } catch {
    return null;
  }
}

async function bindUdp(socket: dgram.Socket, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket.address().port;
}

async function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Binds UDP and TCP on one port; with port 0 it retries until a free UDP port is also free on TCP. */
async function listenOnBoth(
  host: string,
  requestedPort: number,
  socketType: 'udp4' | 'udp6',
  onDatagram: (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo) => void,
  onConnection: (connection: net.Socket) => void,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    // A deep receive queue so a burst (a round asks many names at once) is not dropped by the kernel
    // (capped by net.core.rmem_max).
    const udp = dgram.createSocket({ type: socketType, recvBufferSize: UDP_RECEIVE_BUFFER });
    // A send to a vanished client must not take the server down.
    udp.on('error', () => {});
    udp.on('message', (message, remote) => onDatagram(udp, message, remote));
    let port: number;
    try {
      port = await bindUdp(udp, host, requestedPort);
    } catch (error) {
      udp.close();
      throw error;
    }
    const tcp = net.createServer(onConnection);
    try {
      await listenTcp(tcp, host, port);
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const code = (error as NodeJS.ErrnoException).code;
      if (requestedPort !== 0 || code !== 'EADDRINUSE' || attempt >= 20) throw error;
    }
  }
}

/** Starts the server on UDP and TCP (same port) and resolves once both listen. */
export async function startFakeDns(options: FakeDnsOptions = {}): Promise<FakeDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const family = net.isIP(host);
  if (family === 0) throw new Error(`fake DNS: "${host}" is not an IP address`);
  const socketType = family === 6 ? 'udp6' : 'udp4';
  const tcpIdleMs = options.tcpIdleMs ?? 5000;

  const zone = new FakeDnsZone();
  for (const [name, entry] of Object.entries(options.zone ?? {})) zone.setEntry(name, entry);
  zone.defaultBehaviour = { ...(options.default ?? {}) };

  const queries: FakeDnsQuery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<net.Socket>();
  let closed = false;
  let spoofSocket: dgram.Socket | null = null;

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

  /** Decides what to send for one query; `send` gets each message, `fromElsewhere` marks the spoofed one. */
  const respond = (
    message: Buffer,
    transport: 'udp' | 'tcp',
    send: (packet: Buffer, fromElsewhere: boolean) => void,
  ): void => {
    const decoded = decodeQuery(message);
    if (!decoded) return;
    const { packet, question } = decoded;
    queries.push({ name: normalizeName(question.name), type: question.type, transport, at: Date.now() });
    const reply = zone.plan(question);
    if (reply.drop) return;
    later(reply.delayMs, () => {
      // Truncation comes first so a test can aim a hostile mode at the TCP retry.
      if (transport === 'udp' && reply.truncate === 'cut') {
        const full = encodeResponse(packet, reply.rcode, reply.answers, false);
        full.writeUInt16BE(full.readUInt16BE(2) | dnsPacket.TRUNCATED_RESPONSE, 2);
        send(full.subarray(0, Math.min(UDP_LIMIT, full.length - 3)), false);
        return;
      }
      if (transport === 'udp' && reply.truncate) {
        send(encodeResponse(packet, reply.rcode, reply.answers, true), false);
        return;
      }
      if (reply.hostile) {
        const spoofed = reply.hostile === 'wrong-source';
        for (const hostile of hostilePackets(reply.hostile, packet, reply, transport)) send(hostile, spoofed);
        return;
      }
      const response = encodeResponse(packet, reply.rcode, reply.answers, false);
      if (transport === 'udp' && response.length > UDP_LIMIT) {
        send(encodeResponse(packet, reply.rcode, reply.answers, true), false);
        return;
      }
      send(response, false);
    });
  };

  const onDatagram = (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo): void => {
    respond(message, 'udp', (packet, fromElsewhere) => {
      if (!fromElsewhere) {
        udp.send(packet, remote.port, remote.address, () => {});
        return;
      }
      if (!spoofSocket) {
        spoofSocket = dgram.createSocket(socketType);
        spoofSocket.on('error', () => {});
        spoofSocket.bind({ address: host, port: 0 });
      }
      spoofSocket.send(packet, remote.port, remote.address, () => {});
    });
  };

  const onConnection = (connection: net.Socket): void => {
    connections.add(connection);
    connection.setNoDelay(true);
    connection.setTimeout(tcpIdleMs, () => connection.destroy());
    connection.on('error', () => {});
    connection.on('close', () => connections.delete(connection));
    let pending = Buffer.alloc(0);
    connection.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        respond(message, 'tcp', (packet) => {
          if (connection.destroyed) return;
          const frame = Buffer.alloc(2 + packet.length);
          frame.writeUInt16BE(packet.length, 0);
          packet.copy(frame, 2);
          connection.write(frame);
        });
      }
    });
  };

  const { udp, tcp, port } = await listenOnBoth(host, options.port ?? 0, socketType, onDatagram, onConnection);

  const server: FakeDnsServer = {
    address: host,
    port,
    resolverRef: (name, role = 'public') => ({ name, address: host, port, role }),
    setZone(entries) {
      zone.records.clear();
      zone.behaviours.clear();
      for (const [name, entry] of Object.entries(entries)) zone.setEntry(name, entry);
    },
    setRecord: (name, entry) => zone.setEntry(name, entry),
    setBehaviour(name, behaviour) {
      if (name === '*') {
        zone.defaultBehaviour = behaviour ? pickBehaviour(behaviour) : {};
        return;
      }
      const key = normalizeName(name);
      if (behaviour) zone.behaviours.set(key, pickBehaviour(behaviour));
      else zone.behaviours.delete(key);
    },
    queries,
    clearQueries: () => {
      queries.length = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const connection of connections) connection.destroy();
      const closing: Promise<void>[] = [
        new Promise((resolve) => udp.close(() => resolve())),
        new Promise((resolve) => tcp.close(() => resolve())),
      ];
      const spoof = spoofSocket;
      if (spoof) closing.push(new Promise((resolve) => spoof.close(() => resolve())));
      await Promise.all(closing);
    },
  };
  return server;
}

const rcodeSchema = z.enum(['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED']);
const recordTypeSchema = z.enum(['A', 'AAAA', 'CNAME', 'PTR']);
const dnsName = z.string().refine(isHostname, 'not a valid DNS name');
const behaviourFields = {
  rcode: rcodeSchema.optional(),
  drop: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(600000).optional(),
  truncate: z.union([z.boolean(), z.literal('cut')]).optional(),
  hostile: z.enum(FAKE_DNS_HOSTILE_MODES).optional(),
  types: z.array(recordTypeSchema).optional(),
};
const entrySchema = z.strictObject({
  A: z.array(z.ipv4()).optional(),
  AAAA: z.array(z.ipv6()).optional(),
  CNAME: dnsName.optional(),
  PTR: z.array(dnsName).optional(),
  ttl: z.number().int().min(0).max(2147483647).optional(),
  ...behaviourFields,
});

/** The JSON spec a lab script hands to runFakeDnsFromSpec (see the top of this file). */
export const fakeDnsSpecSchema = z.strictObject({
  listen: z.string(),
  records: z.record(dnsName, entrySchema).default({}),
  default: z.strictObject(behaviourFields).default({}),
});
export type FakeDnsSpec = z.input<typeof fakeDnsSpecSchema>;

/** Starts a server from a spec (JSON text or an object); throws one line naming the problem. */
export async function runFakeDnsFromSpec(spec: string | FakeDnsSpec): Promise<FakeDnsServer> {
  let input: unknown = spec;
  if (typeof spec === 'string') {
    try {
      input = JSON.parse(spec);
    } catch (error) {
      throw new Error(`fake DNS spec: not valid JSON (${(error as Error).message})`, { cause: error });
    }
  }
  const parsed = fakeDnsSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`fake DNS spec: ${issue ? describeIssue(issue) : 'invalid'}`);
  }
  const listen = parseAddress(parsed.data.listen, 53);
  if ('error' in listen) throw new Error(`fake DNS spec: listen: ${listen.error}`);
  return startFakeDns({
    host: listen.address,
    port: listen.port,
    zone: parsed.data.records as Record<string, FakeDnsEntry>,
    default: parsed.data.default,
  });
}
