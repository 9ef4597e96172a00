// What the fake DNS server sends for one query: the honest response (TC set
// when it does not fit UDP, or when the zone says so), or the hostile packets
// a mode names. Encoding lives here, so the zone stays plain data.
import { randomBytes, randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import { DEFAULT_TTL, type FakeDnsHostileMode, type FakeDnsRcode, type PlannedReply } from './zone';

const UDP_LIMIT = 512;
const RCODE_NUMBERS: Record<FakeDnsRcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

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
  // Truncation comes first so a test can aim a hostile mode at the TCP retry.
  if (transport === 'udp' && reply.truncate === 'cut') {
    const full = encodeResponse(query, reply.rcode, reply.answers, false);
    full.writeUInt16BE(full.readUInt16BE(2) | dnsPacket.TRUNCATED_RESPONSE, 2);
    return honest([full.subarray(0, Math.min(UDP_LIMIT, full.length - 3))]);
  }
  if (transport === 'udp' && reply.truncate) return honest([encodeResponse(query, reply.rcode, reply.answers, true)]);
  if (reply.hostile) {
    return {
      packets: hostilePackets(reply.hostile, query, reply, transport),
      fromElsewhere: reply.hostile === 'wrong-source',
    };
  }
  const response = encodeResponse(query, reply.rcode, reply.answers, false);
  if (transport === 'udp' && response.length > UDP_LIMIT) {
    return honest([encodeResponse(query, reply.rcode, reply.answers, true)]);
  }
  return honest([response]);
}
