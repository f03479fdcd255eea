import "server-only";
import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { CurrentUser } from "@/lib/auth/session";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { encryptSecret, sealedKeyVersion } from "@/lib/crypto/vault";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { connectors, type ExchangeAuthMethod, exchangeConnections, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { EwsFailure, ExchangeOutboundConfig } from "@/lib/exchange";
import { requestLog } from "@/lib/request-log";
import { findManageableConnection, mayManageAll, resolveConnectionOwner, type Transaction } from "./access";
import { type ConnectionAuditAction, writeAuditEntry } from "./audit";
import {
  type ConnectionCheckFailure,
  type ConnectionCheckResult,
  type ConnectionRow,
  checkErrorReason,
  checkStoredConnection,
  checkThroughConnector,
  type DirectConnectionRow,
  isDirectConnection,
  recordCheck,
} from "./connection-check";
import { mailboxConnected } from "./connection-events";
import { exchangeConfigFromEnv } from "./exchange-config";
import { checkServerCertificate } from "./server-certificate";
import { testAccount } from "./test-account";
import { assertMayConnectMailbox, assertMayImpersonate } from "./wizard";

export interface SaveConnectionInput {
  actor: CurrentUser;
  mailboxEmail: string;
  ewsUrl: string;
  username: string;
  password: string;
  authMethod: ExchangeAuthMethod;
  impersonate?: boolean;
  /** Admins may name the member whose mailbox it is (or none); members always connect their own. */
  ownerUserId?: string | null;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}

export type SaveConnectionResult = { ok: true; connectionId: string } | ConnectionCheckFailure;

async function assertOwnerInOrganisation({ actor, ownerUserId }: { actor: CurrentUser; ownerUserId: string }) {
  const [row] = await db()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerUserId), eq(users.organisationId, actor.organisationId)))
    .limit(1);
  if (!row) throw new AppError("not_found", "That member is not in your organisation.");
}

/** The audit row for an action someone took on a connection, inside the action's own transaction. */
function auditByActor(input: {
  tx: Transaction;
  actor: CurrentUser;
  connection: { id: string; mailboxEmail: string };
  action: ConnectionAuditAction;
  outcome: string;
}) {
  return writeAuditEntry({
    tx: input.tx,
    organisationId: input.actor.organisationId,
    connectionId: input.connection.id,
    mailboxEmail: input.connection.mailboxEmail,
    actorUserId: input.actor.userId,
    action: input.action,
    outcome: input.outcome,
  });
}

/** One log line per change to a connection: ids and outcome codes only (the audit table has the rest). */
async function logConnectionEvent(input: { event: string; actor: CurrentUser; connectionId: string; outcome: string }) {
  (await requestLog()).info(
    {
      connectionId: input.connectionId,
      organisationId: input.actor.organisationId,
      actorUserId: input.actor.userId,
      outcome: input.outcome,
    },
    `connection ${input.event}`,
  );
}

const CONFLICT_MESSAGE = "This mailbox is already connected in your organisation. Re-test or update it instead.";

/**
 * Inserts a checked connection and its "connected" audit row in one transaction; a mailbox connected in the
 * meantime (the unique index is the real guard) is a conflict for the user.
 */
