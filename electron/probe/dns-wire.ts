// The DNS wire format: the one place where the probe's packets are encoded,
// decoded and checked. A response is trusted only when it parses within its
// own bytes, every record's data is exactly as long as it says, it answers our
// ID and our exact question, and its records are well formed; dns-exchange.ts
// moves these packets over UDP and TCP.
//
// Queries carry EDNS0 (an OPT record, RFC 6891) so resolvers can send Extended
// DNS Errors (RFC 8914). The OPT record is read here, byte by byte, with its
// own rules, and never by the general decoder:
//
// | what arrives                                            | what we do                                   |
// | ------------------------------------------------------- | -------------------------------------------- |
// | no OPT (a resolver without EDNS)                        | keep the answer, no EDE                      |
// | more than one OPT, an OPT outside the additional         | drop the packet: RFC 6891 6.1.1 calls it     |
// | section, or an OPT whose owner is not the root          | malformed, so nothing in it is trusted       |
// | any record whose data runs past its stated length       | drop the packet                              |
// | OPT options that do not tile its data exactly           | keep the answer, ignore every option         |
// | an EDE option shorter than its 2-byte code              | keep the answer, ignore that option          |
// | EDE text that is not valid UTF-8                        | keep the code, text ""                       |
// | EDE text with control or bidi-override characters,      | those characters removed, the text cut to    |
// | or longer than MAX_EDE_TEXT                             | MAX_EDE_TEXT code points                     |
// | more than MAX_EDE EDE options (a flood)                 | keep the first MAX_EDE distinct ones         |
// | EDE on a NOERROR answer (stale data, a filter's answer) | keep both: the answer stands, the EDE says why |
// | an extended RCODE in the OPT (e.g. BADVERS)             | the rcode is the combined one                |
// | over UDP, more bytes than we advertised                 | drop the packet                              |
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, StringAnswer } from 'dns-packet';
import { isHostname } from '../contracts/config';
import type { DnsExtendedError, DnsRecordType } from '../contracts/probe-results';

/** The UDP payload we advertise (DNS Flag Day 2020): fits common paths without IP fragments. */
export const EDNS_UDP_PAYLOAD = 1232;
/** Without EDNS a conforming UDP response fits in 512 bytes (RFC 1035 4.2.1). */
export const PLAIN_UDP_LIMIT = 512;
/** Extended DNS Errors kept per response; the rest of a flood is ignored. */
export const MAX_EDE = 8;
/** Code points of EDE text kept: enough for a resolver's reason, not for a page of it. */
export const MAX_EDE_TEXT = 200;

const OPT_TYPE = 41;
const EDE_OPTION_CODE = 15;
/** A private-use type the general decoder reads as opaque bytes: how OPT records are kept from it. */
const OPAQUE_TYPE = 0xff00;
const HEADER_BYTES = 12;
const FIXED_RR_BYTES = 10;
const FIXED_RDATA_LENGTH: Partial<Record<number, number>> = { 1: 4, 28: 16 };

/** What the probe asks: its record types, and PTR for reverse lookups. */
export type QueryType = DnsRecordType | 'PTR';

export type DnsTransport = 'udp' | 'tcp';

/** The question we sent; a response must match it exactly. */
export interface SentQuestion {
  id: number;
  name: string;
  type: QueryType;
  /** Whether the query carried EDNS0 (default true); only a resolver that chokes on it is asked without. */
  edns?: boolean;
}

/** A response we trust, with what its OPT record said. */
export interface AcceptedResponse {
  /** The decoded message, OPT records left out. */
  packet: DecodedPacket;
  /** The response code's name, with the OPT's extended bits (NOERROR, SERVFAIL, BADVERS, ...). */
  rcode: string;
  /** The response carried an OPT record. */
  edns: boolean;
  ede: DnsExtendedError[];
}

/** Lower case without the final dot: how names are compared and recorded. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function encodeQuery(question: SentQuestion): Buffer {
  const edns = question.edns ?? true;
  return dnsPacket.encode({
    type: 'query',
    id: question.id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: question.type, name: question.name, class: 'IN' }],
    additionals: edns
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: EDNS_UDP_PAYLOAD,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ]
      : [],
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

/** The offset just past a name in place (a pointer ends it), or null when it runs off the message. */
function skipName(message: Buffer, start: number): number | null {
  let offset = start;
  // 128 labels of one byte each already exceed a name's 255 bytes.
  for (let labels = 0; labels < 128; labels++) {
    const length = message[offset];
    if (length === undefined) return null;
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) return offset + 2 <= message.length ? offset + 2 : null;
    if ((length & 0xc0) !== 0) return null;
    offset += 1 + length;
  }
  return null;
}

interface OptRecord {
  /** Where the record's type sits, so a copy can hide it from the general decoder. */
  typeOffset: number;
  section: 'answer' | 'authority' | 'additional';
  ownerIsRoot: boolean;
  extendedRcode: number;
  rdata: Buffer;
}

