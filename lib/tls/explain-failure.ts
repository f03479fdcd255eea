import { nameTlsError } from "./openssl-names";
import type { CertificateDetails, CertificateFailureReason, CertificateName } from "./report";

export interface FailureExplanation {
  reason: CertificateFailureReason;
  message: string;
  hint: string;
  nodeCode: string | null;
}

const EAC_CERTIFICATES = "Exchange admin center → Servers → Certificates";

/** Dates in messages are UTC calendar days: the admin and this server may sit in different zones. */
export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(iso),
  );
}

function nameOf(name: CertificateName): string {
  return name.commonName ?? name.organization ?? "an unnamed authority";
}

function dnsNamesOf(certificate: CertificateDetails): string {
  const names = certificate.subjectAltNames.map((entry) => entry.replace(/^(DNS|IP Address):/, ""));
  if (names.length === 0 && certificate.subject.commonName) names.push(certificate.subject.commonName);
  return names.join(", ");
}

export function explainHttpUrl(): FailureExplanation {
  return {
    reason: "no-tls",
    message: "This address starts with http://, so passwords and calendar data would travel unencrypted.",
    hint: "Use the server's https:// address, e.g. https://mail.example.com/EWS/Exchange.asmx.",
    nodeCode: null,
  };
}

export function explainTimeout(input: { endpoint: string; timeoutMs: number }): FailureExplanation {
  const seconds = Number((input.timeoutMs / 1000).toFixed(1));
  return {
    reason: "timed-out",
    message: `${input.endpoint} did not complete a TLS handshake within ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
    hint: "A firewall may be dropping the connection silently, or the server is overloaded. Check that this Slotbridge server can reach the Exchange server on that port (usually 443) and that IIS is running.",
    nodeCode: null,
  };
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const TOO_OLD_CODES = new Set([
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
]);
// What OpenSSL reports when the first bytes back are not a TLS record: "HTTP/1.1 400…" read as a header.
const NOT_TLS_CODES = new Set(["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]);
// Node has no name for OpenSSL's X509_V_ERR_EE_KEY_TOO_SMALL & co. ("UNSPECIFIED"): the message tells.
const WEAK_MESSAGE = /(EE|CA) certificate key too weak|key too small|ca md too weak/i;

function explainUnreachable(input: { code: string; endpoint: string; host: string }): FailureExplanation {
  const message =
    input.code === "ENOTFOUND" || input.code === "EAI_AGAIN"
      ? `The name ${input.host} could not be found in DNS.`
      : input.code === "ECONNREFUSED"
        ? `Nothing accepted the connection at ${input.endpoint}: the server refused it.`
        : `There is no network route from this Slotbridge server to ${input.endpoint}.`;
  return {
    reason: "unreachable",
    message,
    hint: "Check the host name and port in the URL, that the Exchange server and IIS are running, and that firewalls let this Slotbridge server reach it (usually port 443).",
    nodeCode: input.code,
  };
}

/**
 * UNABLE_TO_VERIFY_LEAF_SIGNATURE: the chain OpenSSL could build is the server's own certificate alone, and
 * nothing it trusts signed it. From the handshake alone, a missing intermediate and an issuer nobody gave
 * Slotbridge look exactly alike, so both are named, with how the admin tells them apart.
 */
function explainLoneCertificate(input: {
  code: string;
  endpoint: string;
  leaf: CertificateDetails | undefined;
}): FailureExplanation {
  const issuer = input.leaf ? `"${nameOf(input.leaf.issuer)}"` : undefined;
  const message = issuer
    ? `The server sent only its own certificate, issued by ${issuer}, and Slotbridge cannot trace ${issuer} to a certificate authority it trusts. Either the server leaves out the intermediate certificate of ${issuer} (browsers often fetch it themselves and hide this; Slotbridge does not), or ${issuer} belongs to a certificate authority Slotbridge does not trust, such as your organisation's own.`
    : "The server sent only its own certificate, and Slotbridge cannot trace its issuer to a certificate authority it trusts. Either the server leaves out its issuer's intermediate certificate (browsers often fetch it themselves and hide this; Slotbridge does not), or the issuer is a certificate authority Slotbridge does not trust, such as your organisation's own.";
  const it = issuer ?? "the issuer";
  return {
    reason: "incomplete-chain",
    message,
    hint: `To tell them apart, look at the certificate's path on a PC (the browser's padlock → certificate → certification path, or openssl s_client -connect ${input.endpoint} -showcerts). If the path goes on from ${it} to a root above it, the intermediate is missing: import it into the Exchange server's Intermediate Certification Authorities store (or re-import the certificate as a .pfx with its full chain) and restart IIS. If ${it} is itself a root, or the path ends in your organisation's own root, an owner adds that root certificate in the organisation settings.`,
    nodeCode: input.code,
  };
}

/**
 * INVALID_PURPOSE: the certificate may not serve TLS. Nearly always a CA's own certificate bound to IIS
 * (basic constraints CA:TRUE, key usage for signing certificates only).
 */
function explainWrongPurpose(input: { code: string; host: string; leaf: CertificateDetails | undefined }) {
  const bind = `(${EAC_CERTIFICATES}), and assign that certificate to IIS`;
  if (input.leaf?.isCa) {
    return {
      reason: "not-a-server-certificate",
      message: `The server presents the certificate of a certificate authority, "${nameOf(input.leaf.subject)}", instead of a certificate of its own. A CA certificate may only sign other certificates: no TLS client accepts it as a server's.`,
      hint: `On the Exchange server, request a certificate for ${input.host} from that CA, or import one it issued together with its private key ${bind}. The CA's own certificate belongs in the server's certificate stores only.`,
      nodeCode: input.code,
    } satisfies FailureExplanation;
  }
  return {
    reason: "not-a-server-certificate",
    message:
      "The certificate the server presents is not meant for a TLS server: its key usage does not allow server authentication.",
    hint: `Request a certificate for ${input.host} made for web servers (key usage for server authentication, as Exchange's own certificate requests are) ${bind}.`,
    nodeCode: input.code,
  } satisfies FailureExplanation;
}

function explainCertificate(input: {
  code: string;
  errorMessage: string;
  host: string;
  endpoint: string;
  chain: CertificateDetails[];
}): FailureExplanation | undefined {
  const { code, host, chain } = input;
  const leaf = chain[0];
  const last = chain[chain.length - 1];
  const bind = "and assign it to IIS";
  switch (code) {
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return {
        reason: "self-signed",
        message: `The server presents a self-signed certificate${leaf ? ` (${nameOf(leaf.subject)})` : ""}, which no certificate authority vouches for. Exchange installs one by default.`,
        hint: `Install a certificate issued by a public certificate authority or your organisation's own CA (${EAC_CERTIFICATES}) ${bind}. Self-signed certificates are not supported.`,
        nodeCode: code,
      };
    case "CERT_HAS_EXPIRED":
      return {
        reason: "expired",
        message: leaf ? `The certificate expired on ${formatDay(leaf.validTo)}.` : "The certificate has expired.",
        hint: `Renew it on the Exchange server (${EAC_CERTIFICATES}) ${bind}.`,
        nodeCode: code,
      };
    case "CERT_NOT_YET_VALID":
      return {
        reason: "not-yet-valid",
        message: leaf
          ? `The certificate is not valid until ${formatDay(leaf.validFrom)}.`
          : "The certificate is not valid yet.",
        hint: `Keep the previous certificate assigned to IIS until then (${EAC_CERTIFICATES}), and check that the clocks of the Exchange server and of this Slotbridge server are right.`,
        nodeCode: code,
      };
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return {
        reason: "hostname-mismatch",
        message: leaf
          ? `The certificate is for ${dnsNamesOf(leaf)}, not for ${host}.`
          : `The certificate is not for ${host}.`,
        hint: `Use a URL with a name the certificate covers, or get a certificate that lists ${host} as a subject alternative name (${EAC_CERTIFICATES}) ${bind}.`,
        nodeCode: code,
      };
    // The chain ends in a self-signed root that is not trusted (the leaf itself would be DEPTH_ZERO_…):
    // a private CA, not a self-signed server certificate.
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "CERT_UNTRUSTED":
      return {
        reason: "untrusted-issuer",
        message: last
          ? `The certificate was issued under "${nameOf(last.selfIssued ? last.subject : last.issuer)}", a certificate authority Slotbridge does not trust.`
          : "The certificate was issued by a certificate authority Slotbridge does not trust.",
        hint: `If this is your organisation's own CA, an owner can add its root certificate in the organisation settings. Otherwise install a certificate from a public certificate authority (${EAC_CERTIFICATES}) ${bind}.`,
        nodeCode: code,
      };
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      return explainLoneCertificate({ code, endpoint: input.endpoint, leaf });
    case "INVALID_PURPOSE":
      return explainWrongPurpose({ code, host, leaf });
  }
  if (WEAK_MESSAGE.test(input.errorMessage)) {
    const key = leaf?.key;
    const what = /md too weak/i.test(input.errorMessage)
      ? "A certificate in the chain is signed with a weak algorithm (such as SHA-1)"
      : key && key.bits !== null
        ? `The certificate's ${key.type} key has only ${key.bits} bits`
        : "The certificate's key is too weak";
    return {
      reason: "weak-key",
      message: `${what}; Slotbridge requires at least a 2048-bit RSA key or a 256-bit EC key, signed with SHA-256 or stronger.`,
      hint: `Request a new certificate with a 2048-bit (or larger) RSA key or an ECDSA P-256 key (${EAC_CERTIFICATES}) ${bind}.`,
      nodeCode: code,
    };
  }
  return undefined;
}

/** Maps the error a verified `tls.connect` gave to one reason, in words an Exchange admin can act on. */
export function explainConnectError(input: {
  error: NodeJS.ErrnoException;
  host: string;
  endpoint: string;
  chain: CertificateDetails[];
}): FailureExplanation {
  const errorMessage = input.error.message ?? "";
  // What the admin is shown and may quote: never Node's "UNSPECIFIED", OpenSSL's own name instead.
  const code = nameTlsError({ code: input.error.code ?? "UNKNOWN", message: errorMessage });
  if (UNREACHABLE_CODES.has(code)) return explainUnreachable({ code, endpoint: input.endpoint, host: input.host });
  if (code === "ETIMEDOUT") {
    // The operating system gave up on the TCP connection before our own limit did.
    const ours = explainTimeout({ endpoint: input.endpoint, timeoutMs: 0 });
    return { ...ours, message: `${input.endpoint} did not answer: the connection attempt timed out.`, nodeCode: code };
  }
  const certificate = explainCertificate({
    code,
    errorMessage,
    host: input.host,
    endpoint: input.endpoint,
    chain: input.chain,
  });
  if (certificate) return certificate;
  if (TOO_OLD_CODES.has(code) || /unsupported protocol|alert protocol version/i.test(errorMessage)) {
    return {
      reason: "tls-too-old",
      message: "The server only offers TLS 1.1 or older; Slotbridge requires TLS 1.2 or newer.",
      hint: "Enable TLS 1.2 on the Exchange server (see Microsoft's \"Exchange Server TLS configuration best practices\": the SCHANNEL registry settings and .NET's SchUseStrongCrypto) and restart it.",
      nodeCode: code,
    };
  }
  if (NOT_TLS_CODES.has(code) || /wrong version number|packet length too long/i.test(errorMessage)) {
    return {
      reason: "no-tls",
      message: `${input.endpoint} answered in plain HTTP, not TLS: nothing sent there would be encrypted.`,
      hint: "Check the port in the URL: Exchange serves EWS over HTTPS, normally on port 443. Remove the port or use the one bound to HTTPS in IIS.",
      nodeCode: code,
    };
  }
  return {
    reason: "tls-error",
    message:
      code === "ECONNRESET"
        ? `${input.endpoint} closed the connection during the TLS handshake.`
        : `The TLS connection to ${input.endpoint} failed (${code}).`,
    hint: "Check the HTTPS binding and certificate of IIS on the Exchange server, and any proxy or firewall inspecting TLS in between. Quote the code above when asking for help.",
    nodeCode: code,
  };
}
