// The wire checks on their own, packet by packet: what the exchange trusts and
// what it counts as ignored, and how the OPT record and its Extended DNS
// Errors are read (the table at the top of dns-wire.ts, row by row).
// dns-hostile.test.ts sends the same kinds of packets for real over UDP and TCP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import {
  acceptResponse,
  EDNS_UDP_PAYLOAD,
  encodeQuery,
  MAX_EDE,
  MAX_EDE_TEXT,
  splitTcpFrames,
  tcpFrame,
  type SentQuestion,
} from './dns-wire';
import { edeOption, optRecord } from '../testkit/edns-options';

const SENT: SentQuestion = { id: 4242, name: 'app.example', type: 'A' };
const ADDRESS: Answer = { type: 'A', name: SENT.name, ttl: 30, class: 'IN', data: '198.18.0.10' };

interface ResponseOverrides {
  id?: number;
  name?: string;
  type?: 'A' | 'AAAA';
  answers?: Answer[];
  additionals?: Answer[];
  flags?: number;
}

function response(overrides: ResponseOverrides = {}): Buffer {
  const name = overrides.name ?? SENT.name;
  return dnsPacket.encode({
    type: 'response',
    id: overrides.id ?? SENT.id,
    flags: overrides.flags ?? dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name, type: overrides.type ?? 'A', class: 'IN' }],
    answers: overrides.answers ?? [{ ...ADDRESS, name }],
    additionals: overrides.additionals ?? [],
  });
}

const SERVFAIL = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | 2;

test('the query asks one question, recursion desired, under our ID, with EDNS0 advertising 1232 bytes', () => {
  const query = dnsPacket.decode(encodeQuery(SENT));
  assert.equal(query.id, SENT.id);
  assert.equal(query.flag_rd, true);
  assert.deepEqual(
    query.questions?.map((q) => [q.name, q.type]),
    [['app.example', 'A']],
  );
  const [record, ...more] = query.additionals ?? [];
  assert.equal(more.length, 0);
  assert.equal(record?.type, 'OPT');
  assert.equal(record?.name, '.');
  assert.equal(record?.type === 'OPT' && record.udpPayloadSize, EDNS_UDP_PAYLOAD);
  assert.equal(record?.type === 'OPT' && record.ednsVersion, 0);
  assert.deepEqual(dnsPacket.decode(encodeQuery({ ...SENT, edns: false })).additionals, [], 'the fallback has no OPT');
});

test('a response to our ID and exact question is accepted, names compared without case or final dot', () => {
  const accepted = acceptResponse(response(), SENT, 'udp');
  assert.deepEqual(
    accepted?.packet.answers?.map((a) => a.type === 'A' && a.data),
    ['198.18.0.10'],
  );
  assert.equal(accepted?.rcode, 'NOERROR');
  assert.equal(accepted?.edns, false, 'no OPT: a resolver without EDNS is still believed');
  assert.deepEqual(accepted?.ede, []);
  assert.ok(acceptResponse(response({ name: 'APP.Example.' }), SENT, 'udp'));
});

test('another ID, another name or another type is ignored', () => {
  assert.equal(acceptResponse(response({ id: SENT.id + 1 }), SENT, 'udp'), null);
  assert.equal(acceptResponse(response({ name: 'poison.app.example' }), SENT, 'udp'), null);
  assert.equal(acceptResponse(response({ type: 'AAAA' }), SENT, 'udp'), null);
  assert.equal(acceptResponse(encodeQuery(SENT), SENT, 'udp'), null, 'a query is not a response');
});