/** The message's layout, walked from its counts: where it ends and its OPT records; null when a record overruns. */
function walkRecords(message: Buffer): { end: number; opts: OptRecord[] } | null {
  if (message.length < HEADER_BYTES) return null;
  let offset = HEADER_BYTES;
  for (let i = 0; i < message.readUInt16BE(4); i++) {
    const after = skipName(message, offset);
    if (after === null || after + 4 > message.length) return null;
    offset = after + 4;
  }
  const opts: OptRecord[] = [];
  const sections = [
    ['answer', message.readUInt16BE(6)],
    ['authority', message.readUInt16BE(8)],
    ['additional', message.readUInt16BE(10)],
  ] as const;
  for (const [section, count] of sections) {
    for (let i = 0; i < count; i++) {
      const after = skipName(message, offset);
      if (after === null || after + FIXED_RR_BYTES > message.length) return null;
      const type = message.readUInt16BE(after);
      const rdataLength = message.readUInt16BE(after + 8);
      const rdataStart = after + FIXED_RR_BYTES;
      if (rdataStart + rdataLength > message.length) return null;
      const fixed = FIXED_RDATA_LENGTH[type];
      if (fixed !== undefined && rdataLength !== fixed) return null;
      if (type === OPT_TYPE) {
        opts.push({
          typeOffset: after,
          section,
          ownerIsRoot: after === offset + 1,
          extendedRcode: message.readUInt8(after + 4),
          rdata: message.subarray(rdataStart, rdataStart + rdataLength),
        });
      }
      offset = rdataStart + rdataLength;
    }
  }
  return { end: offset, opts };
}

/** Control characters and bidi overrides could rewrite the sentence a text is quoted in. */
const UNSAFE_TEXT = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function edeText(bytes: Buffer): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return '';
  }
  // Some resolvers end the text with NUL (RFC 8914 says it need not be terminated).
  return [...text.replace(UNSAFE_TEXT, ' ').trim()].slice(0, MAX_EDE_TEXT).join('').trim();
}

/** The EDE options of one OPT's data; [] when its options do not tile it exactly. */
export function readExtendedErrors(rdata: Buffer): DnsExtendedError[] {
  const found: DnsExtendedError[] = [];
  let offset = 0;
  while (offset < rdata.length) {
    if (offset + 4 > rdata.length) return [];
    const code = rdata.readUInt16BE(offset);
    const length = rdata.readUInt16BE(offset + 2);
    const data = rdata.subarray(offset + 4, offset + 4 + length);
    if (data.length !== length) return [];
    offset += 4 + length;
    if (code !== EDE_OPTION_CODE || length < 2 || found.length >= MAX_EDE) continue;
    const error = { code: data.readUInt16BE(0), text: edeText(data.subarray(2)) };
    if (!found.some((e) => e.code === error.code && e.text === error.text)) found.push(error);
  }
  return found;
}

const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
  16: 'BADVERS',
  23: 'BADCOOKIE',
};

/** The rcode's name: the header's four bits, and the OPT's eight above them. */
function rcodeName(header: number, extended: number): string {
  const value = (extended << 4) | header;
  return RCODE_NAMES[value] ?? `RCODE_${value}`;
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

interface Decoded {
  packet: DecodedPacket;
  opt: OptRecord | null;
}

/** The whole message, its OPT (at most one, as RFC 6891 requires) read apart; null when not trusted. */
function decodeWhole(message: Buffer): Decoded | null {
  const layout = walkRecords(message);
  if (!layout) return null;
  const [opt, ...more] = layout.opts;
  if (more.length > 0) return null;
  if (opt && (opt.section !== 'additional' || !opt.ownerIsRoot)) return null;
  const hidden = Buffer.from(message);
  if (opt) hidden.writeUInt16BE(OPAQUE_TYPE, opt.typeOffset);
  const packet = decodeExactly(hidden);
  // Both readings must agree on where the records end, or one of them misread a length.
  if (!packet || dnsPacket.decode.bytes !== layout.end) return null;
  const additionals = (packet.additionals ?? []).filter(
    (record) => (record.type as string) !== `UNKNOWN_${OPAQUE_TYPE}`,
  );
  return { packet: { ...packet, additionals }, opt: opt ?? null };
}

/**
 * Parses a response. A response cut short with TC set is still usable as a
 * "retry over TCP" signal when its header and question parse.
 */
function decodeResponse(message: Buffer): Decoded | null {
  const whole = decodeWhole(message);
  if (whole) return whole;
  const truncatedFlag = message.length >= 12 && (message.readUInt16BE(2) & dnsPacket.TRUNCATED_RESPONSE) !== 0;
  if (!truncatedFlag) return null;
  const headerAndQuestion = Buffer.from(message);
  headerAndQuestion.fill(0, 6, 12); // ANCOUNT, NSCOUNT, ARCOUNT
  const packet = decodeExactly(headerAndQuestion);
  return packet ? { packet, opt: null } : null;
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

/** The most a UDP response may weigh: what we advertised. */
export function udpLimit(sent: SentQuestion): number {
  return (sent.edns ?? true) ? EDNS_UDP_PAYLOAD : PLAIN_UDP_LIMIT;
}

/**
 * The response if it answers exactly what we asked; null means "ignore it".
 * The source address is the transport's to check (dns-exchange.ts).
 */
export function acceptResponse(message: Buffer, sent: SentQuestion, transport: DnsTransport): AcceptedResponse | null {
  if (transport === 'udp' && message.length > udpLimit(sent)) return null;
  const decoded = decodeResponse(message);
  if (!decoded) return null;
  const { packet, opt } = decoded;
  if (packet.type !== 'response' || packet.id !== sent.id) return null;
  if ((packet as { opcode?: string }).opcode !== 'QUERY') return null;
  const question = packet.questions?.length === 1 ? packet.questions[0] : undefined;
  if (!question || normalizeName(question.name) !== sent.name) return null;
  if (question.type !== sent.type || (question.class ?? 'IN') !== 'IN') return null;
  if (!recordsAreWellFormed(packet.answers ?? [])) return null;
  return {
    packet,
    rcode: rcodeName(message.readUInt16BE(2) & 0xf, opt?.extendedRcode ?? 0),
    edns: opt !== null,
    ede: opt ? readExtendedErrors(opt.rdata) : [],
  };
}
