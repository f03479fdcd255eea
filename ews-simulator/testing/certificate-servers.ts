import https from "node:https";
import type { AddressInfo } from "node:net";
import { loadOrCreateAuthorities } from "../pki/authorities";
import { openPemStore } from "../pki/pem-store";
import { ensurePki } from "../pki/pki";
import { TEST_PKI_DIR } from "./test-simulator";

/**
 * HTTPS servers presenting certificates the simulator's listeners do not, made from the same test PKI (so
 * `caPem` of a test simulator is the root they chain to):
 * - `ca-as-leaf`: the issuing CA's own certificate and key, as an admin who bound the CA certificate to
 *   IIS would serve it (OpenSSL: INVALID_PURPOSE);
 * - `untrusted-leaf-alone`: a leaf issued by a root nobody trusts, sent without any chain: to OpenSSL the
 *   same UNABLE_TO_VERIFY_LEAF_SIGNATURE as a leaf whose intermediate is missing.
 * Every request that gets through TLS is answered 200 with a short text body.
 */
export type CertificateServerKind = "ca-as-leaf" | "untrusted-leaf-alone";

export interface CertificateServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const firstPem = (chain: string) =>
  /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(chain)?.[0] ?? "";

async function credentialsFor(kind: CertificateServerKind): Promise<{ key: string; cert: string }> {
  const pki = await ensurePki({ dir: TEST_PKI_DIR });
  if (kind === "untrusted-leaf-alone") {
    const { keyPem, certChainPem } = pki.credentials["untrusted-ca"];
    return { key: keyPem, cert: firstPem(certChainPem) };
  }
  const authorities = await loadOrCreateAuthorities({ store: await openPemStore(TEST_PKI_DIR), now: new Date() });
  return { key: authorities.intermediate.keyPem, cert: authorities.intermediate.certPem };
}

export async function startCertificateServer(kind: CertificateServerKind): Promise<CertificateServer> {
  const server = https.createServer(
    { ...(await credentialsFor(kind)), minVersion: "TLSv1.2" },
    (_request, response) => {
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.end("certificate test server");
    },
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}/EWS/Exchange.asmx`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