test('records that are not well formed, or run past the packet, are ignored', () => {
  const reverse: SentQuestion = { id: 7, name: '10.0.18.198.in-addr.arpa', type: 'PTR' };
  const ptr = (data: string) =>
    dnsPacket.encode({
      type: 'response',
      id: reverse.id,
      flags: dnsPacket.RECURSION_AVAILABLE,
      questions: [{ name: reverse.name, type: 'PTR', class: 'IN' }],
      answers: [{ type: 'PTR', name: reverse.name, ttl: 30, class: 'IN', data }],
    });
  assert.ok(acceptResponse(ptr('host.example'), reverse, 'udp'));
  assert.equal(acceptResponse(ptr('not a name'), reverse, 'udp'), null);
  const whole = response();
  assert.equal(acceptResponse(whole.subarray(0, whole.length - 2), SENT, 'udp'), null);
  assert.equal(acceptResponse(Buffer.from([1, 2, 3]), SENT, 'udp'), null);
});

test('a record whose data length is not what its type needs (an A of 5 bytes) is not trusted', () => {
  const whole = response();
  const stretched = Buffer.concat([whole, Buffer.from([7])]);
  stretched.writeUInt16BE(5, whole.length - 6); // the A record's RDLENGTH
  assert.equal(acceptResponse(stretched, SENT, 'tcp'), null);
});

