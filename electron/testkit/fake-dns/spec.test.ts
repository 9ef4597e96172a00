// The lab's way to start the fake DNS server: a JSON spec, checked before anything listens.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import dnsPacket from 'dns-packet';
import { startFakeDns } from './server';
import { runFakeDnsFromSpec } from './spec';

function query(name: string): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: 'A', class: 'IN' }],
  });
}

test('runFakeDnsFromSpec starts from JSON on the given address and port; bad specs name the problem', async () => {
  const probe = await startFakeDns({ host: '127.0.0.2' });
  const port = probe.port;
  await probe.close();
  const fromSpec = await runFakeDnsFromSpec(
    JSON.stringify({
      listen: `127.0.0.2:${port}`,
      records: { 'lab.example': { A: ['198.18.5.5'] }, 'down.example': { rcode: 'SERVFAIL' } },
      default: { delayMs: 1 },
    }),
  );
  try {
    assert.equal(fromSpec.address, '127.0.0.2');
    assert.equal(fromSpec.port, port);
    const socket = dgram.createSocket('udp4');
    const reply = await new Promise<Buffer>((resolve) => {
      socket.on('message', (message) => resolve(message));
      socket.send(query('lab.example'), port, '127.0.0.2');
    });
    socket.close();
    assert.deepEqual(
      dnsPacket.decode(reply).answers?.map((r) => ('data' in r ? r.data : null)),
      ['198.18.5.5'],
    );
  } finally {
    await fromSpec.close();
  }

  await assert.rejects(runFakeDnsFromSpec('{nope'), /fake DNS spec: not valid JSON/);
  await assert.rejects(
    runFakeDnsFromSpec({ listen: '127.0.0.2:53', records: { 'a.example': { MX: ['x'] } } } as never),
    /unknown key "MX"/,
  );
  await assert.rejects(runFakeDnsFromSpec({ listen: 'localhost:53' }), /listen: "localhost:53" is not an IP address/);
  await assert.rejects(
    runFakeDnsFromSpec({ listen: '127.0.0.2:53', records: { 'a.example': { A: ['1.2.3'] } } }),
    /records/,
  );
});

test('the spec accepts PTR records only with valid names', async () => {
  const free = await startFakeDns({ host: '127.0.0.2' });
  const listen = `127.0.0.2:${free.port}`;
  await free.close();
  const valid = await runFakeDnsFromSpec({
    listen,
    records: { '10.0.18.198.in-addr.arpa': { PTR: ['host.example'] } },
  });
  await valid.close();
  // The port is valid here, so only the PTR name can be what is rejected.
  await assert.rejects(
    runFakeDnsFromSpec({ listen, records: { 'x.in-addr.arpa': { PTR: ['not a name'] } } }),
    /fake DNS spec: records.*not a valid DNS name/,
  );
});
