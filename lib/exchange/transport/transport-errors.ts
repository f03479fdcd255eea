/**
 * Failures of the EWS transport. ews-javascript-api keeps only an error's message (it wraps it in a
 * SoapFaultDetails), so the code travels inside the message: "EWS transport failed (timeout): …".
 * Messages are built from codes and numbers only, never from request data, so no credential can leak.
 */
export type EwsTransportErrorCode =
  | "timeout"
  | "tls"
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

const TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  // Node reports OpenSSL's "EE certificate key too weak" (a 1024-bit server key) under this name.
  "UNSPECIFIED",
  "ERR_SSL_CA_MD_TOO_WEAK",
]);

/** Maps a Node socket/TLS error to a transport error, keeping Node's code (e.g. CERT_HAS_EXPIRED) visible. */
export function toEwsTransportError(error: unknown): EwsTransportError {
  if (error instanceof EwsTransportError) return error;
  const code = String((error as NodeJS.ErrnoException)?.code ?? "UNKNOWN");
  const message = String((error as Error)?.message ?? "");
  // https.request reports handshake failures as EPROTO; OpenSSL's reason sits inside the message.
  const sslReason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  const isTls = TLS_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || Boolean(sslReason);
  const detail = code === "UNSPECIFIED" ? `${code}: ${message}` : sslReason ? `${code}: ${sslReason}` : code;
  return new EwsTransportError(isTls ? "tls" : "network", detail);
}
