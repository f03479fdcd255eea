import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

/** Random, time-ordered ids: unguessable in URLs, yet index-friendly. */
const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", ["owner", "admin", "member"]);
export type Role = (typeof roleEnum.enumValues)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: id(),
    name: text().notNull(),
    /** The work week the team grid shows: ISO weekdays (1 = Monday … 7 = Sunday). */
    workDays: smallint().array().notNull().default(sql`'{1,2,3,4,5}'`),
    /** The hours of a work day the team grid shows, in the viewer's chosen zone (0–24). */
    workDayStartHour: smallint().notNull().default(8),
    workDayEndHour: smallint().notNull().default(18),
    /**
     * Customers' names, addresses, notes and answers are erased this many days after their appointment
     * (a daily job); 0 keeps them. The booking's time and page stay, for statistics.
     */
    customerRetentionDays: integer().notNull().default(365),
    /** Set by an instance administrator: nobody of the organisation signs in, its public pages answer 404. */
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("organisations_customer_retention_days", sql`${t.customerRetentionDays} >= 0`),
    check(
      "organisations_work_day_hours",
      sql`${t.workDayStartHour} >= 0 and ${t.workDayEndHour} <= 24 and ${t.workDayStartHour} < ${t.workDayEndHour}`,
    ),
    check(
      "organisations_work_days",
      sql`cardinality(${t.workDays}) between 1 and 7 and ${t.workDays} <@ '{1,2,3,4,5,6,7}'::smallint[]`,
    ),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Stored lower-cased; unique across the installation (one account, one organisation). */
    email: text().notNull(),
    name: text().notNull(),
    /** argon2id PHC string; null for accounts that only sign in through Entra ID. */
    passwordHash: text(),
    role: roleEnum().notNull().default("member"),
    /**
     * When the address was shown to be the user's (an invite link, a verification mail, the first-run
     * setup). Self sign-up (SIGNUP=domains|open) leaves it null, and an unverified account cannot sign in.
     */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /** May see the instance page (organisations and their counts) and disable organisations. */
    instanceAdmin: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    index("users_organisation_idx").on(t.organisationId),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * One row per signed-in browser. The next-auth JWT only names a row here, so signing out
 * everywhere (password change, removal from the organisation) is a DELETE that every app
 * instance sees at once.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invites = pgTable(
  "invites",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: roleEnum().notNull().default("member"),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    invitedById: uuid().references(() => users.id, { onDelete: "set null" }),
    /** When the invite was last mailed (resend updates it); null when mail is not configured. */
    mailedAt: timestamp({ withTimezone: true }),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invites_token_hash_key").on(t.tokenHash),
    index("invites_organisation_idx").on(t.organisationId),
  ],
);

/**
 * The instance's one-time setup: the first-run page inserts the single row (id 1) in the transaction that
 * creates the first organisation and its owner, so of two people racing for it exactly one succeeds.
 */
export const instanceSetup = pgTable(
  "instance_setup",
  {
    id: smallint().primaryKey().default(1),
    completedAt: createdAt(),
  },
  (t) => [check("instance_setup_single_row", sql`${t.id} = 1`)],
);

/**
 * Email domains whose people may sign themselves up (SIGNUP=domains) and then join the organisation that
 * owns the domain, as members. A domain belongs to at most one organisation.
 */
export const organisationDomains = pgTable(
  "organisation_domains",
  {
    /** Lower-case, without "@" (example.com). */
    domain: text().primaryKey(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("organisation_domains_organisation_idx").on(t.organisationId),
    check("organisation_domains_lowercase", sql`${t.domain} = lower(${t.domain})`),
  ],
);

export const accountTokenPurposeEnum = pgEnum("account_token_purpose", ["password-reset", "email-verification"]);
export type AccountTokenPurpose = (typeof accountTokenPurposeEnum.enumValues)[number];

/**
 * Single-use tokens mailed to a user (password reset, address verification). Only the SHA-256 of the token
 * is kept; a used or expired row is worthless and is deleted by the daily clean-up.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: accountTokenPurposeEnum().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("account_tokens_token_hash_key").on(t.tokenHash), index("account_tokens_user_idx").on(t.userId)],
);

/** Counters for rate-limiter-flexible's Drizzle store, shared by every app instance. */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  points: integer().notNull().default(0),
  expire: timestamp({ withTimezone: true }),
});

export const exchangeAuthMethodEnum = pgEnum("exchange_auth_method", ["auto", "ntlm", "basic"]);
export type ExchangeAuthMethod = (typeof exchangeAuthMethodEnum.enumValues)[number];

