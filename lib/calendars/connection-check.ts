import "server-only";
import { eq } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { exchangeConnections } from "@/lib/db/schema";
import { type EwsFailure, type ExchangeOutboundConfig, probeMailbox } from "@/lib/exchange";
import type { Transaction } from "./access";
import { checkServerCertificate, type ServerCertificateReport } from "./server-certificate";
import { openStoredPassword } from "./stored-password";
import { testAccount } from "./test-account";

export type ConnectionRow = typeof exchangeConnections.$inferSelect;

/** A connection the app dials itself: URL and sealed account present (the table's check guarantees the pair). */
export type DirectConnectionRow = ConnectionRow & {
  connectorId: null;
  ewsUrl: string;
  authUsername: string;
  secret: string;
  keyVersion: number;
};

export function isDirectConnection(row: ConnectionRow): row is DirectConnectionRow {
  return row.connectorId === null && row.ewsUrl !== null && row.authUsername !== null && row.secret !== null;
}

/** For code paths that only direct connections reach; the table's check makes a failure here a bug. */
export function assertDirectConnection(row: ConnectionRow): asserts row is DirectConnectionRow {
  if (!isDirectConnection(row)) throw new Error(`connection ${row.id} is not a direct connection`);
}

export type ConnectionCheckFailure =
  | { ok: false; step: "certificate"; certificate: Extract<ServerCertificateReport, { ok: false }> }
  | ({ ok: false; step: "account" } & EwsFailure);

export type ConnectionCheckResult = ({ ok: true } | ConnectionCheckFailure) & {
  /** The server now presents another certificate than the one accepted for this connection. */
  certificateChanged: boolean;
  /** What a verified handshake showed; null when the certificate check failed. */
  presented: { fingerprintSha256: string; expiresAt: Date } | null;
};

/** The reason code stored for a failed check, null for a passed one. */
export function checkErrorReason(result: ConnectionCheckResult): string | null {
  if (result.ok) return null;
  return result.step === "certificate" ? result.certificate.reason : result.reason;
}

/**
 * Re-runs a stored connection's certificate and account checks with its sealed password: one verified
 * TLS handshake and one FreeBusy-view availability call whose answer is dropped. Shared by the manual
 * re-test and the background check, which differ only in who asks and what they record.
 */
export async function checkStoredConnection({
  row,
  config,
  keys,
}: {
  row: ConnectionRow;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}): Promise<ConnectionCheckResult> {
  if (row.connectorId) {
    return checkThroughConnector({
      connectorId: row.connectorId,
      mailbox: row.mailboxEmail,
      impersonate: row.impersonate,
      config,
    });
  }
  assertDirectConnection(row);
  const certificate = await checkServerCertificate({
    organisationId: row.organisationId,
    ewsUrl: row.ewsUrl,
    config,
  });
  if (!certificate.ok)
    return { ok: false, step: "certificate", certificate, certificateChanged: false, presented: null };
  const presented = {
    fingerprintSha256: certificate.fingerprintSha256,
    expiresAt: new Date(certificate.certificate.validTo),
  };
  const certificateChanged =
    row.certificateFingerprint !== null && certificate.fingerprintSha256 !== row.certificateFingerprint;
  const stored = openStoredPassword({ sealed: row.secret, connectionId: row.id, keys });
  const tested = !stored.ok
    ? stored
    : await testAccount({
        organisationId: row.organisationId,
        ewsUrl: row.ewsUrl,
        username: row.authUsername,
        password: stored.password,
        authMethod: row.authMethod,
        mailbox: row.mailboxEmail,
        impersonate: row.impersonate,
        config,
      });
  if (!tested.ok) {
    return {
      ok: false,
      step: "account",
      reason: tested.reason,
      message: tested.message,
      certificateChanged,
      presented,
    };
  }
  return { ok: true, certificateChanged, presented };
}

/** Stores a check's outcome on the row: status columns only, never anything the server answered. */
export async function recordCheck({
  tx,
  row,
  result,
  now,
}: {
  tx: Transaction;
  row: ConnectionRow;
  result: ConnectionCheckResult;
  now: Date;
}) {
  await tx
    .update(exchangeConnections)
    .set({
      lastCheckedAt: now,
      lastErrorReason: checkErrorReason(result),
      ...(result.ok ? { lastOkAt: now, failingSince: null } : { failingSince: row.failingSince ?? now }),
      ...(result.presented
        ? {
            presentedFingerprint: result.presented.fingerprintSha256,
            certificateExpiresAt: result.presented.expiresAt,
          }
        : {}),
    })
    .where(eq(exchangeConnections.id, row.id));
}

/**
 * A connection through a connector: the connector checks Exchange's certificate on its side, so the
 * check here is one FreeBusy-view call relayed through it, its answer dropped.
 */
export async function checkThroughConnector({
  connectorId,
  mailbox,
  impersonate,
  config,
}: {
  connectorId: string;
  mailbox: string;
  impersonate: boolean;
  config: ExchangeOutboundConfig;
}): Promise<ConnectionCheckResult> {
  const probe = await probeMailbox({
    via: "connector",
    connectorId,
    mailbox,
    config,
    ...(impersonate ? { actAs: mailbox } : {}),
    address: mailbox,
    now: new Date(),
  });
  const common = { certificateChanged: false, presented: null };
  return probe.ok ? { ok: true, ...common } : { ok: false, step: "account", ...probe.failure, ...common };
}
