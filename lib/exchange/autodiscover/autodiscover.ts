import type { LookupFunction } from "node:net";
import {
  AutodiscoverErrorCode,
  AutodiscoverLocalException,
  AutodiscoverResponseException,
  AutodiscoverService,
  ExchangeVersion,
  type GetUserSettingsResponse,
  type IXHRApi,
  type IXHROptions,
  type IXHRProgress,
  Uri,
  UserSettingName,
} from "ews-javascript-api";
// Guards for optional parts of answers the library would otherwise fail on.
import "../soap/library-guards";
import { TransportManagedCredentials } from "../transport/create-ews-service";
import { type EwsAuth, EwsTransport } from "../transport/ews-transport";
import { createEwsAgent } from "../transport/tls-agent";
import { EwsTransportError, type EwsTransportErrorCode, getEwsTransportErrorCode } from "../transport/transport-errors";
import { toXhrFailure } from "../transport/xhr-response";

export const AUTODISCOVER_SOAP_PATH = "/autodiscover/autodiscover.svc";

export interface DiscoverEwsUrlInput {
  /** The mailbox whose EWS URL is wanted. */
  email: string;
  /**
   * The SOAP autodiscover endpoint, e.g. https://autodiscover.example.com/autodiscover/autodiscover.svc.
   * A bare origin ("https://mail.example.com") gets the standard path appended.
   */
  autodiscoverUrl: string;
  auth: EwsAuth;
  /** Extra trusted root(s), PEM; Node's public roots stay trusted. */
  caPem?: string;
  /** Hard limit for each HTTP call (NTLM handshake included). */
  timeoutMs: number;
  /** lib/net's pinnedLookup for the autodiscover host, so the call goes to the address the policy checked. */
  lookup?: LookupFunction;
}

export type DiscoverEwsUrlFailure =
  /** Autodiscover answered InvalidUser: the organisation has no such mailbox. */
  | { reason: "user_not_found"; message: string }
  /** HTTP 401/403 on the autodiscover endpoint: wrong credentials (or an account not allowed there). */
  | { reason: "auth_failed"; status: number; message: string }
  /** No HTTP answer: TLS, network, timeout, NTLM handshake (see `code`, from transport-errors.ts). */
  | { reason: "transport"; code: EwsTransportErrorCode; message: string }
  /** Another HTTP status (404 no autodiscover there, 500 a SOAP fault, 503 …). */
  | { reason: "http_error"; status: number; message: string }
  /** The service redirected to another host (or an address on another host); credentials are never sent there. */
  | { reason: "redirect_refused"; message: string }
  /** An autodiscover-level error code (ServerBusy, InvalidRequest, …) or an unreadable answer. */
  | { reason: "autodiscover_error"; errorCode: string; message: string }
  /** The user was found but neither ExternalEwsUrl nor InternalEwsUrl is a usable URL. */
  | { reason: "no_ews_url"; message: string };

export type DiscoverEwsUrlResult =
  | { ok: true; ewsUrl: string; source: "external" | "internal"; displayName?: string }
  | { ok: false; failure: DiscoverEwsUrlFailure };

/** What happened to the last request the library sent, which its own errors do not tell (see below). */
type LastOutcome =
  | { kind: "answered"; status: number }
  | { kind: "transport"; code: EwsTransportErrorCode }
  | { kind: "refused"; url: string };

/**
 * The transport with two additions autodiscover needs:
 * - it records each call's outcome: on a transport failure ews-javascript-api's AutodiscoverRequest rethrows
 *   `responseText` (an empty string), and on a 401 the HTML page as a string, so neither the transport code
 *   nor the status survives into what GetUserSettings rejects with;
 * - it refuses any URL outside the configured origin: the library follows RedirectUrl / RedirectAddress
 *   answers (the latter by probing autodiscover.<domain>), which would hand our credentials to another host.
 */
class GuardedAutodiscoverTransport implements IXHRApi {
  readonly apiName: string;
  last: LastOutcome | undefined;

  constructor(
    private readonly inner: EwsTransport,
    private readonly allowedOrigin: string,
  ) {
    this.apiName = `${inner.apiName};autodiscover-guard`;
  }

  async xhr(options: IXHROptions): Promise<XMLHttpRequest> {
    this.last = undefined;
    if (originOf(options.url) !== this.allowedOrigin) {
      this.last = { kind: "refused", url: safeUrlForMessage(options.url) };
      throw toXhrFailure({
        error: new EwsTransportError("aborted", "request outside the autodiscover origin"),
        url: "",
      });
    }
    try {
      const response = await this.inner.xhr(options);
      this.last = { kind: "answered", status: response.status };
      return response;
    } catch (error) {
      const status = Number((error as { status?: unknown })?.status ?? 0);
      const code = getEwsTransportErrorCode(error);
      this.last = status === 0 && code ? { kind: "transport", code } : { kind: "answered", status };
      throw error;
    }
  }

