// A real HTTP/HTTPS server whose answers are chosen per Host header or path:
// the fake upstream behind tests, the lab and the built-in `demo`. It can
// answer, redirect, wait, hang, reset, trickle or flood, so every way a real
// service fails can be played back on loopback or inside a namespace.
import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const headersSchema = z.record(z.string(), z.string());

export const fakeHttpBehaviourSchema = z.discriminatedUnion('kind', [
  /** Answer with a status, headers and a body, optionally after a delay. */
  z.strictObject({
    kind: z.literal('respond'),
    status: z.number().int().min(100).max(599).default(200),
    headers: headersSchema.default({}),
    body: z.string().default(''),
    delayMs: z.number().int().min(0).default(0),
  }),
  /** Answer with a redirect to `location`. */
  z.strictObject({
    kind: z.literal('redirect'),
    location: z.string().min(1),
    status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).default(302),
    headers: headersSchema.default({}),
    delayMs: z.number().int().min(0).default(0),
  }),
  /** Accept the request and never answer. */
  z.strictObject({ kind: z.literal('hang') }),
  /** Send the status line and headers, then nothing more. */
  z.strictObject({
    kind: z.literal('hang-after-headers'),
    status: z.number().int().min(100).max(599).default(200),
    headers: headersSchema.default({}),
  }),
  /** Abort the connection with a TCP reset as soon as the request arrives. */
  z.strictObject({ kind: z.literal('reset') }),
  /** Send headers, then `chunk` every `intervalMs`, until the client leaves or the server closes. */
  z.strictObject({
    kind: z.literal('trickle'),
    status: z.number().int().min(100).max(599).default(200),
    headers: headersSchema.default({}),
    chunk: z.string().min(1).default('.'),
    intervalMs: z.number().int().min(1).default(50),
  }),
  /** Send a body of `bytes` bytes as fast as the client reads it. */
  z.strictObject({
    kind: z.literal('huge-body'),
    status: z.number().int().min(100).max(599).default(200),
    headers: headersSchema.default({}),
    bytes: z.number().int().min(0),
  }),
]);

export type FakeHttpBehaviour = z.input<typeof fakeHttpBehaviourSchema>;
type Behaviour = z.output<typeof fakeHttpBehaviourSchema>;

export interface FakeHttpOptions {
  host?: string;
  port?: number;
  tls?: { certPem: string; keyPem: string };
  /** The request log keeps this many of the latest requests (the demo runs for hours). Default 1000. */
  maxLoggedRequests?: number;
}

export interface FakeHttpRequestLog {
  method: string;
  /** The Host header's name, lower-case, without port. */
  host: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  remoteAddress: string | null;
  at: number;
}

export interface FakeHttpHandle {
  address: string;
  port: number;
  protocol: 'http' | 'https';
  /** A URL on this server; `hostname` defaults to the listen address. */
  url(path?: string, hostname?: string): string;
  /** A key starting with "/" matches the path (without query); otherwise the Host header's name. Paths win over hosts. */
  setRoute(hostOrPath: string, behaviour: FakeHttpBehaviour): void;
  setDefault(behaviour: FakeHttpBehaviour): void;
  /** The latest requests, oldest first, bounded by maxLoggedRequests. */
  readonly requests: FakeHttpRequestLog[];
  /** TCP connections currently open. */
  openConnections(): number;
  /** What clients sent since the start or the last resetTraffic(): the benchmarks' load counts. */
  traffic(): FakeHttpTraffic;
  resetTraffic(): void;
  close(): Promise<void>;
}

export interface FakeHttpTraffic {
  /** TCP connections accepted. */
  connections: number;
  /** TLS handshakes completed, by the name the client asked for (SNI; "" without one). */
  handshakes: Record<string, number>;
  /** Of those, the ones that resumed an earlier session (no certificate sent). */
  resumedHandshakes: number;
  /** Requests, by the Host header's name. */
  requests: Record<string, number>;
}

const noTraffic = (): FakeHttpTraffic => ({ connections: 0, handshakes: {}, resumedHandshakes: 0, requests: {} });

/** The name part of a Host header: lower-case, no port, no IPv6 brackets. */
export function hostHeaderName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\]/.exec(value);
  if (bracketed) return bracketed[1] ?? '';
  const colons = value.split(':').length - 1;
  return colons === 1 ? value.slice(0, value.indexOf(':')) : value;
}

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

const HUGE_BODY_CHUNK = Buffer.alloc(64 * 1024, 'x');

