// A delay line for the router: adds round-trip time to the client's traffic
// beyond the router, in user space, because some kernels (this machine's and
// CI's among them) are built without the netem qdisc. nftables redirects the
// client's forwarded TCP and DNS here; the original destination comes from
// conntrack; every chunk waits half the added round trip in each direction.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

export const DELAY_LINE_TCP_PORT = 9100;
export const DELAY_LINE_DNS_PORT = 9153;

export interface OriginalDestination {
  address: string;
  port: number;
}

/** Finds where a redirected flow was going, from the kernel's connection table. */
export function originalDestination(
  conntrack: string,
  protocol: 'tcp' | 'udp',
  clientAddress: string,
  clientPort: number,
): OriginalDestination | null {
  for (const line of conntrack.split('\n')) {
    if (!new RegExp(`\\s${protocol}\\s`).test(line)) continue;
    // The first tuple is the flow as the client sent it.
    const original = /src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+)/.exec(line);
    if (!original || original[1] !== clientAddress || Number(original[3]) !== clientPort) continue;
    return { address: original[2]!, port: Number(original[4]) };
  }
  return null;
}

function readConntrack(): string {
  return readFileSync('/proc/net/nf_conntrack', 'utf8');
}

export class DelayLine {
  private oneWayMs = 0;
  private tcp: Server | null = null;
  private udp: UdpSocket | null = null;

  constructor(private readonly listenAddress: string) {}

  get addedRoundTripMs(): number {
    return this.oneWayMs * 2;
  }

  async setRoundTrip(ms: number): Promise<void> {
    this.oneWayMs = ms / 2;
    if (ms > 0) await this.start();
  }

  /** Runs `action` after the one-way delay; equal delays keep chunks in order. */
  private later(action: () => void): void {
    setTimeout(action, this.oneWayMs);
  }

  private pipe(from: Socket, to: Socket): void {
    from.on('data', (chunk) => this.later(() => to.write(chunk)));
    from.on('end', () => this.later(() => to.end()));
    from.on('error', () => to.destroy());
    from.on('close', (hadError) => {
      if (hadError) to.destroy();
    });
  }

  private onTcp(client: Socket): void {
    client.on('error', () => client.destroy());
    const target = originalDestination(readConntrack(), 'tcp', client.remoteAddress ?? '', client.remotePort ?? 0);
    if (!target) {
      client.destroy();
      return;
    }
    client.pause();
    this.later(() => {
      const upstream = connect({ host: target.address, port: target.port });
      upstream.on('connect', () => {
        this.pipe(client, upstream);
        this.pipe(upstream, client);
        client.resume();
      });
      upstream.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
    });
  }

  private onDatagram(listener: UdpSocket, message: Buffer, peer: { address: string; port: number }): void {
    const target = originalDestination(readConntrack(), 'udp', peer.address, peer.port);
    if (!target) return;
    this.later(() => {
      const upstream = createSocket('udp4');
      const timer = setTimeout(() => upstream.close(), 10_000);
      upstream.on('error', () => {
        clearTimeout(timer);
        upstream.close();
      });
      upstream.on('message', (answer) => {
        clearTimeout(timer);
        upstream.close();
        // Sent from the redirected socket, so conntrack restores the resolver's address as the source.
        this.later(() => listener.send(answer, peer.port, peer.address));
      });
      upstream.send(message, target.port, target.address);
    });
  }

  private async start(): Promise<void> {
    if (!this.tcp) {
      const server = createServer((client) => this.onTcp(client));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(DELAY_LINE_TCP_PORT, this.listenAddress, () => resolve());
      });
      this.tcp = server;
    }
    if (!this.udp) {
      const socket = createSocket('udp4');
      socket.on('message', (message, peer) => this.onDatagram(socket, message, peer));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(DELAY_LINE_DNS_PORT, this.listenAddress, () => resolve());
      });
      this.udp = socket;
    }
  }
}
