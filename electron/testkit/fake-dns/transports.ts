// The fake DNS server's sockets: UDP and TCP bound on one port, TCP messages
// framed by their two-byte length, and a second UDP socket for answers that
// must come from the wrong port. What to answer is the server's business.
import dgram from 'node:dgram';
import net from 'node:net';

/** Answers one query from `from` (the client's address); `send` gets each message, `fromElsewhere` marks one sent from another port. */
export type Respond = (
  message: Buffer,
  transport: 'udp' | 'tcp',
  send: (packet: Buffer, fromElsewhere: boolean) => void,
  from: string,
) => void;

export interface DnsListeners {
  port: number;
  /** Ends every connection and frees both ports (and the spoofing socket). */
  close(): Promise<void>;
}

const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

async function bindUdp(socket: dgram.Socket, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket.address().port;
}

async function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Binds UDP and TCP on one port; with port 0 it retries until a free UDP port is also free on TCP. */
async function listenOnBoth(
  host: string,
  requestedPort: number,
  socketType: 'udp4' | 'udp6',
  onDatagram: (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo) => void,
  onConnection: (connection: net.Socket) => void,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    // A deep receive queue so a burst (a round asks many names at once) is not dropped by the kernel
    // (capped by net.core.rmem_max).
    const udp = dgram.createSocket({ type: socketType, recvBufferSize: UDP_RECEIVE_BUFFER });
    // A send to a vanished client must not take the server down.
    udp.on('error', () => {});
    udp.on('message', (message, remote) => onDatagram(udp, message, remote));
    let port: number;
    try {
      port = await bindUdp(udp, host, requestedPort);
    } catch (error) {
      udp.close();
      throw error;
    }
    const tcp = net.createServer(onConnection);
    try {
      await listenTcp(tcp, host, port);
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const code = (error as NodeJS.ErrnoException).code;
      if (requestedPort !== 0 || code !== 'EADDRINUSE' || attempt >= 20) throw error;
    }
  }
}

/** Listens on UDP and TCP (same port; 0 = a free one) and hands every message to `respond`. */
export async function listenDns(
  host: string,
  requestedPort: number,
  tcpIdleMs: number,
  respond: Respond,
): Promise<DnsListeners> {
  const socketType = net.isIPv6(host) ? 'udp6' : 'udp4';
  const connections = new Set<net.Socket>();
  let spoofSocket: dgram.Socket | null = null;

  const onDatagram = (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo): void => {
    respond(
      message,
      'udp',
      (packet, fromElsewhere) => {
        if (!fromElsewhere) {
          udp.send(packet, remote.port, remote.address, () => {});
          return;
        }
        if (!spoofSocket) {
          spoofSocket = dgram.createSocket(socketType);
          spoofSocket.on('error', () => {});
          spoofSocket.bind({ address: host, port: 0 });
        }
        spoofSocket.send(packet, remote.port, remote.address, () => {});
      },
      remote.address,
    );
  };

  const onConnection = (connection: net.Socket): void => {
    connections.add(connection);
    connection.setNoDelay(true);
    connection.setTimeout(tcpIdleMs, () => connection.destroy());
    connection.on('error', () => {});
    connection.on('close', () => connections.delete(connection));
    let pending = Buffer.alloc(0);
    connection.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        respond(
          message,
          'tcp',
          (packet) => {
            if (connection.destroyed) return;
            const frame = Buffer.alloc(2 + packet.length);
            frame.writeUInt16BE(packet.length, 0);
            packet.copy(frame, 2);
            connection.write(frame);
          },
          connection.remoteAddress ?? '',
        );
      }
    });
  };

  const { udp, tcp, port } = await listenOnBoth(host, requestedPort, socketType, onDatagram, onConnection);
  return {
    port,
    async close() {
      for (const connection of connections) connection.destroy();
      const closing: Promise<void>[] = [
        new Promise((resolve) => udp.close(() => resolve())),
        new Promise((resolve) => tcp.close(() => resolve())),
      ];
      const spoof = spoofSocket;
      if (spoof) closing.push(new Promise((resolve) => spoof.close(() => resolve())));
      await Promise.all(closing);
    },
  };
}
