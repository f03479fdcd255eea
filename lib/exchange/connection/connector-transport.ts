import {
  ExchangeService,
  ExchangeVersion,
  type IXHRApi,
  type IXHROptions,
  type IXHRProgress,
  TimeZoneInfo,
  Uri,
} from "ews-javascript-api";
// Guards for optional parts of answers the library would otherwise fail on.
import "../soap/library-guards";
import { TransportManagedCredentials } from "../transport/create-ews-service";
import type { HttpAnswer } from "../transport/http-exchange";
import { EwsTransportError, type EwsTransportErrorCode } from "../transport/transport-errors";
import { streamInOneChunk, toXhrFailure, toXhrResponse } from "../transport/xhr-response";

/** Why a relayed request got no answer from Exchange (the connector's reasons, plus the app side's own). */
export type RelayFailure =
  | "offline"
  | "timeout"
  | "unreachable"
  | "tls"
  | "tls-version"
  | "wrong-password"
  | "refused-by-policy"
  | "unknown-mailbox"
  | "unexpected";

export type RelayOutcome =
  | { ok: true; answer: { status: number; contentType: string; body: string } }
  | { ok: false; failure: RelayFailure };

/**
 * Sends one EWS request through the on-premises connector serving `mailbox` and waits for Exchange's
 * answer. lib/connectors implements it; the app hands it to the gateway at start-up (setConnectorRelay),
 * so lib/exchange never depends on the relay's queue and database.
 */
export type ConnectorRelay = (input: {
  connectorId: string;
  mailbox: string;
  soapAction: string;
  body: string;
  timeoutMs: number;
}) => Promise<RelayOutcome>;

// On globalThis: Next.js bundles start-up (instrumentation) and the routes separately, each with its own
// copy of this module, and the relay handed over at start-up must reach both.
const RELAY_SLOT = Symbol.for("slotbridge.exchange.connector-relay");
const slots = globalThis as typeof globalThis & { [RELAY_SLOT]?: ConnectorRelay };

/** Installs the relay every connector connection's EWS calls go through (once, at start-up). */
export function setConnectorRelay(relay: ConnectorRelay): void {
  slots[RELAY_SLOT] = relay;
}

function installedRelay(): ConnectorRelay {
  const relay = slots[RELAY_SLOT];
  if (!relay) throw new Error("No connector relay installed: call setConnectorRelay at start-up.");
  return relay;
}

/** The URL ews-javascript-api is given for a connector's mailbox: never dialled, the connector knows the real one. */
export const CONNECTOR_EWS_URL = "https://connector.invalid/EWS/Exchange.asmx";

const FAILURE_CODES: Record<Exclude<RelayFailure, "wrong-password">, EwsTransportErrorCode> = {
  offline: "connector_offline",
  timeout: "timeout",
  unreachable: "network",
  tls: "tls",
  "tls-version": "tls_version",
  "refused-by-policy": "connector_refused",
  "unknown-mailbox": "connector_refused",
  unexpected: "network",
};

/**
 * ews-javascript-api's transport for a mailbox behind an on-premises connector: the library builds the
 * SOAP request as for a direct connection, and this hands it to the connector instead of a socket. The
 * connector authenticates to Exchange and checks its certificate; Exchange's answer comes back as is.
 */
export class ConnectorTransport implements IXHRApi {
  readonly apiName = "slotbridge-connector-relay";

  constructor(private readonly options: { connectorId: string; mailbox: string; timeoutMs: number }) {}

  async xhr(xhroptions: IXHROptions): Promise<XMLHttpRequest> {
    const url = xhroptions.url;
    const headers = (xhroptions.headers ?? {}) as Record<string, unknown>;
    const given = Object.entries(headers).find(([name]) => name.toLowerCase() === "soapaction")?.[1];
    const body = typeof xhroptions.data === "string" ? xhroptions.data : "";
    const outcome = await installedRelay()({
      connectorId: this.options.connectorId,
      mailbox: this.options.mailbox,
      soapAction: typeof given === "string" && given ? given : soapActionFor(body),
      body,
      timeoutMs: this.options.timeoutMs,
    });
    if (!outcome.ok) {
      // Exchange refused the connector's account: the same 401 a direct connection would have met.
      if (outcome.failure === "wrong-password") throw toXhrResponse({ answer: unauthorized(), url });
      const code = FAILURE_CODES[outcome.failure];
      throw toXhrFailure({ error: new EwsTransportError(code, `connector: ${outcome.failure}`), url });
    }
    const answer: HttpAnswer = {
      status: outcome.answer.status,
      statusText: "",
      headers: { "content-type": outcome.answer.contentType },
      wwwAuthenticate: [],
      body: outcome.answer.body,
    };
    const response = toXhrResponse({ answer, url });
    if (answer.status !== 200) throw response;
    return response;
  }

  xhrStream(xhroptions: IXHROptions, progress: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
    return streamInOneChunk(this.xhr(xhroptions), progress);
  }

  disconnect(): void {}
}

const EWS_MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages/";

/**
 * The SOAPAction naming the envelope's operation, for requests sent without one (ews-javascript-api and our
 * availability requests leave it out; Exchange does not need it, the connector checks that it matches).
 */
export function soapActionFor(envelope: string): string {
  const operation = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z]+)/.exec(envelope)?.[1] ?? "";
  return `${EWS_MESSAGES}${operation === "GetUserAvailabilityRequest" ? "GetUserAvailability" : operation}`;
}

function unauthorized(): HttpAnswer {
  return { status: 401, statusText: "Unauthorized", headers: {}, wwwAuthenticate: [], body: "" };
}

/** An ExchangeService whose every request goes through the connector serving `mailbox`. */
export function createConnectorEwsService(input: {
  connectorId: string;
  mailbox: string;
  timeoutMs: number;
}): ExchangeService {
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1, TimeZoneInfo.Utc);
  service.Url = new Uri(CONNECTOR_EWS_URL);
  service.Credentials = new TransportManagedCredentials();
  service.XHRApi = new ConnectorTransport(input);
  return service;
}