export interface ConnectorMailbox {
  address: string;
  impersonate: boolean;
}

export const connectorModeEnum = pgEnum("connector_mode", ["realtime", "auto-sync"]);
export type ConnectorMode = (typeof connectorModeEnum.enumValues)[number];

/**
 * An on-premises connector: a program inside a network the app cannot reach, relaying EWS requests to its
 * local Exchange over outbound HTTPS (connector/PROTOCOL.md). Only hashes of its pairing code and token
 * are kept; what it reports about itself (version, mode, mailboxes it can serve) is status, never event data.
 */
export const connectors = pgTable(
  "connectors",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /** SHA-256 (hex) of the one-time pairing code while it is unused and unexpired; null afterwards. */
    pairingCodeHash: text(),
    pairingExpiresAt: timestamp({ withTimezone: true }),
    /** SHA-256 (hex) of the connector's bearer token; null before pairing and after revocation. */
    tokenHash: text(),
    pairedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** What the connector said about itself at pairing and in its hellos. */
    version: text(),
    hostname: text(),
    /**
     * The mailboxes its accounts can serve (hello): lower-cased address, and whether a service account
     * acts for it by impersonation. For attaching to members; addresses only.
     */
    mailboxes: jsonb().$type<ConnectorMailbox[]>().notNull().default([]),
    /** How it is reached now: holding the real-time channel, or polling ("auto-sync"). */
    mode: connectorModeEnum(),
    lastSeenAt: timestamp({ withTimezone: true }),
    /** Its last poll: while it polls, it is in auto-sync even if a trial channel is open alongside. */
    lastPolledAt: timestamp({ withTimezone: true }),
    /** Until when the last heartbeat or poll vouches for it; past this it is offline (since lastSeenAt). */
    onlineUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("connectors_token_hash_key").on(t.tokenHash),
    uniqueIndex("connectors_pairing_code_hash_key").on(t.pairingCodeHash),
    uniqueIndex("connectors_organisation_name_key").on(t.organisationId, t.name),
    check("connectors_token_hash_format", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("connectors_pairing_code_hash_format", sql`${t.pairingCodeHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * EWS requests waiting for a connector to pick them up (over its channel or a poll). They hold the app's
 * own outgoing SOAP only; the answers never touch a table (they travel over NOTIFY), and a row goes away
 * when it is answered or its deadline has passed.
 */
export const connectorRequests = pgTable(
  "connector_requests",
  {
    id: id(),
    connectorId: uuid()
      .notNull()
      .references(() => connectors.id, { onDelete: "cascade" }),
    mailbox: text().notNull(),
    soapAction: text().notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
    deadlineAt: timestamp({ withTimezone: true }).notNull(),
    /** When it was last handed to the connector; a request unanswered long after may be handed out again. */
    claimedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("connector_requests_connector_idx").on(t.connectorId, t.createdAt)],
);

/** An Exchange mailbox the organisation connected, with the account that reads it. */
export const exchangeConnections = pgTable(
  "exchange_connections",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Stored lower-cased, as users.email. */
    mailboxEmail: text().notNull(),
    /** Null when a connector reaches the mailbox: the connector holds the URL and the account. */
    ewsUrl: text(),
    authUsername: text(),
    authMethod: exchangeAuthMethodEnum().notNull().default("auto"),
    /**
     * The account's password, sealed by lib/crypto/vault.ts with this row's id as context, so a
     * value copied to another row does not open. Never the password itself.
     */
    secret: text(),
    /** The key version inside `secret`, kept as a column so rotation progress is one query. */
    keyVersion: integer(),
    /** Set when this mailbox is reached through an on-premises connector instead of directly. */
    connectorId: uuid().references(() => connectors.id, { onDelete: "restrict" }),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    /**
     * The member whose mailbox this is; null for an organisation mailbox (a room, a shared desk) or once
     * that member is removed. Members see and manage only rows naming them; owners and admins see all.
     */
    ownerUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /**
     * When true, `authUsername` is a service account that acts for `mailboxEmail` through the
     * ExchangeImpersonation header. A service account serving several mailboxes is one row per mailbox,
     * so each mailbox keeps its own (organisation, mailbox) identity, status and disconnect.
     */
    impersonate: boolean().notNull().default(false),
    /**
     * The connection an admin designated for team availability lookups, used for viewers without a
     * connection of their own. At most one per organisation (partial unique index below).
     */
    availabilityLookups: boolean().notNull().default(false),
    /** SHA-256 of the server's leaf certificate at connection time ("AB:CD:…"), to notice a swap later. */
    certificateFingerprint: text(),
    /**
     * The leaf fingerprint the server presented at the last check that got a verified certificate. When it
     * differs from `certificateFingerprint` the Calendars page says "certificate changed" until an admin
     * accepts the new one.
     */
    presentedFingerprint: text(),
    /** The presented certificate's notAfter, for "certificate expiring within 30 days". */
    certificateExpiresAt: timestamp({ withTimezone: true }),
    /** Set by re-tests (by hand or the background check). Status only: never event data. */
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastOkAt: timestamp({ withTimezone: true }),
    /** A reason code from the last failed check (e.g. "wrong-password"); null when it passed. */
    lastErrorReason: text(),
    /** When the current run of failed checks began ("unreachable since …"); null while checks pass. */
    failingSince: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex("exchange_connections_organisation_mailbox_key").on(t.organisationId, t.mailboxEmail),
    uniqueIndex("exchange_connections_availability_lookups_key")
      .on(t.organisationId)
      .where(sql`${t.availabilityLookups}`),
    index("exchange_connections_owner_idx").on(t.ownerUserId),
    check(
      "exchange_connections_certificate_fingerprint_format",
      sql`${t.certificateFingerprint} ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$'`,
    ),
    check(
      "exchange_connections_presented_fingerprint_format",
      sql`${t.presentedFingerprint} ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$'`,
    ),
    // A direct connection has its URL and sealed account; a connector's has neither.
    check(
      "exchange_connections_direct_or_connector",
      sql`(${t.connectorId} is null) = (${t.ewsUrl} is not null and ${t.authUsername} is not null and ${t.secret} is not null and ${t.keyVersion} is not null)`,
    ),
    index("exchange_connections_connector_idx").on(t.connectorId),
    check("exchange_connections_mailbox_email_lowercase", sql`${t.mailboxEmail} = lower(${t.mailboxEmail})`),
    // The column cannot drift from the version the sealed value names.
    check(
      "exchange_connections_key_version_matches_secret",
      sql`${t.keyVersion} > 0 and starts_with(${t.secret}, 'v' || ${t.keyVersion} || '.')`,
    ),
  ],
);

