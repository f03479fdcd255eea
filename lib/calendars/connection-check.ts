import "server-only";
import { eq } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { exchangeConnections } from "@/lib/db/schema";
import type { Transaction } from "./access";
import type { EwsFailure } from "./ews-failures";
import type { ExchangeOutboundConfig } from "./outbound";
import { checkServerCertificate, type ServerCertificateReport } from "./server-certificate";
import { openStoredPassword } from "./stored-password";
import { testAccount } from "./test-account";

export type ConnectionRow = typeof exchangeConnections.$inferSelect;

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