  async xhrStream(options: IXHROptions, progress: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
    return this.inner.xhrStream(options, progress);
  }

  disconnect(): void {
    this.inner.disconnect();
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Origin and path only: a URL in a message must not carry query strings or userinfo. */
function safeUrlForMessage(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

function usableUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function codeName(code: unknown): string {
  return typeof code === "number" ? (AutodiscoverErrorCode[code] ?? String(code)) : String(code ?? "unknown");
}

function fromUserResponse(email: string, response: GetUserSettingsResponse): DiscoverEwsUrlResult {
  if (response.ErrorCode === AutodiscoverErrorCode.InvalidUser) {
    return { ok: false, failure: { reason: "user_not_found", message: `Autodiscover does not know ${email}.` } };
  }
  if (response.ErrorCode !== AutodiscoverErrorCode.NoError) {
    const errorCode = codeName(response.ErrorCode);
    return {
      ok: false,
      failure: { reason: "autodiscover_error", errorCode, message: `Autodiscover answered ${errorCode}.` },
    };
  }
  const external = usableUrl(response.Settings.get(UserSettingName.ExternalEwsUrl));
  const internal = usableUrl(response.Settings.get(UserSettingName.InternalEwsUrl));
  const displayName = response.Settings.get(UserSettingName.UserDisplayName);
  const name = typeof displayName === "string" && displayName ? { displayName } : {};
  if (external) return { ok: true, ewsUrl: external, source: "external", ...name };
  if (internal) return { ok: true, ewsUrl: internal, source: "internal", ...name };
  return { ok: false, failure: { reason: "no_ews_url", message: `Autodiscover returned no EWS URL for ${email}.` } };
}

/**
 * Messages are built here from codes, statuses and the caller's own email/URL: never from the library's
 * errors or the server's text, so neither a password nor anything a server echoed can end up in them.
 */
function fromRejection(error: unknown, last: LastOutcome | undefined): DiscoverEwsUrlFailure {
  if (last?.kind === "refused") {
    return {
      reason: "redirect_refused",
      message: `Autodiscover redirected to ${last.url}, outside the configured autodiscover host; not followed.`,
    };
  }
  if (last?.kind === "transport") {
    return { reason: "transport", code: last.code, message: `Autodiscover request failed (${last.code}).` };
  }
  if (last?.kind === "answered" && (last.status === 401 || last.status === 403)) {
    return {
      reason: "auth_failed",
      status: last.status,
      message: `Autodiscover refused the credentials (HTTP ${last.status}).`,
    };
  }
  if (last?.kind === "answered" && last.status !== 200) {
    return { reason: "http_error", status: last.status, message: `Autodiscover answered HTTP ${last.status}.` };
  }
  if (error instanceof AutodiscoverResponseException) {
    const errorCode = codeName(error.ErrorCode);
    return { reason: "autodiscover_error", errorCode, message: `Autodiscover answered ${errorCode}.` };
  }
  const errorCode = error instanceof AutodiscoverLocalException ? "AutodiscoverLocalException" : "UnreadableResponse";
  return { reason: "autodiscover_error", errorCode, message: `Autodiscover failed (${errorCode}).` };
}

/**
 * Finds a mailbox's EWS URL with SOAP autodiscover (GetUserSettings), through ews-javascript-api's
 * AutodiscoverService on our transport (same auth, CA and time limit as EWS calls). Never throws for
 * server-side or network problems: those come back as a typed failure.
 */
export async function discoverEwsUrl(input: DiscoverEwsUrlInput): Promise<DiscoverEwsUrlResult> {
  const url = new URL(input.autodiscoverUrl);
  if (url.pathname === "/" || url.pathname === "") url.pathname = AUTODISCOVER_SOAP_PATH;
  const agent = createEwsAgent({ caPem: input.caPem, lookup: input.lookup });
  const transport = new GuardedAutodiscoverTransport(
    new EwsTransport({ agent, auth: input.auth, timeoutMs: input.timeoutMs }),
    url.origin,
  );
  const service = new AutodiscoverService(new Uri(url.toString()), ExchangeVersion.Exchange2013_SP1);
  service.Credentials = new TransportManagedCredentials();
  service.XHRApi = transport;
  // Redirections found by probing (plain-HTTP GET, DNS SRV) are refused as well.
  service.RedirectionUrlValidationCallback = () => false;
  try {
    const response = await service.GetUserSettings(input.email, [
      UserSettingName.ExternalEwsUrl,
      UserSettingName.InternalEwsUrl,
      UserSettingName.UserDisplayName,
    ]);
    return fromUserResponse(input.email, response);
  } catch (error) {
    return { ok: false, failure: fromRejection(error, transport.last) };
  } finally {
    transport.disconnect();
    agent.destroy();
  }
}
