// A TCP port whose SYNs go unanswered, on loopback, without firewall rules:
// a child process listens with a backlog of 1 and is then stopped (SIGSTOP),
// so it never accepts. Once two connections fill the accept queue, the kernel
// drops further SYNs and a connect times out, as to a black-holed host.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';

export interface StalledListener {
  address: string;
  port: number;
  close(): Promise<void>;
}

const LISTENER_SOURCE = `
const server = require('node:net').createServer(() => {});
server.listen({ host: process.argv[1], port: 0, backlog: 1 }, () => process.stdout.write(server.address().port + '\\n'));
`;

function fillOne(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
    socket.connect({ host: address, port });
  });
}

export async function startStalledListener(address = '127.0.0.1'): Promise<StalledListener> {
  const child = spawn(process.execPath, ['-e', LISTENER_SOURCE, address], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`stalled listener exited early (${code})`)));
    child.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  child.kill('SIGSTOP');
  // Two connections fill a backlog of 1 (the kernel allows backlog + 1).
  const fillers = [await fillOne(address, port), await fillOne(address, port)];
  return {
    address,
    port,
    async close() {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
      await exited;
    },
  };
}
