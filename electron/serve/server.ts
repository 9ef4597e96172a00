// The HTTP side of `outage-watch serve`: the built window, the Bridge as JSON
// calls, and live state as server-sent events. Loopback only. Every request
// must name our own host and port (DNS rebinding), and carry the per-run token
// (other local pages and users); the token arrives once in the URL and then
// lives in an HttpOnly, SameSite=Strict cookie.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AppState, Bridge } from '../contracts/bridge';
import {
  CALL_PATH_PREFIX,
  DEMO_PATH,
  DEMO_SCENARIOS,
  EVENTS_PATH,
  TOKEN_COOKIE_PREFIX,
  TOKEN_HEADER,
  type DemoScenario,
  type DemoState,
} from '../contracts/serve-protocol';
import { createTranslator, type Language } from '../i18n/translate';
import { parseBridgeRequest } from '../contracts/bridge-validation';
import type { EngineBridge } from '../engine/engine';

export const SERVE_HOST = '127.0.0.1';
/** The built window (`npx vite build`), in the project folder of this module or of the bundle it is built into. */
export const RENDERER_DIR = join(projectFolder(fileURLToPath(new URL('.', import.meta.url))), 'dist', 'renderer');

/** The nearest folder up from `from` holding package.json (the source tree and dist-cli/ sit at different depths). */
function projectFolder(from: string): string {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return resolve(from, '..', '..');
  }
}
const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** What the demo adds: scenarios to switch between. */
export interface DemoBackend {
  getState(): DemoState;
  onState(listener: (state: DemoState) => void): () => void;
  switchTo(scenario: DemoScenario): Promise<DemoState>;
}

export interface ServeServerOptions {
  /** The engine side of the Bridge (the monitor behind it). */
  bridge: EngineBridge;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  demo?: DemoBackend | null;
  /** Language of the few plain-text error pages. */
  language: Language;
  /** The page was opened with ?lang=en|ar: show verdicts in that language. */
  onLanguage?: (language: Language) => void;
}

export interface ServeServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export type ServeErrorKind = 'port-in-use' | 'listen-failed';

export class ServeError extends Error {
  override name = 'ServeError';
  constructor(
    readonly kind: ServeErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Defence in depth for the window: only our own scripts, styles and API. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${text}\n`);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  // Start at login belongs to the desktop app; the served window hides it (state.startAtLogin is null).
  const bridge: Bridge = { ...options.bridge, setStartAtLogin: async () => false };
  const token = randomBytes(24).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const { t } = createTranslator(options.language);
  const sseClients = new Set<ServerResponse>();
  let port = 0;
  const cookieName = () => `${TOKEN_COOKIE_PREFIX}${port}`;
  const allowedHosts = () => new Set([`${SERVE_HOST}:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://${SERVE_HOST}:${port}`, `http://localhost:${port}`]);

  const serveStatic = async (pathname: string, response: ServerResponse) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    const file = normalize(join(staticRoot, relative));
    if (!file.startsWith(staticRoot + sep)) return sendText(response, 404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return sendText(response, 404, 'not found');
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed asset names never change content; the page itself always revalidates.
      'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(body);
  };

  const openEvents = (url: URL, request: IncomingMessage, response: ServerResponse) => {
    const topics = new Set((url.searchParams.get('topics') ?? 'state').split(','));
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const stops: (() => void)[] = [];
    if (topics.has('state')) {
      stops.push(bridge.onState((state: AppState) => send('state', state)));
      bridge.getState().then(
        (state) => send('state', state),
        () => undefined,
      );
    }
    if (topics.has('demo') && options.demo) {
      stops.push(options.demo.onState((state) => send('demo', state)));
      send('demo', options.demo.getState());
    }
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    sseClients.add(response);
    request.on('close', () => {
      clearInterval(heartbeat);
      for (const stop of stops) stop();
      sseClients.delete(response);
    });
  };

  const handleCall = async (name: string, request: IncomingMessage, response: ServerResponse) => {
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      return sendJson(response, 400, { error: (error as Error).message });
    }
    const args =
      body !== null && typeof body === 'object' && 'args' in body ? (body as { args: unknown }).args : undefined;
    const parsed = parseBridgeRequest({ call: name, args });
    if (!parsed.ok) return sendJson(response, 400, { error: parsed.problem });
    const calls = bridge as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const method = calls[parsed.request.call];
    if (!method) return sendJson(response, 404, { error: 'unknown call' });
    try {
      const result = await method.apply(bridge, parsed.request.args as unknown[]);
      sendJson(response, 200, { result: result ?? null });
    } catch (error) {
      sendJson(response, 500, { error: (error as Error).message });
    }
  };

  const handleDemo = async (request: IncomingMessage, response: ServerResponse) => {
    const demo = options.demo;
    if (request.method === 'GET') return sendJson(response, 200, { result: demo ? demo.getState() : null });
    if (!demo) return sendJson(response, 404, { error: 'not in demo mode' });
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch (error) {
      return sendJson(response, 400, { error: (error as Error).message });
    }
    const scenario = (body as { scenario?: unknown } | null)?.scenario;
    if (typeof scenario !== 'string' || !(DEMO_SCENARIOS as readonly string[]).includes(scenario)) {
      return sendJson(response, 400, { error: 'unknown scenario' });
    }
    try {
      sendJson(response, 200, { result: await demo.switchTo(scenario as DemoScenario) });
    } catch (error) {
      sendJson(response, 500, { error: (error as Error).message });
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    setSecurityHeaders(response);
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!allowedHosts().has(request.headers.host ?? '')) return sendText(response, 421, t('ui:serve.wrongHost'));
    const url = new URL(request.url ?? '/', `http://${SERVE_HOST}:${port}`);
    const method = request.method ?? 'GET';

    const requestedLanguage = url.searchParams.get('lang');
    const noteLanguage = () => {
      if (url.pathname === '/' && (requestedLanguage === 'en' || requestedLanguage === 'ar'))
        options.onLanguage?.(requestedLanguage);
    };

    const queryToken = url.searchParams.get('token');
    if (method === 'GET' && queryToken !== null && sameSecret(queryToken, token)) {
      url.searchParams.delete('token');
      noteLanguage();
      response.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(303, { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' });
      return response.end();
    }
    const given =
      (request.headers[TOKEN_HEADER] as string | undefined) ?? cookieValue(request.headers.cookie, cookieName());
    if (!sameSecret(given, token)) return sendText(response, 403, t('ui:serve.forbidden'));
    // Writes from another origin are refused even with the cookie (belt and braces with SameSite).
    const origin = request.headers.origin;
    if (method !== 'GET' && origin !== undefined && !origins().has(origin))
      return sendText(response, 403, t('ui:serve.forbidden'));

    if (url.pathname === EVENTS_PATH && method === 'GET') return openEvents(url, request, response);
    if (url.pathname.startsWith(CALL_PATH_PREFIX) && method === 'POST') {
      return handleCall(url.pathname.slice(CALL_PATH_PREFIX.length), request, response);
    }
    if (url.pathname === DEMO_PATH && (method === 'GET' || method === 'POST')) return handleDemo(request, response);
    if (url.pathname.startsWith('/api/')) return sendJson(response, 404, { error: 'unknown endpoint' });
    if (method !== 'GET' && method !== 'HEAD') return sendText(response, 405, 'method not allowed');
    noteLanguage();
    return serveStatic(url.pathname, response);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) sendJson(response, 500, { error: error.message });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ServeError(error.code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed', error.message)),
    );
    server.listen(options.port ?? 0, SERVE_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${SERVE_HOST}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        sseClients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
