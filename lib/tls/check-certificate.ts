import net from "node:net";
import tls from "node:tls";
import { describeChain } from "./describe-certificate";
import {
  explainConnectError,
  explainHttpUrl,
  explainTimeout,
  type FailureExplanation,
  formatDay,
} from "./explain-failure";
import type { CertificateDetails, CertificateReport, CertificateWarning } from "./report";

export interface CheckCertificateInput {
  /** The EWS (or any https:) URL the admin gave; only its host and port are used. */
  url: string;
  /** Extra roots (the organisation's own CA, EXCHANGE_CA_FILE; one PEM may hold several), added to the public ones. */
  caPem?: string;
  /** One limit for DNS, TCP connect and the TLS handshake together. */
  timeoutMs: number;
  /** The outbound address policy's pinned lookup, so the check connects where the policy looked. */
  lookup?: net.LookupFunction;
  /** For days left and the expiry warning only; Node verifies validity against the real clock. */
  now?: Date;
}

const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

type HandshakeOutcome =
  | { kind: "secure"; protocol: string; chain: CertificateDetails[] }
  | { kind: "error"; error: NodeJS.ErrnoException; chain: CertificateDetails[] }
  | { kind: "timeout"; chain: CertificateDetails[] };

/**
 * One TLS handshake with Node's own verification, as every Exchange call will make it. Verification is
 * never relaxed to look at a refused certificate: Node's client checks the chain only after the handshake
 * has completed, and the 'OCSPResponse' event (emitted for `requestOCSP`, stapled answer or not) fires
 * inside that handshake while the peer certificate is still readable; by the time 'error' is emitted the
 * socket is gone. checkServerIdentity sees it too, for the hostname case.
 */
function handshake(input: {
  host: string;
  port: number;
  caPem?: string;
  lookup?: net.LookupFunction;
  timeoutMs: number;
  now: Date;
}): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    let presented: tls.DetailedPeerCertificate | undefined;
    const chainSeen = () => (presented?.raw ? describeChain({ leaf: presented, now: input.now }) : []);
    let settled = false;
    const settle = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };

    // tls.connect passes requestOCSP through to the TLSSocket; @types/node lists it on the socket's options only.
    const options: tls.ConnectionOptions & Pick<tls.TLSSocketOptions, "requestOCSP"> = {
      host: input.host,
      port: input.port,
      // SNI must be a name: RFC 6066 forbids IP literals there (Node warns), and Node then checks the IP SANs.
      servername: net.isIP(input.host) ? undefined : input.host,
      minVersion: "TLSv1.2",
      // Node's default level (1) still accepts 1024-bit RSA server keys and SHA-1 signatures.
      ciphers: "DEFAULT@SECLEVEL=2",
      ca: input.caPem ? [...tls.rootCertificates, input.caPem] : undefined,
      lookup: input.lookup,
      requestOCSP: true,
      checkServerIdentity: (hostname, certificate) => {
        presented = certificate as tls.DetailedPeerCertificate;
        return tls.checkServerIdentity(hostname, certificate);
      },
    };
    const socket = tls.connect(options);
    const timer = setTimeout(() => settle({ kind: "timeout", chain: chainSeen() }), input.timeoutMs);

    socket.on("OCSPResponse", () => {
      const peer = socket.getPeerCertificate(true);
      if (peer?.raw) presented = peer;
    });
    socket.once("secureConnect", () => {
      // rejectUnauthorized is on, so Node only gets here once verified; checked again so that a change
      // of Node defaults could never turn a refused certificate into a green padlock.
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? "UNKNOWN");
        settle({ kind: "error", error: Object.assign(new Error(code), { code }), chain: chainSeen() });
        return;
      }
      presented = socket.getPeerCertificate(true);
      settle({ kind: "secure", protocol: socket.getProtocol() ?? "unknown", chain: chainSeen() });
    });
    // `on`, not `once`: a late error after settling must not become an uncaught exception.
    socket.on("error", (error: NodeJS.ErrnoException) => settle({ kind: "error", error, chain: chainSeen() }));
  });
}

function expiryWarnings(input: { leaf: CertificateDetails; now: Date }): CertificateWarning[] {
  const remainingMs = new Date(input.leaf.validTo).getTime() - input.now.getTime();
  if (remainingMs > EXPIRY_WARNING_DAYS * DAY_MS) return [];
  const days = input.leaf.daysLeft;
  const when = days < 1 ? "today" : days === 1 ? "tomorrow" : `in ${days} days`;
  return [
    {
      kind: "expiring-soon",
      message: `The certificate expires on ${formatDay(input.leaf.validTo)} (${when}).`,
      hint: "Renew it on the Exchange server (Exchange admin center → Servers → Certificates) and assign it to IIS before then: Slotbridge stops connecting the moment it expires.",
    },
  ];
}

/**
 * Checks the certificate an Exchange server presents, as the wizard's "Certificate" step shows it.
 * Never throws for anything the server does; only a malformed URL or a scheme other than http(s) throws
 * (the wizard validates URLs before this). An http: URL is refused from its scheme alone, without connecting.
 */
export async function checkCertificate(input: CheckCertificateInput): Promise<CertificateReport> {
  const url = new URL(input.url);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Only https: URLs can be checked (got ${url.protocol})`);
  }
  const now = input.now ?? new Date();
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  // URL keeps IPv6 literals in brackets: right for display, wrong for connecting and for SANs.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const endpoint = `${url.hostname}:${port}`;
  const refuse = ({ explanation, chain }: { explanation: FailureExplanation; chain: CertificateDetails[] }) =>
    ({
      ok: false,
      host,
      port,
      ...explanation,
      certificate: chain[0] ?? null,
      chain,
      checkedAt: now.toISOString(),
    }) satisfies CertificateReport;

  if (url.protocol === "http:") return refuse({ explanation: explainHttpUrl(), chain: [] });

  const outcome = await handshake({
    host,
    port,
    caPem: input.caPem,
    lookup: input.lookup,
    timeoutMs: input.timeoutMs,
    now,
  });
  if (outcome.kind === "timeout") {
    return refuse({ explanation: explainTimeout({ endpoint, timeoutMs: input.timeoutMs }), chain: outcome.chain });
  }
  if (outcome.kind === "error") {
    const explanation = explainConnectError({ error: outcome.error, host, endpoint, chain: outcome.chain });
    return refuse({ explanation, chain: outcome.chain });
  }
  const leaf = outcome.chain[0];
  if (!leaf) {
    // Cannot happen after a verified handshake; refusing keeps the padlock honest if it ever did.
    const error = Object.assign(new Error("no certificate"), { code: "ERR_NO_PEER_CERTIFICATE" });
    return refuse({ explanation: explainConnectError({ error, host, endpoint, chain: [] }), chain: [] });
  }
  return {
    ok: true,
    host,
    port,
    tlsVersion: outcome.protocol,
    certificate: leaf,
    chain: outcome.chain,
    fingerprintSha256: leaf.fingerprintSha256,
    warnings: expiryWarnings({ leaf, now }),
    checkedAt: now.toISOString(),
  };
}
