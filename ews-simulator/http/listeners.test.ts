import http from "node:http";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import type { TlsVariant } from "../pki/variants";
import { setUpTestSimulator } from "../testing/test-simulator";

const simulator = setUpTestSimulator({ resetEach: false });

interface Handshake {
  error?: string;
  message?: string;
  protocol?: string | null;
  bits?: number;
  subjectAltName?: string;
}

function handshake(input: { variant: TlsVariant | "plain-http"; options?: tls.ConnectionOptions }): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: "localhost",
      port: simulator.listeners[input.variant].port,
      ca: [simulator.caPem],
      ...input.options,
    });
    socket.setTimeout(5_000, () => socket.destroy(Object.assign(new Error("timeout"), { code: "TEST_TIMEOUT" })));
    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate();
      resolve({ protocol: socket.getProtocol(), bits: peer.bits, subjectAltName: peer.subjectaltname });
      socket.end();
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, message: error.message }),
    );
  });
}

describe("certificate variants, trusting only the simulator's root", () => {
  it("valid: verifies for localhost with the intermediate sent along", async () => {
    const result = await handshake({ variant: "valid" });
    expect(result.error).toBeUndefined();
    expect(result.protocol).toBe("TLSv1.3");
    expect(result.subjectAltName).toContain("DNS:localhost");
    expect(result.subjectAltName).toContain("IP Address:127.0.0.1");
  });

  it("valid: also verifies when addressed by IP", async () => {
    const result = await handshake({ variant: "valid", options: { host: "127.0.0.1" } });
    expect(result.error).toBeUndefined();
  });

  it("valid: is refused when the test root is not trusted (nothing is by default)", async () => {
    const result = await handshake({ variant: "valid", options: { ca: undefined } });
    expect(result.error).toBe("UNABLE_TO_GET_ISSUER_CERT_LOCALLY");
  });

  it.each([
    ["missing-intermediate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["expired", "CERT_HAS_EXPIRED"],
    ["not-yet-valid", "CERT_NOT_YET_VALID"],
    ["wrong-hostname", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ["untrusted-ca", "SELF_SIGNED_CERT_IN_CHAIN"],
  ] as const)("%s: fails with %s", async (variant, code) => {
    expect((await handshake({ variant })).error).toBe(code);
  });

  it("rsa-1024: presents a 1024-bit key; Node's default level (1) accepts it, SECLEVEL=2 refuses it", async () => {
    const nodeDefault = await handshake({ variant: "rsa-1024" });
    expect(nodeDefault.error).toBeUndefined();
    expect(nodeDefault.bits).toBe(1024);
    const strict = await handshake({ variant: "rsa-1024", options: { ciphers: "DEFAULT@SECLEVEL=2" } });
    // Node has no name for OpenSSL's X509_V_ERR_EE_KEY_TOO_SMALL: only the message tells.
    expect(strict.error).toBe("UNSPECIFIED");
    expect(strict.message).toBe("EE certificate key too weak");
  });

  it("tls-legacy: refused by a client with Node's TLS 1.2 floor, but really speaks TLS 1.1", async () => {
    const modern = await handshake({ variant: "tls-legacy" });
    expect(modern.error).toMatch(/^ERR_SSL_(TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL)$/);
    const legacy = await handshake({
      variant: "tls-legacy",
      options: { minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" },
    });
    expect(legacy.error).toBeUndefined();
    expect(legacy.protocol).toBe("TLSv1.1");
  });

  it("plain-http: a TLS client fails, a plain HTTP client gets the IIS challenge", async () => {
    const result = await handshake({ variant: "plain-http" });
    expect(result.error).toMatch(/^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ECONNRESET)$/);
    const status = await new Promise<{ status?: number; challenges: string[] }>((resolve, reject) => {
      http
        .get(simulator.listeners["plain-http"].url, (response) => {
          response.resume();
          const challenges = response.rawHeaders.filter((_, i) => response.rawHeaders[i - 1] === "WWW-Authenticate");
          resolve({ status: response.statusCode, challenges });
        })
        .on("error", reject);
    });
    expect(status.status).toBe(401);
    expect(status.challenges).toEqual(["Negotiate", "NTLM", 'Basic realm="localhost"']);
  });
});

describe("listeners", () => {
  it("report their ports, EWS URLs and the CA file", () => {
    expect(simulator.listeners.valid.url).toMatch(/^https:\/\/localhost:\d+\/EWS\/Exchange\.asmx$/);
    expect(simulator.listeners["plain-http"].url).toMatch(/^http:\/\/localhost:\d+\//);
    expect(simulator.caFile).toMatch(/root-ca\.pem$/);
  });
});
