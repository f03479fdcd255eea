import { nameTlsError } from "@/lib/tls";

/**
 * Failures of the EWS transport. ews-javascript-api keeps only an error's message (it wraps it in a
 * SoapFaultDetails), so the code travels inside the message: "EWS transport failed (timeout): …".
 * Messages are built from codes and numbers only, never from request data, so no credential can leak.
 */
export type EwsTransportErrorCode =
  | "timeout"
  | "tls"
  /** The server offers only TLS versions older than 1.2. */
  | "tls_version"
  | "network"
  | "ntlm"
  | "response_too_large"
  | "aborted"
  /** The on-premises connector that reaches this mailbox is not online. */
  | "connector_offline"
  /** The connector refused the request (its policy, or a mailbox it does not serve). */
  | "connector_refused";

export class EwsTransportError extends Error {
  constructor(
    readonly code: EwsTransportErrorCode,
    detail: string,
  ) {
    super(`EWS transport failed (${code}): ${detail}`);
    this.name = "EwsTransportError";
  }
}

/**
 * A reused kept-alive connection that turned out closed before any answer arrived (the server's idle
 * timeout raced our request). The transport sends the request again on a fresh connection.
 */
export class StaleConnectionError extends EwsTransportError {
  constructor(socketCode: string) {
    super("network", `${socketCode} on a reused connection`);
    this.name = "StaleConnectionError";
  }
}

const CODE_PATTERN = /EWS transport failed \((\w+)\)/;

/** Recovers the transport code from whatever ews-javascript-api rethrew (SoapFaultDetails, Error, string). */
export function getEwsTransportErrorCode(error: unknown): EwsTransportErrorCode | undefined {
  const message = typeof error === "string" ? error : (error as { message?: unknown })?.message;
  const match = typeof message === "string" ? CODE_PATTERN.exec(message) : null;
  return (match?.[1] as EwsTransportErrorCode | undefined) ?? undefined;
}

/**
 * Node's names for OpenSSL's certificate verification errors (all of X509_V_ERR_* it names), plus the TLS
 * error codes Node gives a refused handshake: none of them means the server could not be reached.
 */
const TLS_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  // A CA certificate (or one not meant for servers) presented as the server's own.
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  // Node reports OpenSSL's "EE certificate key too weak" (a 1024-bit server key) & co. under this name.
  "UNSPECIFIED",
  "ERR_SSL_CA_MD_TOO_WEAK",
]);

/** The server offers no TLS version Slotbridge accepts (1.2 or newer): not its certificate. */
const TLS_VERSION_CODES = new Set([
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
]);
const TLS_VERSION_REASON = /unsupported protocol|alert protocol version|no protocols available/i;

/** Maps a Node socket/TLS error to a transport error, keeping Node's code (e.g. CERT_HAS_EXPIRED) visible. */
export function toEwsTransportError(error: unknown): EwsTransportError {
  if (error instanceof EwsTransportError) return error;
  const nodeCode = String((error as NodeJS.ErrnoException)?.code ?? "UNKNOWN");
  const message = String((error as Error)?.message ?? "");
  // https.request reports handshake failures as EPROTO; OpenSSL's reason sits inside the message.
  const sslReason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  // Never "UNSPECIFIED" in a message an admin may be shown: OpenSSL's own name instead (lib/tls).
  const code = nameTlsError({ code: nodeCode, message });
  const detail = sslReason ? `${code}: ${sslReason}` : code;
  if (TLS_VERSION_CODES.has(nodeCode) || TLS_VERSION_REASON.test(sslReason ?? "")) {
    return new EwsTransportError("tls_version", detail);
  }
  const isTls =
    TLS_CODES.has(nodeCode) || nodeCode.startsWith("ERR_SSL_") || nodeCode.startsWith("ERR_TLS_") || Boolean(sslReason);
  return new EwsTransportError(isTls ? "tls" : "network", detail);
}
