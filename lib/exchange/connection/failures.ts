import { ServiceError } from "ews-javascript-api";
import { getEwsTransportErrorCode } from "@/lib/exchange/transport/transport-errors";

export type EwsFailureReason =
  | "invalid-url"
  | "address-refused"
  | "wrong-password"
  | "mailbox-not-found"
  | "impersonation-denied"
  | "server-busy"
  /** Exchange could not serve the request for now (mailbox database down or moving, transient internal error). */
  | "server-unavailable"
  /** Exchange refused the request itself: a named EWS error (or a SOAP client fault) that another try cannot change. */
  | "request-refused"
  | "unsupported-version"
  | "certificate"
  /** The server offers only TLS 1.1 or older. */
  | "tls-version"
  | "timeout"
  | "unreachable"
  | "credentials-unreadable"
  | "connector-offline"
  | "connector-refused"
  | "unexpected";

export interface EwsFailure {
  reason: EwsFailureReason;
  /** Plain words for the admin, built here from codes: never the library's or the server's text. */
  message: string;
  /** The EWS response code Exchange named (e.g. ErrorAccessDenied), when there was one. */
  code?: string;
}

const MESSAGES: Record<Exclude<EwsFailureReason, "invalid-url" | "address-refused">, string> = {
  "wrong-password": "Exchange refused the user name or password. Check both, and the authentication method.",
  "mailbox-not-found": "Exchange does not know this mailbox. Check the email address.",
  "impersonation-denied":
    "The account may not act for this mailbox. An Exchange admin must grant it the ApplicationImpersonation role, or sign in as the mailbox itself.",
  "server-busy": "Exchange is busy (throttling). Try again in a minute.",
  "server-unavailable":
    "Exchange could not serve the request for now (its mailbox database is down, being moved, or hit a passing error).",
  "request-refused": "Exchange refused the request, and trying it again cannot change that.",
  "unsupported-version": "This Exchange server does not speak a version Slotbridge supports (Exchange 2013 or newer).",
  certificate: "The server's certificate was refused. Run the certificate check for the reason.",
  "tls-version":
    "The Exchange server only offers TLS 1.1 or older; Slotbridge requires TLS 1.2 or newer. Enable TLS 1.2 on it (see the certificate check for how).",
  timeout: "Exchange did not answer within the time limit.",
  unreachable: "The Exchange server could not be reached.",
  unexpected: "Exchange answered in a way Slotbridge did not expect.",
  "connector-offline":
    "The on-premises connector that reaches this mailbox is offline. Check that it runs and can reach Slotbridge.",
  "connector-refused":
    "The on-premises connector refused the request: it does not serve this mailbox, or its policy does not allow the call.",
  "credentials-unreadable":
    "The stored password cannot be decrypted with the configured CREDENTIALS_KEY (was its key version removed?). Restore the key, or set the password again.",
};

export function ewsFailure(reason: keyof typeof MESSAGES): EwsFailure {
  return { reason, message: MESSAGES[reason] };
}

/** A failure of one mailbox inside an otherwise good answer: unknown to Exchange, or something else. */
export function mailboxFailure(reason: EwsFailureReason): EwsFailure {
  return ewsFailure(reason === "mailbox-not-found" ? "mailbox-not-found" : "unexpected");
}

/**
 * A SOAP fault read by our own EWS code (lib/exchange/free-busy writes and reads GetUserAvailability itself):
 * the fault's ResponseCode name, and for ErrorServerBusy the pause asked for in MessageXml. Nothing the
 * server wrote in words is kept.
 */
export class EwsSoapFault extends Error {
  constructor(readonly fault: { responseCode: string | undefined; backOffMs: number | undefined }) {
    super(`EWS SOAP fault ${fault.responseCode ?? "without a response code"}`);
    this.name = "EwsSoapFault";
  }
}

function serviceErrorName(error: unknown): string | undefined {
  if (error instanceof EwsSoapFault) return error.fault.responseCode;
  const record = (error ?? {}) as Record<string, unknown>;
  // SoapFaultDetails keeps the code as ResponseCode/ErrorCode; ServiceResponseException under Response.ErrorCode.
  for (const value of [
    record.ResponseCode,
    record.ErrorCode,
    (record.Response as Record<string, unknown>)?.ErrorCode,
  ]) {
    if (typeof value === "number" && value !== ServiceError.NoError) return ServiceError[value];
  }
  return undefined;
}

