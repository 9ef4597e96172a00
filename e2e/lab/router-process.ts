// Runs inside the router namespace: the home router's DNS forwarder (the
// client's system resolver) and its captive-portal page. The test switches
// the forwarder's mode to break it the ways real home routers break.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import * as dnsPacket from 'dns-packet';
import { DelayLine } from './delay-line';
import { ROUTER_LAN_ADDRESS, ROUTER_PORTAL_PORT, ROUTER_UPSTREAM_RESOLVER } from './lab-addresses';
import { serveCommands } from './namespace-process';

/**
 * forward: relays to the upstream resolver, SERVFAIL when it does not answer in time (as dnsmasq does);
 * dead: no server on port 53 (the kernel answers ICMP port unreachable);
 * servfail / nxdomain: answers every query with that rcode;
 * slow: forwards, but answers only after SLOW_ANSWER_MS (an overloaded router).
 */
export type RouterDnsMode = 'forward' | 'dead' | 'servfail' | 'nxdomain' | 'slow';

/**
 * `uplinkRoundTripMs`: time the delay line adds to everything beyond the router (0 = none).
 * `localNames`: names the router's resolver answers itself (an office's intranet), name -> IPv4.
 */
export type RouterCommand =
  { dnsMode: RouterDnsMode } | { uplinkRoundTripMs: number } | { localNames: Record<string, string> };

const UPSTREAM_TIMEOUT_MS = 2000;
export const SLOW_ANSWER_MS = 3200;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

let mode: RouterDnsMode = 'forward';
let localNames: Record<string, string> = {};

/** The intranet's own answer: A for a local name, an empty answer for other types. */
function localAnswer(query: dnsPacket.Packet, address: string): Buffer {
  const question = query.questions?.[0];
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: query.questions ?? [],
    answers: question?.type === 'A' ? [{ type: 'A', name: question.name, ttl: 30, class: 'IN', data: address }] : [],
  });
}
const delayLine = new DelayLine(ROUTER_LAN_ADDRESS);
let listener: Socket | null = null;

function answerWithRcode(query: dnsPacket.Packet, rcode: number): Buffer {
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: query.questions ?? [],
    answers: [],
  });
}

function forward(raw: Buffer, query: dnsPacket.Packet, reply: (bytes: Buffer) => void): void {
  const upstream = createSocket('udp4');
  const timer = setTimeout(() => {
    upstream.close();
    reply(answerWithRcode(query, RCODE_SERVFAIL));
  }, UPSTREAM_TIMEOUT_MS);
  upstream.on('message', (response) => {
    clearTimeout(timer);
    upstream.close();
    reply(response);
  });
  upstream.on('error', () => {
    clearTimeout(timer);
    upstream.close();
    reply(answerWithRcode(query, RCODE_SERVFAIL));
  });
  upstream.send(raw, 53, ROUTER_UPSTREAM_RESOLVER);
}

function handleQuery(socket: Socket, raw: Buffer, peer: { address: string; port: number }): void {
  let query: dnsPacket.Packet;
  try {
    query = dnsPacket.decode(raw);
  } catch {
    return;
  }
  const reply = (bytes: Buffer) => socket.send(bytes, peer.port, peer.address);
  const local = localNames[(query.questions?.[0]?.name ?? '').toLowerCase()];
  if (local && mode === 'forward') reply(localAnswer(query, local));
  else if (mode === 'servfail') reply(answerWithRcode(query, RCODE_SERVFAIL));
  else if (mode === 'nxdomain') reply(answerWithRcode(query, RCODE_NXDOMAIN));
  else if (mode === 'slow') forward(raw, query, (bytes) => setTimeout(() => reply(bytes), SLOW_ANSWER_MS));
  // The forwarder's own queries cross the same slow uplink.
  else forward(raw, query, (bytes) => setTimeout(() => reply(bytes), delayLine.addedRoundTripMs));
}

async function listen(): Promise<void> {
  if (listener) return;
  const socket = createSocket('udp4');
  socket.on('message', (raw, peer) => handleQuery(socket, raw, peer));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(53, ROUTER_LAN_ADDRESS, () => resolve());
  });
  listener = socket;
}

async function close(): Promise<void> {
  const socket = listener;
  listener = null;
  if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
}

/** The page an intercepted HTTP request lands on: a redirect to the portal's login. */
function startPortal(): Promise<Server> {
  const portalLogin = `http://${ROUTER_LAN_ADDRESS}:${ROUTER_PORTAL_PORT}/login`;
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/login')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        '<!doctype html><title>Lab Wi-Fi</title><form method="post"><button>Sign in to Lab Wi-Fi</button></form>',
      );
      return;
    }
    response.writeHead(302, { location: portalLogin, 'content-type': 'text/html' });
    response.end(`<a href="${portalLogin}">Sign in</a>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(ROUTER_PORTAL_PORT, ROUTER_LAN_ADDRESS, () => resolve(server));
  });
}

await startPortal();
serveCommands<RouterCommand>(async (command) => {
  if ('localNames' in command) {
    localNames = command.localNames;
    return;
  }
  if ('uplinkRoundTripMs' in command) {
    await delayLine.setRoundTrip(command.uplinkRoundTripMs);
    return;
  }
  mode = command.dnsMode;
  if (mode === 'dead') await close();
  else await listen();
});
