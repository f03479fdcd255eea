import type { EwsFailure, EwsFailureReason } from "@/lib/calendars/ews-failures";
import type { EwsAccount } from "@/lib/calendars/ews-session";
import type { ExchangeOutboundConfig } from "@/lib/calendars/outbound";

/** How a member is taken up; "free" never appears: free time is the absence of a block. */
export type BusyStatus = "busy" | "tentative" | "oof" | "working-elsewhere";

/**
 * Everything of a calendar event that leaves lib/availability: when (ISO-8601 UTC instants) and how busy.
 * Subjects, locations, organisers and item ids have no field here, so they cannot travel further.
 */
export interface BusyBlock {
  readonly start: string;
  readonly end: string;
  readonly status: BusyStatus;
}

/**
 * One member's answer. "no-data": Exchange shares nothing with the viewer (no permission, or no free/busy
 * published), which the grid shows as a state, not as a fault. "error": this mailbox failed while others
 * may have succeeded.
 */
export type MemberFreeBusy =
  | { readonly mailbox: string; readonly status: "ok" | "no-data"; readonly busy: readonly BusyBlock[] }
  | {
      readonly mailbox: string;
      readonly status: "error";
      readonly busy: readonly BusyBlock[];
      readonly error: EwsFailureReason;
    };

/** ok:false only when no request reached a usable answer, so the page can show one connection banner. */
export type TeamFreeBusyResult =
  | { readonly ok: true; readonly members: readonly MemberFreeBusy[] }
  | { readonly ok: false; readonly failure: EwsFailure };

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

export interface AvailabilityWindow {
  start: Date;
  end: Date;
}
