// What the fake DNS server sends for one query: the honest response (TC set
// when it does not fit UDP, or when the zone says so), or the hostile packets
// a mode names. A query with EDNS gets an OPT back (with the zone's Extended
// DNS Errors), and may use the UDP size it advertised. Encoding lives here, so
// the zone stays plain data.
import { randomBytes, randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import { edeOption, optRecord, type RawOption } from '../edns-options';
import { DEFAULT_TTL, type FakeDnsHostileMode, type FakeDnsRcode, type PlannedReply } from './zone';

const PLAIN_UDP_LIMIT = 512;
const FORMERR = 1;
const RCODE_NUMBERS: Record<FakeDnsRcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function queryOpt(query: DecodedPacket): (Answer & { type: 'OPT' }) | undefined {
  return query.additionals?.find((record): record is Answer & { type: 'OPT' } => record.type === 'OPT');
}

/** What the client can take over UDP: its EDNS size (at least 512), else 512. */
function udpLimit(query: DecodedPacket): number {
  return Math.max(PLAIN_UDP_LIMIT, queryOpt(query)?.udpPayloadSize ?? PLAIN_UDP_LIMIT);
}

function encodeResponse(
  query: DecodedPacket,
  rcode: FakeDnsRcode,
  answers: Answer[],
  truncated: boolean,
  options: RawOption[] = [],
  optCount = 1,
): Buffer {
  let flags = dnsPacket.RECURSION_AVAILABLE | RCODE_NUMBERS[rcode];
  if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  if (truncated) flags |= dnsPacket.TRUNCATED_RESPONSE;
  const opt = queryOpt(query) ? Array.from({ length: optCount }, () => optRecord(options)) : [];
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags,
    questions: query.questions ?? [],
    answers: truncated ? [] : answers,
    additionals: opt,
  });
}

/** FORMERR without an OPT: how a server that does not speak EDNS answers an EDNS query. */
function formatError(query: DecodedPacket): Buffer {
  let flags = dnsPacket.RECURSION_AVAILABLE | FORMERR;
  if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  return dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags, questions: query.questions ?? [] });
}

/** The honest response with its OPT's only option claiming 8 bytes more than the OPT holds. */
function optOverrunPacket(query: DecodedPacket, reply: PlannedReply): Buffer {
  const text = 'overrun';
  const packet = encodeResponse(query, reply.rcode, reply.answers, false, [edeOption(0, text)]);
  if (!queryOpt(query)) return packet;
  packet.writeUInt16BE(2 + text.length + 8, packet.length - (2 + text.length) - 2);
  return packet;
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
  const options = reply.ede.map((error) => edeOption(error.code, error.text));
  const correct = encodeResponse(query, reply.rcode, reply.answers, false, options);
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
    case 'two-opt':
      return [encodeResponse(query, reply.rcode, reply.answers, false, options, 2)];
    case 'opt-overrun':
      return [optOverrunPacket(query, reply)];
    case 'ede-bad-utf8':
      return [
        encodeResponse(query, reply.rcode, reply.answers, false, [
          edeOption(15, Buffer.from([0x62, 0xc3, 0x28, 0xff])),
        ]),
      ];
    case 'ede-flood': {
      // Over UDP a flood is capped by the size the client advertised; over TCP it is the full thousand.
      const count = transport === 'udp' ? 60 : 1000;
      const flood = Array.from({ length: count }, (_, i) => edeOption(i % 30, `flood ${i}`));
      return [encodeResponse(query, reply.rcode, reply.answers, false, flood)];
    }
  }
}

export function decodeQuery(message: Buffer): { packet: DecodedPacket; question: Question } | null {
  try {
    const packet = dnsPacket.decode(message);
    const question = packet.questions?.[0];
    if (packet.type !== 'query' || !question) return null;
    return { packet, question };
  } catch {
    return null;
  }
}

/** The messages to send for a query, in order ([] = silence); `fromElsewhere` = send them from another port. */
export function outgoingPackets(
  query: DecodedPacket,
  reply: PlannedReply,
  transport: 'udp' | 'tcp',
): { packets: Buffer[]; fromElsewhere: boolean } {
  const honest = (packets: Buffer[]) => ({ packets, fromElsewhere: false });
  const limit = udpLimit(query);
  const options = reply.ede.map((error) => edeOption(error.code, error.text));
  if (reply.noEdns && queryOpt(query)) return honest([formatError(query)]);
  // Truncation comes first so a test can aim a hostile mode at the TCP retry.
  if (transport === 'udp' && reply.truncate === 'cut') {
    const full = encodeResponse(query, reply.rcode, reply.answers, false, options);
    full.writeUInt16BE(full.readUInt16BE(2) | dnsPacket.TRUNCATED_RESPONSE, 2);
    return honest([full.subarray(0, Math.min(limit, full.length - 3))]);
  }
  if (transport === 'udp' && reply.truncate) {
    return honest([encodeResponse(query, reply.rcode, reply.answers, true, options)]);
  }
  if (reply.hostile) {
    return {
      packets: hostilePackets(reply.hostile, query, reply, transport),
      fromElsewhere: reply.hostile === 'wrong-source',
    };
  }
  const response = encodeResponse(query, reply.rcode, reply.answers, false, options);
  if (transport === 'udp' && response.length > limit) {
    return honest([encodeResponse(query, reply.rcode, reply.answers, true, options)]);
  }
  return honest([response]);
}
