import { X509Certificate } from "node:crypto";
import type { LookupAddress } from "node:dns";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListenerVariant } from "@/ews-simulator/pki/variants";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { startCertificateServer } from "@/ews-simulator/testing/certificate-servers";
import { startTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { checkCertificate } from "./check-certificate";
import type { CertificateAccepted, CertificateRefused, CertificateReport } from "./report";

const TIMEOUT_MS = 5_000;
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const EAC = "Exchange admin center → Servers → Certificates";

let simulator: RunningSimulator;
// Accepts TCP and never says a word: what a server behind a half-open firewall looks like.
let silentServer: net.Server;
const silentSockets = new Set<net.Socket>();

beforeAll(async () => {
  simulator = await startTestSimulator();
  silentServer = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on("close", () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silentServer.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silentServer?.close(resolve));
  await simulator?.stop();
});

/** Independent of the code under test: the admin-facing day, in UTC. */
function day(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function check(input: { variant: ListenerVariant; trustTestCa?: boolean }): Promise<CertificateReport> {
  return checkCertificate({
    url: simulator.listeners[input.variant].url,
    caPem: input.trustTestCa === false ? undefined : simulator.caPem,
    timeoutMs: TIMEOUT_MS,
  });
}

function refused(report: CertificateReport): CertificateRefused {
  if (report.ok) throw new Error(`expected a refusal, got a padlock for ${report.certificate.subject.commonName}`);
  // Whatever happened, the report must survive a server action's serialisation unchanged.
  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  return report;
}

function accepted(report: CertificateReport): CertificateAccepted {
  if (!report.ok) throw new Error(`expected a padlock, got ${report.reason}: ${report.message}`);
  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  return report;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a certificate Node verifies", () => {
  it("valid: a padlock summary with the whole chain up to the trusted root", async () => {
    const report = accepted(await check({ variant: "valid" }));
    expect(report.host).toBe("localhost");
    expect(report.port).toBe(simulator.listeners.valid.port);
    expect(["TLSv1.2", "TLSv1.3"]).toContain(report.tlsVersion);

    const [leaf, intermediate, root] = report.chain;
    expect(report.chain).toHaveLength(3);
    expect(report.certificate).toEqual(leaf);
    expect(leaf?.subject).toEqual({ commonName: "localhost", organization: "Slotbridge EWS Simulator (test only)" });
    expect(leaf?.subjectAltNames).toEqual(["DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1"]);
    expect(leaf?.issuer.commonName).toBe("Slotbridge Test Issuing CA");
    expect(intermediate?.subject.commonName).toBe("Slotbridge Test Issuing CA");
    expect(intermediate?.issuer.commonName).toBe("Slotbridge Test Root CA");
    expect(root?.subject.commonName).toBe("Slotbridge Test Root CA");
    expect(root?.selfIssued).toBe(true);
    expect(leaf?.selfIssued).toBe(false);
    expect(root?.fingerprintSha256).toBe(new X509Certificate(simulator.caPem).fingerprint256);

    expect(report.fingerprintSha256).toMatch(FINGERPRINT);
    expect(report.fingerprintSha256).toBe(leaf?.fingerprintSha256);
    expect(leaf?.key).toEqual({ type: "RSA", bits: 2048, curve: null });
    const now = Date.now();
    expect(new Date(leaf?.validFrom ?? 0).getTime()).toBeLessThan(now);
    expect(new Date(leaf?.validTo ?? 0).getTime()).toBeGreaterThan(now);
    // The simulator keeps its "valid" leaf more than 30 days from expiry.
    expect(leaf?.daysLeft).toBeGreaterThan(30);
    expect(report.warnings).toEqual([]);
  });

  it("valid, addressed by IP: verified against the IP address SAN", async () => {
    const report = accepted(
      await checkCertificate({
        url: `https://127.0.0.1:${simulator.listeners.valid.port}/EWS/Exchange.asmx`,
        caPem: simulator.caPem,
        timeoutMs: TIMEOUT_MS,
      }),
    );
    expect(report.host).toBe("127.0.0.1");
  });

  it("warns when the certificate expires within 30 days, with the date and what to do", async () => {
    const first = accepted(await check({ variant: "valid" }));
    const now = new Date(new Date(first.certificate.validTo).getTime() - 12.5 * 86_400_000);
    const report = accepted(
      await checkCertificate({
        url: simulator.listeners.valid.url,
        caPem: simulator.caPem,
        timeoutMs: TIMEOUT_MS,
        now,
      }),
    );
    expect(report.certificate.daysLeft).toBe(12);
    expect(report.fingerprintSha256).toBe(first.fingerprintSha256);
    expect(report.warnings).toEqual([
      {
        kind: "expiring-soon",
        message: `The certificate expires on ${day(report.certificate.validTo)} (in 12 days).`,
        hint: `Renew it on the Exchange server (${EAC}) and assign it to IIS before then: Slotbridge stops connecting the moment it expires.`,
      },
    ]);
  });

  it("connects through the given lookup, and still checks the URL's name, not the address", async () => {
    const asked: string[] = [];
    const report = refused(
      await checkCertificate({
        url: `https://exchange.test:${simulator.listeners.valid.port}/EWS/Exchange.asmx`,
        caPem: simulator.caPem,
        timeoutMs: TIMEOUT_MS,
        lookup: (hostname, options, callback) => {
          asked.push(hostname);
          const answer: LookupAddress = { address: "127.0.0.1", family: 4 };
          process.nextTick(() => (options.all ? callback(null, [answer]) : callback(null, answer.address, 4)));
        },
      }),
    );
    expect(asked).toEqual(["exchange.test"]);
    expect(report.reason).toBe("hostname-mismatch");
    expect(report.message).toBe("The certificate is for localhost, 127.0.0.1, 0:0:0:0:0:0:0:1, not for exchange.test.");
  });

  it("never echoes the URL: user info, path and query stay out of the report", async () => {
    const { port } = simulator.listeners.valid;
    const report = await checkCertificate({
      url: `https://admin:hunter2@localhost:${port}/EWS/Exchange.asmx?token=s3cret`,
      caPem: simulator.caPem,
      timeoutMs: TIMEOUT_MS,
    });
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/hunter2|s3cret|admin:|Exchange\.asmx/);
  });
});

