import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * One participant's network link to the server: a TCP relay that can fall silent the way a
 * dropped Wi-Fi or a lost NAT mapping does. After `cut()` the connections it carried stay open
 * at both ends, but nothing passes either way ever again and no close reaches anyone: each end
 * must find out by itself. Connections opened while it is cut wait (as a browser's connection
 * attempt retries) and go through once the link is `restore()`d.
 */
export class SilentLink {
  private cut_ = false;
  private readonly carried = new Set<Socket>();
  private readonly frozen = new Set<Socket>();
  private readonly waiting = new Set<Socket>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    /** The server's port on 127.0.0.1. */
    private readonly targetPort: number,
  ) {}

  /**
   * Listens on `at` (by default a free port of 127.0.0.1). A browser told to resolve `localhost`
   * to another loopback address can reach the server through a link on the server's own port
   * there: same origin as the server, its own network path.
   */
  static async open(targetPort: number, at: { host: string; port: number } = { host: '127.0.0.1', port: 0 }): Promise<SilentLink> {
    const server = createServer();
    const link = new SilentLink(server, targetPort);
    server.on('connection', (socket) => link.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at.port, at.host, resolve);
    });
    return link;
  }

  /** `http://localhost:<port>`: the server as seen through this link. */
  get url(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  cut(): void {
    this.cut_ = true;
    for (const socket of this.carried) {
      socket.unpipe();
      socket.pause();
      this.frozen.add(socket);
    }
    this.carried.clear();
  }

  restore(): void {
    this.cut_ = false;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const socket of waiting) this.relay(socket);
  }

  /** Resets the connections that died when the link was cut, as a router finally does: both ends see them close. */
  sever(): void {
    for (const socket of this.frozen) socket.destroy();
    this.frozen.clear();
  }

  /** Closes the link and every connection it ever carried, frozen or not. */
  async dispose(): Promise<void> {
    for (const socket of [...this.carried, ...this.frozen, ...this.waiting]) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => client.destroy());
    if (!this.cut_) {
      this.relay(client);
      return;
    }
    client.pause();
    this.waiting.add(client);
  }

  private relay(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    upstream.on('error', () => upstream.destroy());
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.carried.add(from);
      from.pipe(to);
      from.on('close', () => {
        // A frozen connection's closing is exactly what the silent link does not pass on.
        if (this.carried.delete(from)) to.destroy();
      });
    }
    client.resume();
  }
}
