import type https from "node:https";
import { ExchangeCredentials, ExchangeService, ExchangeVersion, TimeZoneInfo, Uri } from "ews-javascript-api";
// Guards for optional parts of answers the library would otherwise fail on.
import "../soap/library-guards";
import { type EwsAuth, EwsTransport, type PooledConnections } from "./ews-transport";
import { createEwsAgent } from "./tls-agent";

export interface CreateEwsServiceInput {
  /** The EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx */
  url: string;
  auth: EwsAuth;
  /** Extra trusted root(s), PEM (EXCHANGE_CA_FILE's contents); Node's public roots stay trusted. */
  caPem?: string;
  timeoutMs: number;
  /**
   * An agent from createEwsAgent (e.g. with lib/net's pinnedLookup), owned and destroyed by the caller;
   * when given, `caPem` is ignored (the agent carries its CA). Without it one is made from `caPem`.
   */
  agent?: https.Agent;
  /** Pooled, kept-alive connections instead of `agent` (runEws's choice); `caPem` is then ignored too. */
  connections?: PooledConnections;
  /**
   * Zone the library uses for unqualified times, as a Windows or IANA id. Always explicit: left alone the
   * library guesses from the host and turns a UTC container into "Greenwich Standard Time (Monrovia)".
   */
  timeZone?: string;
  version?: ExchangeVersion;
}

/**
 * Credentials that leave requests untouched: the transport authenticates, so the library never
 * holds the password (and cannot put it in an error or a debug log).
 */
export class TransportManagedCredentials extends ExchangeCredentials {
  override PrepareWebRequest(): void {}
}

export function createEwsService(input: CreateEwsServiceInput): ExchangeService {
  const zone =
    !input.timeZone || input.timeZone === "UTC"
      ? TimeZoneInfo.Utc
      : TimeZoneInfo.FindSystemTimeZoneById(input.timeZone);
  const service = new ExchangeService(input.version ?? ExchangeVersion.Exchange2013_SP1, zone);
  service.Url = new Uri(input.url);
  service.Credentials = new TransportManagedCredentials();
  const { auth, timeoutMs } = input;
  service.XHRApi = input.connections
    ? new EwsTransport({ auth, timeoutMs, connections: input.connections })
    : new EwsTransport({ auth, timeoutMs, agent: input.agent ?? createEwsAgent({ caPem: input.caPem }) });
  return service;
}