/** A private root CA an owner uploaded; trusted for this organisation's Exchange connections only. */
export const organisationCertificateAuthorities = pgTable(
  "organisation_certificate_authorities",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Re-encoded by node:crypto from the upload: exactly one certificate, nothing else from the file. */
    pem: text().notNull(),
    subject: text().notNull(),
    /** SHA-256 of the DER certificate, "AB:CD:…", as the certificate report shows it. */
    fingerprintSha256: text().notNull(),
    addedById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organisation_certificate_authorities_fingerprint_key").on(t.organisationId, t.fingerprintSha256),
  ],
);

/**
 * The audit trail: who did what to which thing, when, and how it ended. Sign-ins, passwords, invites, roles,
 * removals, connections, connectors, booking pages, deletions, erasures, exports (lib/audit/actions.ts
 * lists the actions). Never secrets, never event data, never a customer's details: `detail` holds counts and
 * labels we build. Organisation rows go with their organisation; instance-level rows (organisation_id null)
 * record what happened to organisations as a whole.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    organisationId: uuid().references(() => organisations.id, { onDelete: "cascade" }),
    /** Null for the system (jobs, the background check) and once the actor's account is deleted. */
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** A dotted name from lib/audit/actions.ts, e.g. "member.invited", "connection.connected". */
    action: text().notNull(),
    /** What the action was done to: a user, invite, connection, page, booking or organisation id. */
    targetId: text(),
    /** A short code or label ("ok", "wrong-password", "denied"); built by us, never server text. */
    outcome: text().notNull(),
    /** Labels and counts that make the line readable (a mailbox, a role, a page title, counts). */
    detail: jsonb().$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_organisation_idx").on(t.organisationId, t.createdAt),
    index("audit_events_actor_idx").on(t.actorUserId),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Invite = typeof invites.$inferSelect;
export type ExchangeConnection = typeof exchangeConnections.$inferSelect;
export type Connector = typeof connectors.$inferSelect;
export type NewExchangeConnection = typeof exchangeConnections.$inferInsert;
export type OrganisationCertificateAuthority = typeof organisationCertificateAuthorities.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;

