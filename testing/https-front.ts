import net from "node:net";
import tls from "node:tls";

export interface HttpsFront {
  /** e.g. https://localhost:41234 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * TLS in front of a plain-HTTP app on loopback, as a load balancer terminates HTTPS in production: the
 * connector only ever talks HTTPS with a verified certificate (the simulator's test PKI, for localhost).
 * Bytes are passed through untouched, so streaming (the connector's channel) behaves as behind a real one.
 * While the app is down, connections are accepted and closed at once, as a load balancer without a backend.
 */
export async function startHttpsFront(input: {
  targetPort: number;
  credentials: { keyPem: string; certChainPem: string };
  port?: number;
}): Promise<HttpsFront> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: input.credentials.keyPem, cert: input.credentials.certChainPem }, (client) => {
    const upstream = net.connect(input.targetPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream).pipe(client);
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(input.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://localhost:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