const BY_SERVICE_ERROR: Record<string, keyof typeof MESSAGES> = {
  ErrorImpersonateUserDenied: "impersonation-denied",
  ErrorImpersonationDenied: "impersonation-denied",
  ErrorImpersonationFailed: "impersonation-denied",
  ErrorMailRecipientNotFound: "mailbox-not-found",
  ErrorNonExistentMailbox: "mailbox-not-found",
  // Throttling (EWS-NOTES: "Throttling and limits").
  ErrorServerBusy: "server-busy",
  ErrorExceededConnectionCount: "server-busy",
  ErrorExceededSubscriptionCount: "server-busy",
  ErrorExceededFindCountLimit: "server-busy",
  ErrorTooManyObjectsOpened: "server-busy",
  // The server's state, not the request: the same request can succeed later. (ErrorInternalServerError, which
  // Exchange also uses to wrap ErrorServerBusy, is read as no code at all: see classifyEwsError.)
  ErrorInternalServerTransientError: "server-unavailable",
  ErrorMailboxStoreUnavailable: "server-unavailable",
  ErrorMailboxMoveInProgress: "server-unavailable",
  ErrorMailboxFailover: "server-unavailable",
  ErrorConnectionFailed: "server-unavailable",
  ErrorTimeoutExpired: "server-unavailable",
  ErrorInvalidServerVersion: "unsupported-version",
  ErrorIncorrectSchemaVersion: "unsupported-version",
};

/** Plain words for the refusals an admin is most likely to meet; any other code is named as it is. */
const REFUSALS: Record<string, string> = {
  ErrorAccessDenied:
    "Exchange denied the account access (ErrorAccessDenied): it has no right to do this in the mailbox. An Exchange admin must grant it (or connect the mailbox with its own account).",
  ErrorSchemaValidation:
    "Exchange refused Slotbridge's request as invalid (ErrorSchemaValidation). Trying again cannot help: report it to whoever runs Slotbridge.",
  ErrorItemNotFound: "The item is no longer in the Exchange mailbox (ErrorItemNotFound).",
  ErrorQuotaExceeded: "The mailbox is full (ErrorQuotaExceeded). Its owner or an Exchange admin must make room.",
};

/** A named EWS error that no mapping above covers: Exchange refused this request for good. */
function refusal(code: string): EwsFailure {
  return {
    reason: "request-refused",
    code,
    message: REFUSALS[code] ?? `Exchange refused the request (${code}), and trying it again cannot change that.`,
  };
}

/** Reasons whose cause may pass: throttling, the server's state, the network. Everything else is for good. */
const TRANSIENT_REASONS: ReadonlySet<EwsFailureReason> = new Set([
  "server-busy",
  "server-unavailable",
  "timeout",
  "unreachable",
  // An answer that could not be read at all (an IIS or proxy error page, a body cut off): no refusal of the
  // request, and the server's or the network's doing more often than not.
  "unexpected",
]);

/** Whether the same request may succeed later (a write job retries it), or will fail the same way. */
export function isTransientFailure(failure: EwsFailure): boolean {
  return TRANSIENT_REASONS.has(failure.reason);
}

/** `soap:Client`, `Client`, `s:Client`…: Exchange blames the request (the documented access-denied fault). */
function isClientFault(record: Record<string, unknown>): boolean {
  const code = record.FaultCode ?? record.faultCode;
  return typeof code === "string" && /(^|:)Client$/.test(code.trim());
}

/**
 * Maps whatever ews-javascript-api rejected with (SoapFaultDetails, the transport's XHR-like failure,
 * ServiceResponseException), or our own EwsSoapFault, to one reason. Only codes and statuses are read, so
 * a password or anything the server echoed can never reach the message. `ntlm-unavailable` lets "auto"
 * fall back to Basic.
 */
export function classifyEwsError(error: unknown): EwsFailure | { reason: "ntlm-unavailable" } {
  const transport = getEwsTransportErrorCode(error);
  if (transport === "tls") return ewsFailure("certificate");
  if (transport === "tls_version") return ewsFailure("tls-version");
  if (transport === "timeout") return ewsFailure("timeout");
  if (transport === "network") return ewsFailure("unreachable");
  if (transport === "ntlm") return { reason: "ntlm-unavailable" };
  if (transport === "connector_offline") return ewsFailure("connector-offline");
  if (transport === "connector_refused") return ewsFailure("connector-refused");
  const named = serviceErrorName(error);
  // ews-javascript-api files every failed answer that names no code (a 401, an error page, Microsoft's
  // documented access-denied fault) under ErrorInternalServerError, so that name says nothing on its own:
  // such an answer goes by its HTTP status and faultcode below, and otherwise counts as unexpected.
  const code = named === "ErrorInternalServerError" ? undefined : named;
  const mapped = code ? BY_SERVICE_ERROR[code] : undefined;
  if (mapped) return { ...ewsFailure(mapped), code };
  const record = (error ?? {}) as Record<string, unknown>;
  const status = Number(record.HttpStatusCode ?? record.status ?? 0);
  if (status === 401 || status === 403) return ewsFailure("wrong-password");
  if (status === 503) return ewsFailure("server-busy");
  if (code) return refusal(code);
  if (isClientFault(record)) return ewsFailure("request-refused");
  // An error page instead of a SOAP answer, a cut-off or unreadable body: "unexpected", and worth another try.
  return ewsFailure("unexpected");
}
