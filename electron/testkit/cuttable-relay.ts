// A TCP relay on 127.0.0.1 that a test can cut and restore: the network path
// between a laptop and its Prometheus. Cut, it drops the open connections and
// resets each new one at once, before anything reaches the target (what a
// laptop sees when its uplink goes), counting them so a test knows how often
// the sender tried; restored, it relays again on the same port.
import { createServer, connect, type Socket } from 'node:net';

export interface CuttableRelay {
  port: number;
  /** Connections reset while cut: the sender's attempts. */
  readonly refused: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttableRelay(target: { host: string; port: number }): Promise<CuttableRelay> {
  const sockets = new Set<Socket>();
  let isCut = false;
  let refused = 0;
  const server = createServer((client) => {
    if (isCut) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dropOpen = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    get refused() {
      return refused;
    },
    cut: async () => {
      isCut = true;
      dropOpen();
    },
    restore: async () => {
      isCut = false;
    },
    close: async () => {
      dropOpen();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
