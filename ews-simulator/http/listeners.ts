import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Pki } from "../pki/pki";
import { LISTENER_VARIANTS, type ListenerVariant, type TlsVariant } from "../pki/variants";
import { LOOPBACK_HOST } from "./ports";

export interface Listener {
  variant: ListenerVariant;
  server: http.Server;
  port: number;
  /** Base URL, e.g. https://localhost:7443 */
  origin: string;
}

type RequestListener = (request: http.IncomingMessage, response: http.ServerResponse) => void;

function tlsOptionsFor(input: { variant: TlsVariant; pki: Pki }): https.ServerOptions {
  const { keyPem, certChainPem } = input.pki.credentials[input.variant];
  const base: https.ServerOptions = { key: keyPem, cert: certChainPem };
  if (input.variant === "rsa-1024") {
    // OpenSSL 3 refuses to load a 1024-bit key at its default security level.
    return { ...base, ciphers: "DEFAULT@SECLEVEL=0" };
  }
  if (input.variant === "tls-legacy") {
    return { ...base, minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" };
  }
  return { ...base, minVersion: "TLSv1.2" };
}

function createServerFor(input: { variant: ListenerVariant; pki: Pki; onRequest: RequestListener }): http.Server {
  const server =
    input.variant === "plain-http"
      ? http.createServer(input.onRequest)
      : https.createServer(tlsOptionsFor({ variant: input.variant, pki: input.pki }), input.onRequest);
  // Longer than the NTLM handshake's two round trips and than a client's think time between requests.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  // Handshake failures are the point of most listeners: they must not crash or spam the process.
  server.on("tlsClientError", () => {});
  server.on("clientError", (_error, socket) => {
    // Node's own answer, kept explicit: a TLS client that reached the plain-HTTP port reads this and fails.
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

async function listen(input: { server: http.Server; port: number }): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    input.server.once("error", reject);
    input.server.listen(input.port, LOOPBACK_HOST, () => {
      input.server.off("error", reject);
      resolve();
    });
  });
  return (input.server.address() as AddressInfo).port;
}

export async function startListeners(input: {
  pki: Pki;
  ports: Record<ListenerVariant, number>;
  createHandler: (variant: ListenerVariant) => RequestListener;
}): Promise<Record<ListenerVariant, Listener>> {
  const listeners = {} as Record<ListenerVariant, Listener>;
  try {
    for (const variant of LISTENER_VARIANTS) {
      const server = createServerFor({ variant, pki: input.pki, onRequest: input.createHandler(variant) });
      const port = await listen({ server, port: input.ports[variant] });
      const scheme = variant === "plain-http" ? "http" : "https";
      listeners[variant] = { variant, server, port, origin: `${scheme}://localhost:${port}` };
    }
  } catch (error) {
    await stopListeners(Object.values(listeners));
    throw error;
  }
  return listeners;
}

export async function stopListeners(listeners: Listener[]): Promise<void> {
  await Promise.all(
    listeners.map(
      (listener) =>
        new Promise<void>((resolve) => {
          listener.server.close(() => resolve());
          listener.server.closeAllConnections();
        }),
    ),
  );
}
