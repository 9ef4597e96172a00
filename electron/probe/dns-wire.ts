// The DNS wire format: the one place where the probe's packets are encoded,
// decoded and checked. A response is trusted only when it parses within its
// own bytes, answers our ID and our exact question, and carries well-formed
// records; dns-exchange.ts moves these packets over UDP and TCP.
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, StringAnswer } from 'dns-packet';
import { isHostname } from '../contracts/config';
import type { DnsRecordType } from '../contracts/probe-results';

/** We do not advertise EDNS, so a conforming UDP response fits in 512 bytes (RFC 1035 4.2.1). */
export const UDP_LIMIT = 512;

/** What the probe asks: its record types, and PTR for reverse lookups. */
export type QueryType = DnsRecordType | 'PTR';

export type DnsTransport = 'udp' | 'tcp';

/** The question we sent; a response must match it exactly. */
export interface SentQuestion {
  id: number;
  name: string;
  type: QueryType;
}

/** Lower case without the final dot: how names are compared and recorded. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function encodeQuery(question: SentQuestion): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: question.id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: question.type, name: question.name, class: 'IN' }],
  });
}

/** Over TCP every message is preceded by its length in two bytes (RFC 1035 4.2.2). */
export function tcpFrame(message: Buffer): Buffer {
  const frame = Buffer.alloc(2 + message.length);
  frame.writeUInt16BE(message.length, 0);
  message.copy(frame, 2);
  return frame;
}

/** The complete messages at the front of a TCP stream, and the bytes left for later. */
export function splitTcpFrames(pending: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let rest = pending;
  while (rest.length >= 2) {
    const length = rest.readUInt16BE(0);
    if (rest.length < 2 + length) break;
    messages.push(rest.subarray(2, 2 + length));
    rest = rest.subarray(2 + length);
  }
  return { messages, rest };
}

/**
 * Parses a response. A response cut short with TC set is still usable as a
 * "retry over TCP" signal when its header and question parse.
 */
function decodeResponse(message: Buffer): DecodedPacket | null {
  const whole = decodeExactly(message);
  if (whole) return whole;
  const truncatedFlag = message.length >= 12 && (message.readUInt16BE(2) & dnsPacket.TRUNCATED_RESPONSE) !== 0;
  if (!truncatedFlag) return null;
  const headerAndQuestion = Buffer.from(message);
  headerAndQuestion.fill(0, 6, 12); // ANCOUNT, NSCOUNT, ARCOUNT
  return decodeExactly(headerAndQuestion);
}

/** dns-packet reads some record data past the end without throwing: check it stayed inside. */
function decodeExactly(message: Buffer): DecodedPacket | null {
  try {
    const packet = dnsPacket.decode(message);
    return dnsPacket.decode.bytes <= message.length ? packet : null;
  } catch {
    return null;
  }
}

/** A, AAAA or CNAME with its data as text (the record kinds the forward probe reads). */
export function isAddressOrAlias(answer: Answer): answer is StringAnswer & { type: DnsRecordType } {
  return (answer.type === 'A' || answer.type === 'AAAA' || answer.type === 'CNAME') && typeof answer.data === 'string';
}

function recordsAreWellFormed(answers: Answer[]): boolean {
  return answers.every((answer) => {
    if (answer.type === 'A') return typeof answer.data === 'string' && net.isIPv4(answer.data);
    if (answer.type === 'AAAA') return typeof answer.data === 'string' && net.isIPv6(answer.data);
    if (answer.type === 'CNAME') return typeof answer.data === 'string' && answer.data.length > 0;
    if (answer.type === 'PTR') return typeof answer.data === 'string' && isHostname(normalizeName(answer.data));
    return true;
  });
}

/**
 * The response if it answers exactly what we asked; null means "ignore it".
 * The source address is the transport's to check (dns-exchange.ts).
 */
export function acceptResponse(message: Buffer, sent: SentQuestion, transport: DnsTransport): DecodedPacket | null {
  if (transport === 'udp' && message.length > UDP_LIMIT) return null;
  const packet = decodeResponse(message);
  if (!packet || packet.type !== 'response' || packet.id !== sent.id) return null;
  if ((packet as { opcode?: string }).opcode !== 'QUERY') return null;
  const question = packet.questions?.length === 1 ? packet.questions[0] : undefined;
  if (!question || normalizeName(question.name) !== sent.name) return null;
  if (question.type !== sent.type || (question.class ?? 'IN') !== 'IN') return null;
  if (!recordsAreWellFormed(packet.answers ?? [])) return null;
  return packet;
}

/** The response code's name (NOERROR when the decoder gives none). */
export function responseRcode(packet: DecodedPacket): string {
  return (packet as { rcode?: string }).rcode ?? 'NOERROR';
}
