// The fake DNS server seen from raw UDP/TCP clients on loopback (not through
// the probe), so the probe's tests rest on a server whose behaviour is proven.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import { startFakeDns, type FakeDnsServer } from './server';

let server: FakeDnsServer;

before(async () => {
  server = await startFakeDns({ tcpIdleMs: 200 });
});
after(() => server.close());
beforeEach(() => {
  server.setZone({
    'app.example': { A: ['198.18.0.10'], AAAA: ['2001:db8::10'], ttl: 60 },
    'alias.example': { CNAME: 'mid.example' },
    'mid.example': { CNAME: 'app.example' },
    'loop-a.example': { CNAME: 'loop-b.example' },
    'loop-b.example': { CNAME: 'loop-a.example' },
  });
  server.setBehaviour('*', null);
  server.clearQueries();
});

interface Datagram {
  message: Buffer;
  port: number;
}

function query(name: string, type: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'PTR', id = 4242): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
  });
}

/** Sends one datagram from an unconnected socket and collects whatever comes back for `waitMs`. */
async function udpExchange(message: Buffer, waitMs = 150): Promise<Datagram[]> {
  const socket = dgram.createSocket('udp4');
  const received: Datagram[] = [];
  socket.on('message', (data, remote) => received.push({ message: data, port: remote.port }));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.send(message, server.port, server.address);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return received;
}

async function udpAnswer(
  name: string,
  type: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'PTR',
): Promise<DecodedPacket & { rcode?: string }> {
  const [reply] = await udpExchange(query(name, type));
  assert.ok(reply, `an answer for ${name} ${type}`);
  return dnsPacket.decode(reply.message);
}

test('answers A and AAAA with the zone data, echoing ID, question and RD', async () => {
  const a = await udpAnswer('APP.example', 'A');
  assert.equal(a.type, 'response');
  assert.equal(a.id, 4242);
  assert.equal(a.flag_rd, true);
  assert.equal(a.rcode, 'NOERROR');
  assert.deepEqual(a.questions, [{ name: 'APP.example', type: 'A', class: 'IN' }]);
  assert.deepEqual(
    a.answers?.map((r) => [r.type, r.name, 'data' in r ? r.data : null, 'ttl' in r ? r.ttl : null]),
    [['A', 'app.example', '198.18.0.10', 60]],
  );
  const aaaa = await udpAnswer('app.example', 'AAAA');
  assert.deepEqual(
    aaaa.answers?.map((r) => ('data' in r ? r.data : null)),
    ['2001:db8::10'],
  );
  assert.deepEqual(
    server.queries.map((q) => [q.name, q.type, q.transport, q.from]),
    [
      ['app.example', 'A', 'udp', '127.0.0.1'],
      ['app.example', 'AAAA', 'udp', '127.0.0.1'],
    ],
  );
});

test('follows CNAME chains across its names, answers CNAME questions with the first hop, and stops loops', async () => {
  const chained = await udpAnswer('alias.example', 'A');
  assert.deepEqual(
    chained.answers?.map((r) => `${r.name} ${r.type} ${'data' in r ? String(r.data) : ''}`),
    ['alias.example CNAME mid.example', 'mid.example CNAME app.example', 'app.example A 198.18.0.10'],
  );
  const cnameOnly = await udpAnswer('alias.example', 'CNAME');
  assert.deepEqual(
    cnameOnly.answers?.map((r) => ('data' in r ? r.data : null)),
    ['mid.example'],
  );
  const loop = await udpAnswer('loop-a.example', 'A');
  assert.equal(loop.rcode, 'NOERROR');
  assert.equal(loop.answers?.length, 2);
});

test('PTR: reverse names answer with their targets; other types of that name are empty', async () => {
  server.setRecord('10.0.18.198.in-addr.arpa', { PTR: ['Host.Example.'] });
  const ptr = await udpAnswer('10.0.18.198.in-addr.arpa', 'PTR');
  assert.equal(ptr.rcode, 'NOERROR');
  assert.deepEqual(
    ptr.answers?.map((r) => [r.type, r.name, 'data' in r ? r.data : null]),
    [['PTR', '10.0.18.198.in-addr.arpa', 'host.example']],
  );
  assert.deepEqual((await udpAnswer('10.0.18.198.in-addr.arpa', 'A')).answers, []);
  assert.deepEqual((await udpAnswer('app.example', 'PTR')).answers, []);
  assert.equal((await udpAnswer('11.0.18.198.in-addr.arpa', 'PTR')).rcode, 'NXDOMAIN');
});

