import "server-only";
import {
  ExchangeService,
  ExchangeVersion,
  type IXHRApi,
  type IXHROptions,
  type IXHRProgress,
  TimeZoneInfo,
  Uri,
} from "ews-javascript-api";
import { TransportManagedCredentials } from "@/lib/exchange/create-ews-service";
import type { HttpAnswer } from "@/lib/exchange/http-exchange";
import { EwsTransportError, type EwsTransportErrorCode } from "@/lib/exchange/transport-errors";
import { streamInOneChunk, toXhrFailure, toXhrResponse } from "@/lib/exchange/xhr-response";
import { type RelayOutcome, relayEwsRequest } from "./relay";

/** The URL ews-javascript-api is given for a connector's mailbox: never dialled, the connector knows the real one. */
export const CONNECTOR_EWS_URL = "https://connector.invalid/EWS/Exchange.asmx";

type RelayFailure = Exclude<Extract<RelayOutcome, { ok: false }>["failure"], "wrong-password">;

const FAILURE_CODES: Record<RelayFailure, EwsTransportErrorCode> = {
  offline: "connector_offline",
  timeout: "timeout",
  unreachable: "network",
  tls: "tls",
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
    const outcome = await relayEwsRequest({
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
