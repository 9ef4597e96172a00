// `/metrics` over HTTP for a Prometheus that scrapes: the text exposition of
// the series, nothing else. Bound where the user said (loopback unless they
// wrote another address); small limits, since anything on that network may
// connect.
import { createServer, type Server } from 'node:http';
import type { HostPort } from '../contracts/config';
import type { ExportProblem } from '../contracts/export-status';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export type ListenResult = { ok: true; server: MetricsServer } | { ok: false; problem: ExportProblem };

function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

export function listenProblem(error: NodeJS.ErrnoException, where: string): ExportProblem {
  const kind =
    error.code === 'EADDRINUSE'
      ? 'port-in-use'
      : error.code === 'EADDRNOTAVAIL'
        ? 'address-unavailable'
        : 'listen-failed';
  return { kind, detail: `${where} (${error.code ?? error.message})`, status: null, at: new Date().toISOString() };
}

export function startMetricsServer(
  at: HostPort,
  exposition: () => Promise<{ text: string; contentType: string }>,
): Promise<ListenResult> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: the series are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    exposition().then(
      ({ text, contentType }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => response.writeHead(500).end(),
    );
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.maxConnections = 32;
  const where = `${hostForUrl(at.address)}:${at.port}`;
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, problem: listenProblem(error, where) }),
    );
    server.listen({ host: at.address, port: at.port, exclusive: true }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : at.port;
      resolve({
        ok: true,
        server: {
          url: `http://${hostForUrl(at.address)}:${port}/metrics`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        },
      });
    });
  });
}