async function recordNewConnection(input: {
  actor: CurrentUser;
  values: typeof exchangeConnections.$inferInsert & { id: string };
  outcome: string;
}) {
  try {
    await db().transaction(async (tx) => {
      await tx.insert(exchangeConnections).values(input.values);
      await auditByActor({
        tx,
        actor: input.actor,
        connection: { id: input.values.id, mailboxEmail: input.values.mailboxEmail },
        action: "connection.connected",
        outcome: input.outcome,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "exchange_connections_organisation_mailbox_key")) {
      throw new AppError("conflict", CONFLICT_MESSAGE);
    }
    throw error;
  }
}

/**
 * Saves a connection after checking it again on the server: the wizard's earlier steps ran in other
 * requests, and nothing the browser says about them (a fingerprint, "the test passed") is trusted. The
 * fingerprint stored is the one this check saw. The password is sealed with the new row's id as context,
 * so the id is made here, before the insert.
 */
export async function saveConnection(input: SaveConnectionInput): Promise<SaveConnectionResult> {
  const { actor } = input;
  const config = input.config ?? exchangeConfigFromEnv();
  const keys = input.keys ?? credentialKeysFromEnv();
  const mailboxEmail = input.mailboxEmail.trim().toLowerCase();
  assertMayImpersonate({ actor, impersonate: input.impersonate ?? false });
  assertMayConnectMailbox({ actor, mailboxEmail });
  const ownerUserId = resolveConnectionOwner({ actor, ownerUserId: input.ownerUserId });
  if (ownerUserId && ownerUserId !== actor.userId) await assertOwnerInOrganisation({ actor, ownerUserId });
  // Fails fast before any network call; the unique index below is what actually guarantees it.
  const [existing] = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        eq(exchangeConnections.mailboxEmail, mailboxEmail),
      ),
    )
    .limit(1);
  if (existing) throw new AppError("conflict", CONFLICT_MESSAGE);

  const certificate = await checkServerCertificate({
    organisationId: actor.organisationId,
    ewsUrl: input.ewsUrl,
    config,
  });
  if (!certificate.ok) return { ok: false, step: "certificate", certificate };
  const tested = await testAccount({
    organisationId: actor.organisationId,
    ewsUrl: input.ewsUrl,
    username: input.username,
    password: input.password,
    authMethod: input.authMethod,
    mailbox: mailboxEmail,
    impersonate: input.impersonate ?? false,
    config,
  });
  if (!tested.ok) return { ok: false, step: "account", reason: tested.reason, message: tested.message };

  const connectionId = uuidv7();
  const secret = encryptSecret({ plaintext: input.password, context: connectionId, keys });
  const now = new Date();
  await recordNewConnection({
    actor,
    outcome: `ok (${tested.authMethod})`,
    values: {
      id: connectionId,
      organisationId: actor.organisationId,
      mailboxEmail,
      ewsUrl: new URL(input.ewsUrl).toString(),
      authUsername: input.username.trim(),
      // "auto" is kept as chosen: a server that later enables NTLM (or drops it) keeps working.
      authMethod: input.authMethod,
      secret,
      keyVersion: sealedKeyVersion(secret),
      impersonate: input.impersonate ?? false,
      ownerUserId,
      createdById: actor.userId,
      certificateFingerprint: certificate.fingerprintSha256,
      presentedFingerprint: certificate.fingerprintSha256,
      certificateExpiresAt: new Date(certificate.certificate.validTo),
      lastCheckedAt: now,
      lastOkAt: now,
    },
  });
  await logConnectionEvent({ event: "connected", actor, connectionId, outcome: tested.authMethod });
  // A reconnect of a mailbox that had bookings: they find their Exchange items again.
  await mailboxConnected({ connectionId, config, keys });
  return { ok: true, connectionId };
}

/**
 * Attaches a mailbox that an on-premises connector serves (admins only): no URL or password is held here,
 * the connector has them. Saved only after one FreeBusy-view call through the connector worked, so an
 * offline connector or a mailbox its account cannot read is refused now rather than discovered later.
 */