test('over UDP more than we advertised is ignored; over TCP the same response is accepted', () => {
  const answers = (count: number): Answer[] =>
    Array.from({ length: count }, (_, i) => ({ ...ADDRESS, data: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  const fits = response({ answers: answers(40) });
  assert.ok(fits.length > 512 && fits.length <= EDNS_UDP_PAYLOAD);
  assert.equal(acceptResponse(fits, SENT, 'udp')?.packet.answers?.length, 40, 'EDNS lets 1232 bytes through');
  assert.equal(acceptResponse(fits, { ...SENT, edns: false }, 'udp'), null, 'without EDNS, 512 is the limit');
  const large = response({ answers: answers(100) });
  assert.ok(large.length > EDNS_UDP_PAYLOAD);
  assert.equal(acceptResponse(large, SENT, 'udp'), null);
  assert.equal(acceptResponse(large, SENT, 'tcp')?.packet.answers?.length, 100);
});

test('a truncated response cut off mid-record still says "ask over TCP" when its header and question parse', () => {
  const full = response({ flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.TRUNCATED_RESPONSE });
  const accepted = acceptResponse(full.subarray(0, full.length - 3), SENT, 'udp');
  assert.equal(accepted?.packet.flag_tc, true);
  assert.deepEqual(accepted?.packet.answers, []);
});

test('EDE on a SERVFAIL: the code and text are kept, the OPT is not among the records', () => {
  const accepted = acceptResponse(
    response({ flags: SERVFAIL, answers: [], additionals: [optRecord([edeOption(22, 'no reachable authority')])] }),
    SENT,
    'udp',
  );
  assert.equal(accepted?.rcode, 'SERVFAIL');
  assert.equal(accepted?.edns, true);
  assert.deepEqual(accepted?.ede, [{ code: 22, text: 'no reachable authority' }]);
  assert.deepEqual(accepted?.packet.additionals, []);
});

test('EDE on a NOERROR answer: both kept (a stale answer, a filter answering 0.0.0.0)', () => {
  const accepted = acceptResponse(response({ additionals: [optRecord([edeOption(3)])] }), SENT, 'udp');
  assert.equal(accepted?.rcode, 'NOERROR');
  assert.equal(accepted?.packet.answers?.length, 1);
  assert.deepEqual(accepted?.ede, [{ code: 3, text: '' }]);
});

test('EDE text: invalid UTF-8 drops the text but keeps the code; controls and bidi overrides go; long text is cut', () => {
  const invalid = acceptResponse(
    response({ additionals: [optRecord([edeOption(15, Buffer.from([0x62, 0xff, 0xfe, 0x6c]))])] }),
    SENT,
    'udp',
  );
  assert.deepEqual(invalid?.ede, [{ code: 15, text: '' }]);
  const tricky = acceptResponse(
    response({ additionals: [optRecord([edeOption(17, 'blocked\u202e by policy\n\u0000')])] }),
    SENT,
    'udp',
  );
  assert.deepEqual(tricky?.ede, [{ code: 17, text: 'blocked  by policy' }]);
  const long = acceptResponse(response({ additionals: [optRecord([edeOption(0, 'ب'.repeat(600))])] }), SENT, 'tcp');
  assert.equal([...(long?.ede[0]?.text ?? '')].length, MAX_EDE_TEXT);
});

test('a flood of EDE options keeps the first few distinct ones; an EDE shorter than its code is ignored', () => {
  const flood = Array.from({ length: 300 }, (_, i) => edeOption(i % 20, `reason ${i % 20}`));
  const accepted = acceptResponse(response({ additionals: [optRecord(flood)] }), SENT, 'tcp');
  assert.equal(accepted?.ede.length, MAX_EDE);
  assert.deepEqual(
    accepted?.ede.map((e) => e.code),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  const short = acceptResponse(
    response({ additionals: [optRecord([{ code: 15, data: Buffer.from([9]) }, edeOption(18)])] }),
    SENT,
    'udp',
  );
  assert.deepEqual(short?.ede, [{ code: 18, text: '' }]);
  const duplicates = acceptResponse(response({ additionals: [optRecord([edeOption(6), edeOption(6)])] }), SENT, 'udp');
  assert.deepEqual(duplicates?.ede, [{ code: 6, text: '' }]);
});

test('OPT options that run past the OPT data: the answer is kept, every option ignored', () => {
  const text = 'x'.repeat(8);
  const whole = response({ additionals: [optRecord([edeOption(9, text)])] });
  // The option's length field sits right before its data at the end of the message.
  const overrun = Buffer.from(whole);
  overrun.writeUInt16BE(2 + text.length + 4, whole.length - (2 + text.length) - 2);
  const accepted = acceptResponse(overrun, SENT, 'udp');
  assert.equal(accepted?.packet.answers?.length, 1);
  assert.equal(accepted?.edns, true);
  assert.deepEqual(accepted?.ede, []);
});

test('two OPT records, an OPT among the answers, or an OPT not owned by the root: the packet is not trusted', () => {
  assert.equal(acceptResponse(response({ additionals: [optRecord([]), optRecord([])] }), SENT, 'udp'), null);
  assert.equal(acceptResponse(response({ answers: [ADDRESS, optRecord([])] }), SENT, 'udp'), null);
  const owned = response({ additionals: [{ ...ADDRESS, name: 'x' }] });
  owned.writeUInt16BE(41, owned.length - 14); // that record's TYPE: now an OPT owned by "x"
  assert.equal(acceptResponse(owned, SENT, 'udp'), null);
});

test('an OPT whose data runs past the message is not trusted', () => {
  const whole = response({ additionals: [optRecord([edeOption(22)])] });
  const cut = whole.subarray(0, whole.length - 1);
  assert.equal(acceptResponse(cut, SENT, 'udp'), null);
});

test("the OPT's extended RCODE bits make the rcode (BADVERS = 16)", () => {
  const accepted = acceptResponse(response({ answers: [], additionals: [optRecord([], 1)] }), SENT, 'udp');
  assert.equal(accepted?.rcode, 'BADVERS');
});

test('a large OPT over TCP (padding up to 60 kB) is read and bounded', () => {
  const padding = { code: 12, data: Buffer.alloc(60_000) };
  const accepted = acceptResponse(response({ additionals: [optRecord([padding, edeOption(23)])] }), SENT, 'tcp');
  assert.deepEqual(accepted?.ede, [{ code: 23, text: '' }]);
});

test('TCP frames: length-prefixed, split across chunks, the rest kept for later', () => {
  const one = tcpFrame(Buffer.from('ab'));
  const two = tcpFrame(Buffer.from('cde'));
  const stream = Buffer.concat([one, two]);
  const first = splitTcpFrames(stream.subarray(0, one.length + 3));
  assert.deepEqual(
    first.messages.map((m) => m.toString()),
    ['ab'],
  );
  const second = splitTcpFrames(Buffer.concat([first.rest, stream.subarray(one.length + 3)]));
  assert.deepEqual(
    second.messages.map((m) => m.toString()),
    ['cde'],
  );
  assert.equal(second.rest.length, 0);
});