test('rcodes: unknown names NXDOMAIN, names without the type NOERROR-empty, set rcodes as given', async () => {
  assert.equal((await udpAnswer('nowhere.example', 'A')).rcode, 'NXDOMAIN');
  const mx = await udpAnswer('app.example', 'MX');
  assert.equal(mx.rcode, 'NOERROR');
  assert.deepEqual(mx.answers, []);
  for (const rcode of ['SERVFAIL', 'REFUSED', 'NXDOMAIN'] as const) {
    server.setBehaviour('app.example', { rcode });
    assert.equal((await udpAnswer('app.example', 'A')).rcode, rcode);
  }
  server.setBehaviour('app.example', { rcode: 'NOERROR' });
  assert.deepEqual((await udpAnswer('app.example', 'A')).answers, []);
});

test('a failing chain target: SERVFAIL is sent bare, NXDOMAIN keeps the chain', async () => {
  server.setBehaviour('app.example', { rcode: 'SERVFAIL' });
  const servfail = await udpAnswer('alias.example', 'A');
  assert.equal(servfail.rcode, 'SERVFAIL');
  assert.deepEqual(servfail.answers, []);
  server.setRecord('app.example', null);
  const nxdomain = await udpAnswer('alias.example', 'A');
  assert.equal(nxdomain.rcode, 'NXDOMAIN');
  assert.equal(nxdomain.answers?.length, 2);
});

test('behaviour per type, per name and by default; a name overrides the default field by field', async () => {
  server.setBehaviour('app.example', { rcode: 'SERVFAIL', types: ['AAAA'] });
  assert.equal((await udpAnswer('app.example', 'A')).rcode, 'NOERROR');
  assert.equal((await udpAnswer('app.example', 'AAAA')).rcode, 'SERVFAIL');
  server.setBehaviour('app.example', null);

  server.setBehaviour('*', { rcode: 'REFUSED' });
  assert.equal((await udpAnswer('app.example', 'A')).rcode, 'REFUSED');
  server.setBehaviour('app.example', { rcode: 'NXDOMAIN' });
  assert.equal((await udpAnswer('app.example', 'A')).rcode, 'NXDOMAIN');
});

test('drop never answers; delay answers later', async () => {
  server.setBehaviour('app.example', { drop: true });
  assert.deepEqual(await udpExchange(query('app.example', 'A')), []);
  assert.equal(server.queries.length, 1, 'a dropped question is still logged');

  server.setBehaviour('app.example', { delayMs: 250 });
  assert.deepEqual(await udpExchange(query('app.example', 'A'), 100), [], 'not yet');
  const later = await udpExchange(query('app.example', 'A'), 500);
  assert.equal(later.length, 1);
});

test('truncate: TC over UDP with no records; over TCP the full answer, several per connection', async () => {
  server.setBehaviour('app.example', { truncate: true });
  const udp = await udpAnswer('app.example', 'A');
  assert.equal(udp.flag_tc, true);
  assert.deepEqual(udp.answers, []);

  const socket = net.connect({ host: server.address, port: server.port });
  const frames: DecodedPacket[] = [];
  let pending = Buffer.alloc(0);
  const gotTwo = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        frames.push(dnsPacket.decode(pending.subarray(2, 2 + length)));
        pending = pending.subarray(2 + length);
      }
      if (frames.length === 2) resolve();
    });
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  // Both queries in one write, the second split across two writes' worth of bytes.
  socket.write(
    Buffer.concat([dnsPacket.streamEncode({ type: 'query', id: 1, questions: [{ name: 'app.example', type: 'A' }] })]),
  );
  const second = dnsPacket.streamEncode({ type: 'query', id: 2, questions: [{ name: 'app.example', type: 'AAAA' }] });
  socket.write(second.subarray(0, 5));
  socket.write(second.subarray(5));
  await gotTwo;
  assert.deepEqual(
    frames.map((f) => [f.id, f.flag_tc, f.answers?.map((r) => ('data' in r ? r.data : null))]),
    [
      [1, false, ['198.18.0.10']],
      [2, false, ['2001:db8::10']],
    ],
  );
  const closedByServer = await new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true));
    setTimeout(() => resolve(false), 3000);
  });
  assert.ok(closedByServer, 'an idle connection is closed');
});