export async function startFakeHttp(options: FakeHttpOptions = {}): Promise<FakeHttpHandle> {
  const routes = new Map<string, Behaviour>();
  let fallback: Behaviour = fakeHttpBehaviourSchema.parse({ kind: 'respond', status: 200, body: 'ok' });
  const requests: FakeHttpRequestLog[] = [];
  let traffic = noTraffic();
  const maxLoggedRequests = options.maxLoggedRequests ?? 1000;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const later = (ms: number, action: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
    return timer;
  };

  const pick = (host: string, path: string): Behaviour => routes.get(path) ?? routes.get(host) ?? fallback;

  const play = (behaviour: Behaviour, req: http.IncomingMessage, res: http.ServerResponse): void => {
    switch (behaviour.kind) {
      case 'respond':
        later(behaviour.delayMs, () => {
          if (res.destroyed) return;
          res.writeHead(behaviour.status, { 'content-type': 'text/plain; charset=utf-8', ...behaviour.headers });
          res.end(behaviour.body);
        });
        return;
      case 'redirect':
        later(behaviour.delayMs, () => {
          if (res.destroyed) return;
          res.writeHead(behaviour.status, { ...behaviour.headers, location: behaviour.location });
          res.end();
        });
        return;
      case 'hang':
        return;
      case 'hang-after-headers':
        res.writeHead(behaviour.status, behaviour.headers);
        res.flushHeaders();
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'trickle': {
        res.writeHead(behaviour.status, behaviour.headers);
        res.flushHeaders();
        const tick = (): void => {
          if (res.destroyed || closing) return;
          res.write(behaviour.chunk);
          later(behaviour.intervalMs, tick);
        };
        later(behaviour.intervalMs, tick);
        return;
      }
      case 'huge-body': {
        res.writeHead(behaviour.status, { 'content-length': String(behaviour.bytes), ...behaviour.headers });
        let remaining = behaviour.bytes;
        const pump = (): void => {
          while (remaining > 0 && !res.destroyed) {
            const chunk =
              remaining >= HUGE_BODY_CHUNK.length ? HUGE_BODY_CHUNK : HUGE_BODY_CHUNK.subarray(0, remaining);
            remaining -= chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (remaining === 0) res.end();
        };
        pump();
        return;
      }
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = hostHeaderName(req.headers.host);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({
      method: req.method ?? 'GET',
      host,
      path,
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress ?? null,
      at: Date.now(),
    });
    if (requests.length > maxLoggedRequests) requests.splice(0, requests.length - maxLoggedRequests);
    traffic.requests[host] = (traffic.requests[host] ?? 0) + 1;
    req.resume();
    play(pick(host, path), req, res);
  };

  const server = options.tls
    ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, onRequest)
    : http.createServer(onRequest);
  // Hanging is a behaviour here, not something the server should cut short.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket: Socket) => {
    traffic.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    const name = typeof socket.servername === 'string' ? socket.servername : '';
    traffic.handshakes[name] = (traffic.handshakes[name] ?? 0) + 1;
    if (socket.isSessionReused()) traffic.resumedHandshakes += 1;
  });
  // A client that drops mid-handshake or sends garbage must not take the server down.
  server.on('tlsClientError', () => {});
  server.on('clientError', (_error, socket: Socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('fake HTTP server did not bind a TCP port');
  const protocol = options.tls ? 'https' : 'http';

  return {
    address: bound.address,
    port: bound.port,
    protocol,
    url(path = '/', hostname = bound.address) {
      return `${protocol}://${urlHost(hostname)}:${bound.port}${path.startsWith('/') ? path : `/${path}`}`;
    },
    setRoute(hostOrPath, behaviour) {
      routes.set(
        hostOrPath.startsWith('/') ? hostOrPath : hostOrPath.toLowerCase(),
        fakeHttpBehaviourSchema.parse(behaviour),
      );
    },
    setDefault(behaviour) {
      fallback = fakeHttpBehaviourSchema.parse(behaviour);
    },
    requests,
    openConnections: () => sockets.size,
    traffic: () => structuredClone(traffic),
    resetTraffic() {
      traffic = noTraffic();
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** A fake server described as JSON, for lab scripts that start it inside a network namespace. */
export const fakeHttpSpecSchema = z.strictObject({
  listen: z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }),
  /** PEM files; when present the server speaks HTTPS. */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** Keyed like setRoute: "/path" or a host name. */
  routes: z.record(z.string().min(1), fakeHttpBehaviourSchema).default({}),
  default: fakeHttpBehaviourSchema.optional(),
});

export type FakeHttpSpec = z.input<typeof fakeHttpSpecSchema>;

export async function runFakeHttpFromSpec(input: FakeHttpSpec): Promise<FakeHttpHandle> {
  const spec = fakeHttpSpecSchema.parse(input);
  const tls = spec.tls
    ? { certPem: await readFile(spec.tls.certFile, 'utf8'), keyPem: await readFile(spec.tls.keyFile, 'utf8') }
    : undefined;
  const handle = await startFakeHttp({ host: spec.listen.host, port: spec.listen.port, ...(tls ? { tls } : {}) });
  for (const [key, behaviour] of Object.entries(spec.routes)) handle.setRoute(key, behaviour);
  if (spec.default) handle.setDefault(spec.default);
  return handle;
}

/**
 * `node --import tsx electron/testkit/fake-http-server.ts SPEC.json`: serves the
 * spec, prints `listening <url>` once ready, and stops on SIGINT/SIGTERM.
 */
async function main(specPath: string): Promise<void> {
  const handle = await runFakeHttpFromSpec(JSON.parse(await readFile(specPath, 'utf8')) as FakeHttpSpec);
  process.stdout.write(`listening ${handle.url('/')}\n`);
  const stop = (): void => {
    void handle.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const specPath = process.argv[2];
  if (!specPath) {
    process.stderr.write('usage: fake-http-server.ts SPEC.json\n');
    process.exit(2);
  }
  main(specPath).catch((error: unknown) => {
    process.stderr.write(`fake-http-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
