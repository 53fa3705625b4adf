// A TCP relay between one gateway instance and a server it needs (the sandbox, PostgreSQL), byte for byte, so every
// fault the server injects reaches the instance as it was sent. Its outbound connections leave from a loopback
// address of the instance's own (127.0.0.x), so the sandbox can tell which instance made a call. A partition cuts
// every connection (reset) and refuses new ones until it heals: the instance cannot reach that server at all.
import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpRelay {
  private readonly open = new Set<Socket>();
  private partitioned = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and relays to `target`, connecting from `localAddress` (if given). */
  static async start(target: { host: string; port: number }, localAddress?: string): Promise<TcpRelay> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const relay = new TcpRelay(server, typeof address === 'object' && address ? address.port : 0);
    server.on('connection', (client) => relay.accept(client, target, localAddress));
    return relay;
  }

  /** Cuts every connection and refuses new ones (true), or lets them through again (false). */
  partition(on: boolean): void {
    this.partitioned = on;
    if (on) for (const socket of this.open) socket.resetAndDestroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    this.server.close();
    await once(this.server, 'close').catch(() => undefined);
  }

  private accept(client: Socket, target: { host: string; port: number }, localAddress: string | undefined): void {
    if (this.partitioned) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: target.host, port: target.port, ...(localAddress ? { localAddress } : {}) });
    this.open.add(client);
    this.open.add(upstream);
    // Whichever side ends or fails, the other does the same: a reset is passed on as a reset.
    const close = (from: Socket, to: Socket) => {
      from.on('end', () => to.end());
      from.on('error', () => to.resetAndDestroy());
      from.on('close', () => {
        this.open.delete(from);
        if (!to.destroyed && !to.writableEnded) to.destroy();
      });
    };
    close(client, upstream);
    close(upstream, client);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
