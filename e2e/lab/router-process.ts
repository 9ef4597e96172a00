// Runs inside the router namespace: the home router's DNS forwarder (the
// client's system resolver) and its captive-portal page. The test switches
// the forwarder's mode to break it the ways real home routers break.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import * as dnsPacket from 'dns-packet';
import { edeOption, optRecord } from '../../electron/testkit/edns-options';
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
 * How a filter on the router (a Pi-hole, a school or office filter) refuses a name while it forwards the rest:
 * sinkhole: answers 0.0.0.0 (A) and :: (AAAA), as Pi-hole does by default;
 * refuse: REFUSED with Extended DNS Error 15 Blocked, as filtering resolvers that speak RFC 8914 do.
 */
export type RouterFilter = 'sinkhole' | 'refuse';

/**
 * `uplinkRoundTripMs`: time the delay line adds to everything beyond the router (0 = none).
 * `localNames`: names the router's resolver answers itself (an office's intranet), name -> IPv4.
 * `filteredNames`: names the router's filter refuses, name -> how.
 * `failingNames`: names the router's resolver answers SERVFAIL (an intranet whose own DNS server stopped answering).
 */
export type RouterCommand =
  | { dnsMode: RouterDnsMode }
  | { uplinkRoundTripMs: number }
  | { localNames: Record<string, string> }
  | { filteredNames: Record<string, RouterFilter> }
  | { failingNames: string[] };

const UPSTREAM_TIMEOUT_MS = 2000;
export const SLOW_ANSWER_MS = 3200;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const RCODE_REFUSED = 5;
const EDE_BLOCKED = 15;

let mode: RouterDnsMode = 'forward';
let localNames: Record<string, string> = {};
let filteredNames: Record<string, RouterFilter> = {};
let failingNames = new Set<string>();

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

/** The filter's answer: its null addresses, or a refusal that says why when the query speaks EDNS. */
function filterAnswer(query: dnsPacket.Packet, filter: RouterFilter): Buffer {
  const question = query.questions?.[0];
  const sinkhole = question?.type === 'A' ? '0.0.0.0' : question?.type === 'AAAA' ? '::' : null;
  const answers: dnsPacket.Answer[] =
    filter === 'sinkhole' && question && sinkhole
      ? [{ type: question.type as 'A', name: question.name, ttl: 2, class: 'IN', data: sinkhole }]
      : [];
  const edns = query.additionals?.some((record) => record.type === 'OPT') ?? false;
  const options = filter === 'refuse' ? [edeOption(EDE_BLOCKED, 'Blocked by the lab filter')] : [];
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (filter === 'refuse' ? RCODE_REFUSED : 0),
    questions: query.questions ?? [],
    answers,
    additionals: edns ? [optRecord(options)] : [],
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
  const name = (query.questions?.[0]?.name ?? '').toLowerCase();
  const local = localNames[name];
  const filter = filteredNames[name];
  if (failingNames.has(name) && mode === 'forward') reply(answerWithRcode(query, RCODE_SERVFAIL));
  else if (filter && mode === 'forward') reply(filterAnswer(query, filter));
  else if (local && mode === 'forward') reply(localAnswer(query, local));
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
  if ('filteredNames' in command) {
    filteredNames = command.filteredNames;
    return;
  }
  if ('failingNames' in command) {
    failingNames = new Set(command.failingNames);
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