test('answers too large for UDP are sent truncated', async () => {
  server.setRecord('big.example', { A: Array.from({ length: 60 }, (_, i) => `198.18.1.${i + 1}`) });
  const [reply] = await udpExchange(query('big.example', 'A'));
  assert.ok(reply && reply.message.length <= 512);
  assert.equal(dnsPacket.decode(reply.message).flag_tc, true);
});

test('hostile modes send what they say', async () => {
  const send = async (hostile: Parameters<FakeDnsServer['setBehaviour']>[1]) => {
    server.setBehaviour('app.example', hostile);
    return udpExchange(query('app.example', 'A'));
  };
  const decodes = (message: Buffer): boolean => {
    try {
      dnsPacket.decode(message);
      return dnsPacket.decode.bytes <= message.length;
    } catch {
      return false;
    }
  };

  const [garbage] = await send({ hostile: 'random-bytes' });
  assert.ok(garbage && garbage.message.length >= 1);
  assert.notEqual(garbage.message.length >= 2 ? garbage.message.readUInt16BE(0) : -1, 4242);

  for (const mode of ['truncated-packet', 'pointer-loop'] as const) {
    const [packet] = await send({ hostile: mode });
    assert.ok(packet && packet.message.readUInt16BE(0) === 4242, `${mode} keeps the ID`);
    assert.equal(decodes(packet.message), false, `${mode} does not parse`);
  }

  const [oversized] = await send({ hostile: 'oversized' });
  assert.ok(oversized && oversized.message.length > 512);
  const big = dnsPacket.decode(oversized.message);
  assert.equal(big.flag_tc, false);
  assert.equal(big.answers?.length, 101);

  const [wrongId] = await send({ hostile: 'wrong-id' });
  assert.ok(wrongId);
  assert.notEqual(dnsPacket.decode(wrongId.message).id, 4242);

  const [wrongQuestion] = await send({ hostile: 'wrong-question' });
  assert.ok(wrongQuestion);
  assert.equal(dnsPacket.decode(wrongQuestion.message).questions?.[0]?.name, 'poison.app.example');

  const [spoofed] = await send({ hostile: 'wrong-source' });
  assert.ok(spoofed);
  assert.notEqual(spoofed.port, server.port);
  assert.equal(dnsPacket.decode(spoofed.message).id, 4242);

  const pair = await send({ hostile: 'wrong-then-correct' });
  assert.deepEqual(
    pair.map((d) => dnsPacket.decode(d.message).id === 4242),
    [false, true],
  );
});

test('ignores garbage queries and keeps serving', async () => {
  assert.deepEqual(await udpExchange(Buffer.from([1, 2, 3])), []);
  assert.deepEqual(await udpExchange(dnsPacket.encode({ type: 'response', id: 7, questions: [] })), []);
  assert.equal((await udpAnswer('app.example', 'A')).rcode, 'NOERROR');
});

test('resolverRef names the server with its role', () => {
  assert.deepEqual(server.resolverRef('Fake system', 'system'), {
    name: 'Fake system',
    address: '127.0.0.1',
    port: server.port,
    role: 'system',
  });
  assert.equal(server.resolverRef('Fake').role, 'public');
});

test('same port on UDP and TCP, and close() frees both', async () => {
  const other = await startFakeDns({ host: '127.0.0.3' });
  const { port } = other;
  await other.close();
  const again = await startFakeDns({ host: '127.0.0.3', port });
  assert.equal(again.port, port);
  await again.close();
  await again.close();
});