/** Groups of members (a team, a location) that owners and admins define to filter the team grid. */
export const memberGroups = pgTable(
  "member_groups",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("member_groups_organisation_name_key").on(t.organisationId, sql`lower(${t.name})`)],
);

export const memberGroupMembers = pgTable(
  "member_group_members",
  {
    groupId: uuid()
      .notNull()
      .references(() => memberGroups.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("member_group_members_user_idx").on(t.userId)],
);

// ── Booking pages and bookings ──────────────────────────────────────────────────────────────────────

/** A Postgres tstzrange, written and read as its text form, e.g. `[2026-11-24 09:00:00+00,2026-11-24 10:00:00+00)`. */
const tstzrange = customType<{ data: string }>({ dataType: () => "tstzrange" });

export const schedulingTypeEnum = pgEnum("scheduling_type", ["single", "round_robin", "collective"]);
export type SchedulingType = (typeof schedulingTypeEnum.enumValues)[number];

/** A question the booking form asks besides name, email and notes. */
export interface BookingQuestion {
  /** Stable key for the answer, e.g. "q1"; lower-case letters and digits. */
  id: string;
  label: string;
  required: boolean;
}

/** A weekly availability window in the host's own zone: ISO weekday, minutes after local midnight. */
export interface WeeklyWindow {
  day: number;
  startMinute: number;
  endMinute: number;
}

export const cancellationMethodEnum = pgEnum("booking_cancellation_method", ["cancel_item", "delete_item"]);
export type CancellationMethod = (typeof cancellationMethodEnum.enumValues)[number];

export const bookingPages = pgTable(
  "booking_pages",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The public address: /book/<slug>. Lower-case letters, digits and inner hyphens; unique everywhere. */
    slug: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    durationMinutes: smallint().notNull(),
    /** null = the duration. */
    slotIntervalMinutes: smallint(),
    /** null = "a meeting link will follow". */
    location: text(),
    schedulingType: schedulingTypeEnum().notNull().default("single"),
    bufferBeforeMinutes: smallint().notNull().default(0),
    bufferAfterMinutes: smallint().notNull().default(0),
    minimumNoticeMinutes: integer().notNull().default(240),
    /** How far ahead customers may book, in days from now. */
    horizonDays: smallint().notNull().default(60),
    /** At most this many bookings per host per day (in the host's zone); null = no limit. */
    dailyLimit: smallint(),
    /** Busy and out-of-office always block; these two are the page's choice. */
    blockTentative: boolean().notNull().default(true),
    blockWorkingElsewhere: boolean().notNull().default(true),
    /** Send Exchange invitations to the customer (and, for collective pages, the other hosts). */
    sendInvitations: boolean().notNull().default(true),
    /** How a cancelled booking leaves the host's calendar: CancelCalendarItem, or DeleteItem with cancellations. */
    cancellationMethod: cancellationMethodEnum().notNull().default("cancel_item"),
    /** Mail the customer when the host moves or deletes the item in Outlook (found by reconciliation). */
    notifyCustomerOfCalendarChanges: boolean().notNull().default(true),
    /** The language of the page's mails (a code the message catalogue knows, e.g. "en"). */
    language: text().notNull().default("en"),
    /** Reminders to the customer, in minutes before the start; empty = none. */
    reminderMinutes: integer().array().notNull().default(sql`'{1440,60}'`),
    /** Extra questions on the booking form; answers are stored with the booking, keyed by question id. */
    questions: jsonb().$type<BookingQuestion[]>().notNull().default([]),
    published: boolean().notNull().default(false),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex("booking_pages_slug_key").on(t.slug),
    index("booking_pages_organisation_idx").on(t.organisationId),
    check("booking_pages_slug_format", sql`${t.slug} ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'`),
    check("booking_pages_duration", sql`${t.durationMinutes} between 5 and 720`),
    check(
      "booking_pages_interval",
      sql`${t.slotIntervalMinutes} is null or ${t.slotIntervalMinutes} between 5 and 720`,
    ),
    check(
      "booking_pages_buffers",
      sql`${t.bufferBeforeMinutes} between 0 and 720 and ${t.bufferAfterMinutes} between 0 and 720`,
    ),
    check("booking_pages_notice", sql`${t.minimumNoticeMinutes} between 0 and 525600`),
    check("booking_pages_horizon", sql`${t.horizonDays} between 1 and 365`),
    check("booking_pages_daily_limit", sql`${t.dailyLimit} is null or ${t.dailyLimit} >= 1`),
    check("booking_pages_language", sql`${t.language} ~ '^[a-z]{2}$'`),
  ],
);

