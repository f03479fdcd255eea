import type { ExchangeOutboundConfig } from "./outbound";

/** How the app signs in to Exchange; "auto" tries NTLM, then Basic (only ever over verified TLS). */
export type AuthMethod = "auto" | "ntlm" | "basic";
export type ConcreteAuthMethod = Exclude<AuthMethod, "auto">;

export interface EwsAccount {
  /** `DOMAIN\user`, `user@domain` (UPN) or a bare user name. */
  username: string;
  password: string;
  authMethod: AuthMethod;
}

/**
 * The connection a lookup runs on: the viewer's own, or the one designated for availability lookups.
 * Direct (the app dials Exchange with the sealed account) or through an on-premises connector.
 */
export type EwsAccess = DirectEwsAccess | ConnectorEwsAccess;

export interface DirectEwsAccess {
  via?: "direct";
  ewsUrl: string;
  account: EwsAccount;
  /** The organisation's trust bundle (loadTrustBundle). */
  caPem: string | undefined;
  config: ExchangeOutboundConfig;
  /** ExchangeImpersonation: the mailbox whose permissions apply when a service account asks. */
  actAs?: string;
}

/** A mailbox reached through a connector: it holds the URL, the account and the certificate rules. */
export interface ConnectorEwsAccess {
  via: "connector";
  connectorId: string;
  /** The connection's mailbox: the connector sends the request with the account serving it. */
  mailbox: string;
  config: ExchangeOutboundConfig;
  actAs?: string;
}
