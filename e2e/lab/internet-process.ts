// Runs inside the internet namespace: the public resolvers (UDP and TCP on
// their own addresses) and every site's HTTP and HTTPS server. Sites share one
// listener per port; the address the client connected to picks the site.
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import * as dnsPacket from 'dns-packet';
import { PUBLIC_RESOLVERS } from './lab-addresses';
import type { InternetCommand, LabSite } from './lab-world';
import { serveCommands } from './namespace-process';

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

let sites: LabSite[] = [];
const contexts = new Map<string, SecureContext>();

function siteOfName(name: string): { site: LabSite; index: number } | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  for (const candidate of sites) {
    const chain = [candidate.hostname, ...candidate.cnameChain];
    const index = chain.indexOf(lower);
    if (index >= 0) return { site: candidate, index };
  }
  return null;
}

/** Builds the response a recursive resolver would give, or null to stay silent. */
function respond(query: dnsPacket.Packet): Buffer | null {
  const question = query.questions?.[0];
  const base = { id: query.id ?? 0, type: 'response' as const, questions: query.questions ?? [] };
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE;
  if (!question) return dnsPacket.encode({ ...base, flags: flags | RCODE.SERVFAIL, answers: [] });
  const found = siteOfName(question.name);
  if (!found) return dnsPacket.encode({ ...base, flags: flags | RCODE.NXDOMAIN, answers: [] });
  const { site, index } = found;
  const chain = [site.hostname, ...site.cnameChain];
  const answers: dnsPacket.Answer[] = [];
  for (let hop = index; hop < chain.length - 1; hop++) {
    answers.push({ type: 'CNAME', name: chain[hop]!, ttl: 30, class: 'IN', data: chain[hop + 1]! });
    if (question.type === 'CNAME') break;
  }
  const failure = site.dns;
  const lookupReachesTarget = question.type !== 'CNAME' || index === chain.length - 1;
  if (failure && (failure.scope === 'all' || lookupReachesTarget)) {
    if (failure.failure === 'timeout') return null;
    if (failure.failure === 'servfail') return dnsPacket.encode({ ...base, flags: flags | RCODE.SERVFAIL, answers: [] });
    if (failure.failure === 'nxdomain') return dnsPacket.encode({ ...base, flags: flags | RCODE.NXDOMAIN, answers });
    return dnsPacket.encode({ ...base, flags, answers });
  }
  if (question.type === 'A') answers.push({ type: 'A', name: chain[chain.length - 1]!, ttl: 30, class: 'IN', data: site.address });
  return dnsPacket.encode({ ...base, flags, answers });
}

function decode(raw: Buffer): dnsPacket.Packet | null {
  try {
    return dnsPacket.decode(raw);
  } catch {
    return null;
  }
}

async function startResolver(address: string): Promise<void> {
  const udp = createSocket('udp4');
  udp.on('message', (raw, peer) => {
    const query = decode(raw);
    const response = query && respond(query);
    if (response) udp.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(53, address, () => resolve());
  });
  // DNS over TCP: two-byte length prefix on each message.
  const tcp = createTcpServer((socket: Socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const query = decode(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        const response = query && respond(query);
        if (response) {
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(response.length);
          socket.write(Buffer.concat([prefix, response]));
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(53, address, () => resolve());
  });
}

function serveSite(request: IncomingMessage, response: ServerResponse): void {
  const local = request.socket.localAddress?.replace(/^::ffff:/, '');
  const target = sites.find((candidate) => candidate.address === local);
  if (!target) {
    response.writeHead(421, { 'content-type': 'text/plain' });
    response.end('no lab site at this address');
    return;
  }
  if (target.http.hang) return;
  response.writeHead(target.http.status, target.http.headers ?? {});
  response.end(target.http.body ?? '');
}

async function startWebServers(): Promise<void> {
  const http = createHttpServer(serveSite);
  const https = createHttpsServer(
    {
      SNICallback: (servername, done) => {
        const context = contexts.get(servername.toLowerCase());
        if (context) done(null, context);
        else done(new Error(`no certificate for ${servername}`));
      },
    },
    serveSite,
  );
  for (const [server, port] of [
    [http, 80],
    [https, 443],
  ] as const) {
    // Hanging sites keep sockets open; let them linger without holding the process.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
  }
}

for (const resolver of PUBLIC_RESOLVERS) await startResolver(resolver.address);
await startWebServers();
serveCommands<InternetCommand>((command) => {
  sites = command.sites;
  for (const certificate of command.certificates ?? []) {
    contexts.set(certificate.hostname, createSecureContext({ cert: certificate.certPem, key: certificate.keyPem }));
  }
});