export const bookingPageHosts = pgTable(
  "booking_page_hosts",
  {
    pageId: uuid()
      .notNull()
      .references(() => bookingPages.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Round robin: higher goes first among the free hosts; then the least recently booked. */
    priority: smallint().notNull().default(0),
    /** The host's IANA zone, in which weeklyHours and date overrides are read. */
    timeZone: text().notNull(),
    weeklyHours: jsonb().$type<WeeklyWindow[]>().notNull().default([]),
    /** Use the working hours Exchange reports for the host instead of weeklyHours. */
    useExchangeWorkingHours: boolean().notNull().default(false),
    lastBookedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.userId] }), index("booking_page_hosts_user_idx").on(t.userId)],
);

/** One host's hours on one local date, replacing the weekly ones; no windows = a blackout date. */
export const bookingPageDateOverrides = pgTable(
  "booking_page_date_overrides",
  {
    id: id(),
    pageId: uuid()
      .notNull()
      .references(() => bookingPages.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    date: date({ mode: "string" }).notNull(),
    windows: jsonb().$type<Array<{ startMinute: number; endMinute: number }>>().notNull().default([]),
  },
  (t) => [uniqueIndex("booking_page_date_overrides_key").on(t.pageId, t.userId, t.date)],
);

/** Who cancelled a booking: its customer, a host or admin in the app, or the host in their own calendar. */
export const bookingActorEnum = pgEnum("booking_actor", ["customer", "host", "calendar"]);
export const calendarChangeEnum = pgEnum("calendar_change", ["update", "cancel"]);

export const bookingStatusEnum = pgEnum("booking_status", ["confirmed", "write_pending", "write_failed", "cancelled"]);
export type BookingStatus = (typeof bookingStatusEnum.enumValues)[number];

/**
 * A customer's booking. Survives its page, its hosts' removal and every disconnect: the Exchange item id
 * and the mailbox it lives in stay, so a reconnect can relink it. Customer data only as the booking needs.
 */
export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    pageId: uuid().references(() => bookingPages.id, { onDelete: "set null" }),
    /** The page's title when booked, for lists after the page changed or went. */
    pageTitle: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: bookingStatusEnum().notNull().default("write_pending"),
    customerName: text().notNull(),
    customerEmail: text().notNull(),
    customerTimeZone: text().notNull(),
    notes: text(),
    answers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** SHA-256 of the customer's manage-link token; the token itself is never stored. */
    manageTokenHash: text(),
    /**
     * The host whose Exchange calendar holds the item: the one host, the round-robin pick, or a collective
     * page's first host (the others are invited). Null only once that member has left the organisation.
     */
    organiserUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The mailbox whose calendar holds the item (the organising host's), and the item's EWS id. */
    exchangeMailbox: text(),
    exchangeItemId: text(),
    /** Attempts so far to write the item to Exchange, and the last failure in plain words (no secrets). */
    calendarWriteAttempts: integer().notNull().default(0),
    calendarWriteError: text(),
    /** While set and in the future, one app instance is writing the item: no other may start (calendar-write.ts). */
    calendarWriteLeaseUntil: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    cancelledBy: bookingActorEnum(),
    /** The iCalendar SEQUENCE of the latest version sent to the customer: bumped by every reschedule and cancel. */
    icsSequence: integer().notNull().default(0),
    /** A change the Exchange item still needs (a durable job retries it); null when Exchange is in step. */
    calendarPendingChange: calendarChangeEnum(),
    /** Set when the booking's Exchange item could not be found (after a reconnect, or by reconciliation). */
    exchangeItemMissingSince: timestamp({ withTimezone: true }),
    /**
     * When the customer's name, address, time zone, notes and answers were erased (on request, or by the
     * organisation's retention period); the booking's time, page and status stay.
     */
    customerErasedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("bookings_organisation_starts_idx").on(t.organisationId, t.startsAt),
    uniqueIndex("bookings_manage_token_hash_key").on(t.manageTokenHash),
    check("bookings_time_order", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * The time a booking takes from each of its hosts, buffers included. An exclusion constraint (migration
 * 0007) refuses two unreleased holds of one host that overlap: the last word against double bookings,
 * whatever races happen above it. Cancelling a booking releases its holds.
 */
export const bookingHolds = pgTable(
  "booking_holds",
  {
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    hostUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** [start − buffer before, end + buffer after) */
    blockedDuring: tstzrange().notNull(),
    released: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.hostUserId] })],
);
