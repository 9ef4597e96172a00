// The wire checks on their own, packet by packet: what the exchange trusts and
// what it counts as ignored. dns-hostile.test.ts sends the same kinds of
// packets for real over UDP and TCP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { acceptResponse, encodeQuery, splitTcpFrames, tcpFrame, type SentQuestion } from './dns-wire';

const SENT: SentQuestion = { id: 4242, name: 'app.example', type: 'A' };

function response(overrides: { id?: number; name?: string; type?: 'A' | 'AAAA'; answers?: Answer[]; flags?: number }) {
  const name = overrides.name ?? SENT.name;
  return dnsPacket.encode({
    type: 'response',
    id: overrides.id ?? SENT.id,
    flags: overrides.flags ?? dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name, type: overrides.type ?? 'A', class: 'IN' }],
    answers: overrides.answers ?? [{ type: 'A', name, ttl: 30, class: 'IN', data: '198.18.0.10' }],
  });
}

test('the query asks one question, recursion desired, under our ID', () => {
  const query = dnsPacket.decode(encodeQuery(SENT));
  assert.equal(query.id, SENT.id);
  assert.equal(query.flag_rd, true);
  assert.deepEqual(
    query.questions?.map((q) => [q.name, q.type]),
    [['app.example', 'A']],
  );
});

test('a response to our ID and exact question is accepted, names compared without case or final dot', () => {
  assert.deepEqual(
    acceptResponse(response({}), SENT, 'udp')?.answers?.map((a) => a.type === 'A' && a.data),
    ['198.18.0.10'],
  );
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
  const whole = response({});
  assert.equal(acceptResponse(whole.subarray(0, whole.length - 2), SENT, 'udp'), null);
  assert.equal(acceptResponse(Buffer.from([1, 2, 3]), SENT, 'udp'), null);
});

test('over UDP more than 512 bytes is ignored; over TCP the same response is accepted', () => {
  const answers: Answer[] = Array.from({ length: 40 }, (_, i) => ({
    type: 'A',
    name: SENT.name,
    ttl: 30,
    class: 'IN',
    data: `198.18.1.${i + 1}`,
  }));
  const large = response({ answers });
  assert.ok(large.length > 512);
  assert.equal(acceptResponse(large, SENT, 'udp'), null);
  assert.equal(acceptResponse(large, SENT, 'tcp')?.answers?.length, 40);
});

test('a truncated response cut off mid-record still says "ask over TCP" when its header and question parse', () => {
  const full = response({ flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.TRUNCATED_RESPONSE });
  const packet = acceptResponse(full.subarray(0, full.length - 3), SENT, 'udp');
  assert.equal(packet?.flag_tc, true);
  assert.deepEqual(packet?.answers, []);
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
