/**
 * The seam between the simulator's two halves:
 *   - the protocol core (soap/, operations/, data/, timezone/): pure functions from a SOAP
 *     request string to a SOAP response string, over an in-memory mailbox store;
 *   - the server (pki/, http/, auth/, control/, faults.ts, simulator.ts): TLS listeners,
 *     authentication, faults, autodiscover and the control API, which call the core.
 * Neither half reaches into the other's files except through the names declared here.
 */

/**
 * What the simulated server is: Exchange 2016 CU23, build 15.1.2507.6, whose EWS schema version is
 * V2017_07_11. Every answer that names a version (EWS's ServerVersionInfo, SOAP and POX autodiscover)
 * names this one.
 */
export const SIMULATED_SERVER = {
  majorVersion: 15,
  minorVersion: 1,
  majorBuild: 2507,
  minorBuild: 6,
  schemaVersion: "V2017_07_11",
} as const;

/**
 * RequestServerVersion values it accepts, as a 2016 CU server does: Exchange 2007 SP1 up to its own schema
 * version. Others the schema knows (Exchange2007, the pre-release Exchange2009 and Exchange2012, later
 * Exchange Online versions) get ErrorInvalidServerVersion.
 */
export const ACCEPTED_REQUEST_VERSIONS = [
  "Exchange2007_SP1",
  "Exchange2010",
  "Exchange2010_SP1",
  "Exchange2010_SP2",
  "Exchange2013",
  "Exchange2013_SP1",
  "Exchange2015",
  "Exchange2016",
  "V2015_10_05",
  "V2016_01_06",
  "V2016_04_13",
  "V2016_07_13",
  "V2016_10_10",
  "V2017_01_07",
  "V2017_04_14",
  "V2017_07_11",
] as const;

/** A sign-in account of the simulated Exchange organisation. */
export interface SimAccount {
  /** Primary SMTP address, lower-case; also the mailbox the account owns. */
  email: string;
  /** NTLM / down-level logon name: DOMAIN\user. Basic accepts this or the email address. */
  domain: string;
  username: string;
  password: string;
  displayName: string;
  /** Mailboxes (emails) this account may act as through the ExchangeImpersonation header. */
  canImpersonate: string[];
}

/** What the server needs to know about a request before running it (for faults and the request log). */
export interface EwsRequestSummary {
  /** Body element name without "Request", e.g. "GetUserAvailability", "CreateItem". */
  operation: string;
  /** RequestServerVersion@Version as sent (undefined when absent). */
  requestedServerVersion?: string;
  /** For GetUserAvailability: FreeBusyViewType asked for. */
  requestedView?: string;
  /** For GetUserAvailability: the TimeWindow's StartTime and EndTime as written (in the request's zone). */
  timeWindow?: { start: string; end: string };
  /** Mailboxes the request targets (availability mailboxes, impersonated or own mailbox). */
  mailboxes: string[];
  /** Email from the ExchangeImpersonation header, if any. */
  impersonating?: string;
  /**
   * For GetItem and FindItem: the ItemShape asked for, e.g. "IdOnly + calendar:Start, calendar:End + extended
   * SlotbridgeBookingId", so tests can check what a client reads (names only, never values).
   */
  itemShape?: string;
}

/** A complete HTTP answer produced by the core. */
export interface EwsResponse {
  status: number;
  /** Always `text/xml; charset=utf-8` for SOAP. */
  contentType: string;
  body: string;
}

/** Everything the core needs to answer one request. */
export interface EwsCallContext {
  /** The authenticated account (already verified by the server). */
  account: SimAccount;
  /** Looks up any account of the organisation by email (for impersonation and permissions). */
  findAccount(email: string): SimAccount | undefined;
  /** "Now" for the simulation; tests may pin it. */
  now: Date;
  /** Longest GetUserAvailability window in days (Exchange default 42). */
  maxAvailabilityDays: number;
}

/** The protocol core, built by `createEwsCore` in core.ts. */
export interface EwsCore {
  /**
   * Parses a SOAP request just enough to describe it. A request that is not well-formed XML,
   * not a SOAP 1.1 envelope, or names an unknown operation yields the EwsResponse to send
   * (the fault Exchange would send) instead.
   */
  summarize(xml: string): EwsRequestSummary | EwsResponse;
  /**
   * Checks a request against Microsoft's schema, as Exchange does before it runs anything: the
   * ErrorSchemaValidation fault to send when it breaks the schema, undefined when it is valid (or when the
   * core was built with `validateRequests: false`).
   */
  validate(xml: string): Promise<EwsResponse | undefined>;
  /** Runs a request for an authenticated account; state changes (CreateItem, …) are kept. */
  execute(xml: string, context: EwsCallContext): EwsResponse;
  /**
   * Resolves once the core answers at full speed: the schema its request check uses is compiled (a second
   * or two after it is built). The server waits for it before it calls itself started.
   */
  ready?(): Promise<void>;
  /** The throttling fault Exchange sends (HTTP 500, ErrorServerBusy with BackOffMilliseconds). */
  serverBusyFault(backOffMilliseconds: number): EwsResponse;
  /** Back to the deterministic seed (all mailboxes and their events). */
  reset(): void;
  /**
   * A mailbox's calendar items as plain data, for the control API only (tests check "the item reached
   * Exchange"); undefined for a mailbox the organisation does not have.
   */
  listCalendarItems?(email: string): CalendarItemView[] | undefined;
}

/** One stored calendar item as the control API shows it (series unexpanded; times ISO-8601 UTC). */
export interface CalendarItemView {
  /** The EWS ItemId a client was given for it. */
  id: string;
  subject: string;
  body: string;
  location: string;
  start: string;
  end: string;
  /** The IANA zone it was created in, and the Windows id EWS reports for it. */
  timeZone: string;
  startTimeZoneId: string;
  organizer: string;
  requiredAttendees: string[];
  optionalAttendees: string[];
  /** CreateItem's SendMeetingInvitations; absent for seeded items. */
  sendMeetingInvitations?: string;
  extendedProperties: Array<{ uri: Record<string, string>; value?: string; values?: string[] }>;
}

export interface EwsCoreOptions {
  accounts: SimAccount[];
  /** The clock the seed is laid out around ("this week"); defaults to the real time. */
  now?: () => Date;
  /**
   * Check every request against Microsoft's schema (default true, as Exchange does). Off only for tests of
   * what the operations themselves tolerate.
   */
  validateRequests?: boolean;
}