export async function saveConnectorConnection(input: {
  actor: CurrentUser;
  connectorId: string;
  mailboxEmail: string;
  ownerUserId?: string | null | undefined;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<{ ok: true; connectionId: string } | ({ ok: false } & EwsFailure)> {
  const { actor } = input;
  const config = input.config ?? exchangeConfigFromEnv();
  const keys = input.keys ?? credentialKeysFromEnv();
  if (!mayManageAll(actor))
    throw new AppError("forbidden", "Only owners and admins attach mailboxes from a connector.");
  const mailboxEmail = input.mailboxEmail.trim().toLowerCase();
  const [connector] = await db()
    .select()
    .from(connectors)
    .where(and(eq(connectors.id, input.connectorId), eq(connectors.organisationId, actor.organisationId)))
    .limit(1);
  if (!connector) throw new AppError("not_found", "That connector does not exist.");
  const served = connector.mailboxes.find((mailbox) => mailbox.address === mailboxEmail);
  if (!served) throw new AppError("invalid_input", "The connector does not serve this mailbox.");
  const ownerUserId = input.ownerUserId ?? null;
  if (ownerUserId) await assertOwnerInOrganisation({ actor, ownerUserId });

  const check = await checkThroughConnector({
    connectorId: connector.id,
    mailbox: mailboxEmail,
    impersonate: served.impersonate,
    config,
  });
  if (!check.ok) {
    return check.step === "account"
      ? { ok: false, reason: check.reason, message: check.message }
      : { ok: false, reason: "certificate", message: check.certificate.message };
  }
  const connectionId = uuidv7();
  const now = new Date();
  await recordNewConnection({
    actor,
    outcome: `ok (through connector ${connector.name})`,
    values: {
      id: connectionId,
      organisationId: actor.organisationId,
      mailboxEmail,
      connectorId: connector.id,
      impersonate: served.impersonate,
      ownerUserId,
      createdById: actor.userId,
      lastCheckedAt: now,
      lastOkAt: now,
    },
  });
  await logConnectionEvent({ event: "connected", actor, connectionId, outcome: "connector" });
  await mailboxConnected({ connectionId, config, keys });
  return { ok: true, connectionId };
}

/**
 * Re-runs both checks with the stored password and records the outcome as status only (no event data:
 * the availability answer is dropped). Every manual re-test is audited; the background check
 * (background-check.ts) runs the same check and audits only changes.
 */
export async function retestConnection({
  actor,
  connectionId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
  now = new Date(),
}: {
  actor: CurrentUser;
  connectionId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  now?: Date;
}): Promise<ConnectionCheckResult> {
  const row = await findManageableConnection({ actor, connectionId });
  const result = await checkStoredConnection({ row, config, keys });
  await db().transaction(async (tx) => {
    await recordCheck({ tx, row, result, now });
    await auditByActor({
      tx,
      actor,
      connection: row,
      action: "connection.retested",
      outcome: `${checkErrorReason(result) ?? "ok"}${result.certificateChanged ? " (certificate changed)" : ""}`,
    });
  });
  await logConnectionEvent({
    event: "retested",
    actor,
    connectionId: row.id,
    outcome: checkErrorReason(result) ?? "ok",
  });
  return result;
}

/**
 * Makes the certificate the server presents now the connection's accepted one, after a "certificate
 * changed" warning (a renewal, usually). It is checked again here: only a certificate that passes
 * verification right now is accepted, whatever the page showed earlier.
 */
export async function acceptPresentedCertificate({
  actor,
  connectionId,
  config = exchangeConfigFromEnv(),
}: {
  actor: CurrentUser;
  connectionId: string;
  config?: ExchangeOutboundConfig;
}): Promise<{ ok: true; fingerprintSha256: string } | { ok: false; message: string }> {
  const row = directOnly(await findManageableConnection({ actor, connectionId }));
  const certificate = await checkServerCertificate({ organisationId: row.organisationId, ewsUrl: row.ewsUrl, config });
  if (!certificate.ok) return { ok: false, message: `${certificate.message} ${certificate.hint}` };
  await db().transaction(async (tx) => {
    await tx
      .update(exchangeConnections)
      .set({
        certificateFingerprint: certificate.fingerprintSha256,
        presentedFingerprint: certificate.fingerprintSha256,
        certificateExpiresAt: new Date(certificate.certificate.validTo),
      })
      .where(eq(exchangeConnections.id, row.id));
    await auditByActor({
      tx,
      actor,
      connection: row,
      action: "connection.certificate-accepted",
      outcome: certificate.fingerprintSha256,
    });
  });
  await logConnectionEvent({ event: "certificate accepted", actor, connectionId: row.id, outcome: "ok" });
  return { ok: true, fingerprintSha256: certificate.fingerprintSha256 };
}

/**
 * A new password is tested before it replaces the stored one, so a typo cannot break a working
 * connection. The certificate is not re-checked here: testAccount's TLS verification still applies.
 */
export async function updateConnectionPassword({
  actor,
  connectionId,
  password,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
}: {
  actor: CurrentUser;
  connectionId: string;
  password: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<{ ok: true } | ({ ok: false } & EwsFailure)> {
  const row = directOnly(await findManageableConnection({ actor, connectionId }));
  const tested = await testAccount({
    organisationId: row.organisationId,
    ewsUrl: row.ewsUrl,
    username: row.authUsername,
    password,
    authMethod: row.authMethod,
    mailbox: row.mailboxEmail,
    impersonate: row.impersonate,
    config,
  });
  if (!tested.ok) return { ok: false, reason: tested.reason, message: tested.message };
  const secret = encryptSecret({ plaintext: password, context: row.id, keys });
  const now = new Date();
  await db().transaction(async (tx) => {
    await tx
      .update(exchangeConnections)
      .set({
        secret,
        keyVersion: sealedKeyVersion(secret),
        lastCheckedAt: now,
        lastOkAt: now,
        lastErrorReason: null,
        failingSince: null,
      })
      .where(eq(exchangeConnections.id, row.id));
    await auditByActor({
      tx,
      actor,
      connection: row,
      action: "connection.password-changed",
      outcome: "ok",
    });
  });
  await logConnectionEvent({ event: "password changed", actor, connectionId: row.id, outcome: "ok" });
  return { ok: true };
}

/**
 * Deletes the credentials row; the audit row (written first, while the id still exists) keeps the mailbox
 * address and has its connection id set null by the foreign key.
 */
export async function disconnectConnection({ actor, connectionId }: { actor: CurrentUser; connectionId: string }) {
  await db().transaction(async (tx) => {
    const row = await findManageableConnection({ actor, connectionId, tx });
    await auditByActor({
      tx,
      actor,
      connection: row,
      action: "connection.disconnected",
      outcome: "credentials deleted",
    });
    // Nothing else is held per mailbox yet. When bookings land they must survive this: give them
    // ON DELETE SET NULL on their connection id (keeping organisation + mailbox email and the Exchange item
    // ids) so a later reconnect can re-attach them; delete here only caches and job rows for this mailbox.
    await tx.delete(exchangeConnections).where(eq(exchangeConnections.id, row.id));
  });
  await logConnectionEvent({ event: "disconnected", actor, connectionId, outcome: "credentials deleted" });
}

/** Password and certificate belong to the connector for a mailbox it serves; only direct ones have them here. */
function directOnly(row: ConnectionRow): DirectConnectionRow {
  if (!isDirectConnection(row)) {
    throw new AppError(
      "invalid_input",
      "This mailbox is reached through an on-premises connector: its Exchange account and certificate are set on the connector.",
    );
  }
  return row;
}
