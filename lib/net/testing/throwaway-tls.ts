import { webcrypto } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";

/**
 * A CA and a leaf for `hostnames`, made in memory for one test file (ECDSA P-256: milliseconds, not the
 * seconds RSA takes), and an HTTPS server on 127.0.0.1 presenting it. Test-only; never imported by app code.
 */
export interface ThrowawayServer {
  port: number;
  caPem: string;
  /** The SNI name of every TLS connection the server accepted, in order. */
  serverNames: (string | false)[];
  close(): Promise<void>;
}

const ECDSA = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

async function loadX509() {
  // @peculiar/x509 registers its services with tsyringe, which needs Reflect metadata functions to load.
  const reflect = Reflect as typeof Reflect & Record<string, unknown>;
  if (!reflect.getMetadata) {
    const store = new WeakMap<object, Map<unknown, unknown>>();
    reflect.getOwnMetadata = (key: unknown, target: object) => store.get(target)?.get(key);
    reflect.getMetadata = (key: unknown, target: object) => {
      for (let at: object | null = target; at; at = Object.getPrototypeOf(at)) {
        const value = store.get(at)?.get(key);
        if (value !== undefined) return value;
      }
      return undefined;
    };
    reflect.defineMetadata = (key: unknown, value: unknown, target: object) => {
      store.set(target, (store.get(target) ?? new Map()).set(key, value));
    };
  }
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  return x509;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ECDSA, true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function startThrowawayServer(input: { hostnames: string[] }): Promise<ThrowawayServer> {
  const x509 = await loadX509();
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 24 * 3600_000);
  const caKeys = await generateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Slotbridge lib/net test CA",
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ECDSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const leafKeys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: `CN=${input.hostnames[0] ?? "localhost"}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ECDSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(input.hostnames.map((value) => ({ type: "dns" as const, value }))),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey as webcrypto.CryptoKey);

  const serverNames: (string | false)[] = [];
  const server = https.createServer(
    { cert: leaf.toString("pem"), key: x509.PemConverter.encode(keyDer, "PRIVATE KEY") },
    (_request, response) => response.end("ok"),
  );
  // Node sets `servername` on accepted TLS sockets; @types/node 20 does not declare it.
  server.on("secureConnection", (socket) =>
    serverNames.push((socket as { servername?: string | false }).servername ?? false),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caPem: ca.toString("pem"),
    serverNames,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