describe("a certificate Node refuses, named with its reason", () => {
  it("valid, but the test CA not configured: untrusted issuer (nothing is trusted by default)", async () => {
    const report = refused(await check({ variant: "valid", trustTestCa: false }));
    expect(report).toMatchObject({ reason: "untrusted-issuer", nodeCode: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" });
    expect(report.message).toBe(
      'The certificate was issued under "Slotbridge Test Root CA", a certificate authority Slotbridge does not trust.',
    );
    expect(report.hint).toBe(
      `If this is your organisation's own CA, an owner can add its root certificate in the organisation settings. Otherwise install a certificate from a public certificate authority (${EAC}) and assign it to IIS.`,
    );
    // What the server sent (leaf + intermediate) is still described, without relaxing verification.
    expect(report.chain.map((certificate) => certificate.subject.commonName)).toEqual([
      "localhost",
      "Slotbridge Test Issuing CA",
    ]);
    expect(report.certificate?.fingerprintSha256).toMatch(FINGERPRINT);
  });

  it("missing-intermediate: only the server's own certificate, so either its intermediate is missing or its CA is not trusted", async () => {
    const report = refused(await check({ variant: "missing-intermediate" }));
    expect(report).toMatchObject({ reason: "incomplete-chain", nodeCode: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    expect(report.message).toBe(
      'The server sent only its own certificate, issued by "Slotbridge Test Issuing CA", and Slotbridge cannot trace "Slotbridge Test Issuing CA" to a certificate authority it trusts. Either the server leaves out the intermediate certificate of "Slotbridge Test Issuing CA" (browsers often fetch it themselves and hide this; Slotbridge does not), or "Slotbridge Test Issuing CA" belongs to a certificate authority Slotbridge does not trust, such as your organisation\'s own.',
    );
    const endpoint = `localhost:${simulator.listeners["missing-intermediate"].port}`;
    expect(report.hint).toBe(
      `To tell them apart, look at the certificate's path on a PC (the browser's padlock → certificate → certification path, or openssl s_client -connect ${endpoint} -showcerts). If the path goes on from "Slotbridge Test Issuing CA" to a root above it, the intermediate is missing: import it into the Exchange server's Intermediate Certification Authorities store (or re-import the certificate as a .pfx with its full chain) and restart IIS. If "Slotbridge Test Issuing CA" is itself a root, or the path ends in your organisation's own root, an owner adds that root certificate in the organisation settings.`,
    );
    expect(report.chain).toHaveLength(1);
  });

  it("a leaf from a CA nobody trusts, sent alone: to OpenSSL the same code, so the same two possibilities, named after its issuer", async () => {
    const server = await startCertificateServer("untrusted-leaf-alone");
    try {
      const report = refused(
        await checkCertificate({ url: server.url, caPem: simulator.caPem, timeoutMs: TIMEOUT_MS }),
      );
      expect(report).toMatchObject({ reason: "incomplete-chain", nodeCode: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
      expect(report.message).toMatch(
        /^The server sent only its own certificate, issued by "Unrelated Test Root CA", .* or "Unrelated Test Root CA" belongs to a certificate authority Slotbridge does not trust/,
      );
      expect(report.chain).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it("a CA certificate presented as the server's own: named, with the fix", async () => {
    const server = await startCertificateServer("ca-as-leaf");
    try {
      const report = refused(
        await checkCertificate({ url: server.url, caPem: simulator.caPem, timeoutMs: TIMEOUT_MS }),
      );
      expect(report).toMatchObject({ reason: "not-a-server-certificate", nodeCode: "INVALID_PURPOSE" });
      expect(report.message).toBe(
        'The server presents the certificate of a certificate authority, "Slotbridge Test Issuing CA", instead of a certificate of its own. A CA certificate may only sign other certificates: no TLS client accepts it as a server\'s.',
      );
      expect(report.hint).toBe(
        `On the Exchange server, request a certificate for localhost from that CA, or import one it issued together with its private key (${EAC}), and assign that certificate to IIS. The CA's own certificate belongs in the server's certificate stores only.`,
      );
      expect(report.certificate).toMatchObject({ subject: { commonName: "Slotbridge Test Issuing CA" }, isCa: true });
    } finally {
      await server.stop();
    }
  });

  it("self-signed", async () => {
    const report = refused(await check({ variant: "self-signed" }));
    expect(report).toMatchObject({ reason: "self-signed", nodeCode: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(report.message).toBe(
      "The server presents a self-signed certificate (localhost), which no certificate authority vouches for. Exchange installs one by default.",
    );
    expect(report.hint).toBe(
      `Install a certificate issued by a public certificate authority or your organisation's own CA (${EAC}) and assign it to IIS. Self-signed certificates are not supported.`,
    );
    expect(report.certificate?.selfIssued).toBe(true);
  });

  it("expired", async () => {
    const report = refused(await check({ variant: "expired" }));
    expect(report).toMatchObject({ reason: "expired", nodeCode: "CERT_HAS_EXPIRED" });
    const validTo = report.certificate?.validTo ?? "";
    expect(new Date(validTo).getTime()).toBeLessThan(Date.now());
    expect(report.certificate?.daysLeft).toBeLessThan(0);
    expect(report.message).toBe(`The certificate expired on ${day(validTo)}.`);
    expect(report.hint).toBe(`Renew it on the Exchange server (${EAC}) and assign it to IIS.`);
  });

  it("not-yet-valid", async () => {
    const report = refused(await check({ variant: "not-yet-valid" }));
    expect(report).toMatchObject({ reason: "not-yet-valid", nodeCode: "CERT_NOT_YET_VALID" });
    const validFrom = report.certificate?.validFrom ?? "";
    expect(new Date(validFrom).getTime()).toBeGreaterThan(Date.now());
    expect(report.message).toBe(`The certificate is not valid until ${day(validFrom)}.`);
    expect(report.hint).toMatch(/^Keep the previous certificate assigned to IIS until then/);
  });

  it("wrong-hostname: hostname mismatch, naming what the certificate is for", async () => {
    const report = refused(await check({ variant: "wrong-hostname" }));
    expect(report).toMatchObject({ reason: "hostname-mismatch", nodeCode: "ERR_TLS_CERT_ALTNAME_INVALID" });
    expect(report.message).toBe("The certificate is for mail.wrong-host.test, not for localhost.");
    expect(report.hint).toBe(
      `Use a URL with a name the certificate covers, or get a certificate that lists localhost as a subject alternative name (${EAC}) and assign it to IIS.`,
    );
  });

  it("untrusted-ca: untrusted issuer (a root in the chain, not a self-signed leaf)", async () => {
    const report = refused(await check({ variant: "untrusted-ca" }));
    expect(report).toMatchObject({ reason: "untrusted-issuer", nodeCode: "SELF_SIGNED_CERT_IN_CHAIN" });
    expect(report.message).toBe(
      'The certificate was issued under "Unrelated Test Root CA", a certificate authority Slotbridge does not trust.',
    );
  });

  it("rsa-1024: weak key under SECLEVEL=2 (Node's default level would accept it)", async () => {
    const report = refused(await check({ variant: "rsa-1024" }));
    // Node calls OpenSSL's X509_V_ERR_EE_KEY_TOO_SMALL "UNSPECIFIED"; the admin is shown OpenSSL's own name.
    expect(report).toMatchObject({ reason: "weak-key", nodeCode: "EE_KEY_TOO_SMALL" });
    expect(report.message).toBe(
      "The certificate's RSA key has only 1024 bits; Slotbridge requires at least a 2048-bit RSA key or a 256-bit EC key, signed with SHA-256 or stronger.",
    );
    expect(report.hint).toBe(
      `Request a new certificate with a 2048-bit (or larger) RSA key or an ECDSA P-256 key (${EAC}) and assign it to IIS.`,
    );
  });

  it("tls-legacy: TLS too old", async () => {
    const report = refused(await check({ variant: "tls-legacy" }));
    expect(report.reason).toBe("tls-too-old");
    expect(report.nodeCode).toMatch(/^ERR_SSL_(TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL)$/);
    expect(report.message).toBe("The server only offers TLS 1.1 or older; Slotbridge requires TLS 1.2 or newer.");
    expect(report.hint).toMatch(/^Enable TLS 1\.2 on the Exchange server/);
    expect(report.certificate).toBeNull();
  });
});

describe("no TLS, no server, no answer", () => {
  it("an http: URL is refused from its scheme, without connecting (even to a closed port)", async () => {
    for (const url of [
      simulator.listeners["plain-http"].url,
      `http://127.0.0.1:${await closedPort()}/EWS/Exchange.asmx`,
    ]) {
      const report = refused(await checkCertificate({ url, timeoutMs: TIMEOUT_MS }));
      expect(report).toMatchObject({ reason: "no-tls", nodeCode: null, certificate: null });
      expect(report.message).toBe(
        "This address starts with http://, so passwords and calendar data would travel unencrypted.",
      );
      expect(report.hint).toBe("Use the server's https:// address, e.g. https://mail.example.com/EWS/Exchange.asmx.");
    }
  });

  it("an https: URL pointed at the plain-HTTP port: no TLS (the answer is HTTP, not a TLS record)", async () => {
    const { port } = simulator.listeners["plain-http"];
    const report = refused(
      await checkCertificate({ url: `https://localhost:${port}/EWS/Exchange.asmx`, timeoutMs: TIMEOUT_MS }),
    );
    expect(report.reason).toBe("no-tls");
    expect(report.nodeCode).toMatch(/^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG)$/);
    expect(report.message).toBe(
      `localhost:${port} answered in plain HTTP, not TLS: nothing sent there would be encrypted.`,
    );
    expect(report.hint).toMatch(/^Check the port in the URL: Exchange serves EWS over HTTPS, normally on port 443\./);
  });

  it("a closed port: unreachable", async () => {
    const port = await closedPort();
    const report = refused(await checkCertificate({ url: `https://127.0.0.1:${port}/`, timeoutMs: TIMEOUT_MS }));
    expect(report).toMatchObject({ reason: "unreachable", nodeCode: "ECONNREFUSED", port });
    expect(report.message).toBe(`Nothing accepted the connection at 127.0.0.1:${port}: the server refused it.`);
    expect(report.hint).toMatch(/^Check the host name and port in the URL/);
  });

  it("a name that does not resolve: unreachable", async () => {
    const report = refused(
      await checkCertificate({
        url: "https://exchange.invalid/EWS/Exchange.asmx",
        timeoutMs: TIMEOUT_MS,
        // The test resolves nothing for real: the lookup answers as DNS would for an unknown name.
        lookup: (hostname, _options, callback) =>
          process.nextTick(() =>
            callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), ""),
          ),
      }),
    );
    expect(report).toMatchObject({ reason: "unreachable", nodeCode: "ENOTFOUND", port: 443 });
    expect(report.message).toBe("The name exchange.invalid could not be found in DNS.");
  });

  it("a server that accepts TCP and never answers: timed out, within the limit", async () => {
    const { port } = silentServer.address() as net.AddressInfo;
    const started = Date.now();
    const report = refused(await checkCertificate({ url: `https://127.0.0.1:${port}/`, timeoutMs: 500 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report).toMatchObject({ reason: "timed-out", nodeCode: null, certificate: null });
    expect(report.message).toBe(`127.0.0.1:${port} did not complete a TLS handshake within 0.5 seconds.`);
    expect(report.hint).toMatch(/^A firewall may be dropping the connection silently/);
  });

  it("only http(s) URLs are accepted at all", async () => {
    await expect(checkCertificate({ url: "ftp://localhost/", timeoutMs: TIMEOUT_MS })).rejects.toThrow(TypeError);
    await expect(checkCertificate({ url: "not a url", timeoutMs: TIMEOUT_MS })).rejects.toThrow(TypeError);
  });
});
