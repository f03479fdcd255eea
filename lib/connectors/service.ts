import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { disconnectConnection } from "@/lib/calendars/connections";
import { type ConnectorState, connectorState } from "@/lib/calendars/connector-state";
import { createConnectorSchema } from "@/lib/calendars/schema";
import { db, type Transaction } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { type ConnectorMailbox, connectors, exchangeConnections } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { requestLog } from "@/lib/request-log";
import { signalConnector } from "./bus";
import { createPairingCode, hashConnectorSecret, normalisePairingCode, PAIRING_CODE_TTL_MS } from "./secrets";

function assertAdmin(actor: CurrentUser) {
  if (!hasRole(actor.role, "admin")) throw new AppError("forbidden", "Only owners and admins manage connectors.");
}

async function findConnector(actor: CurrentUser, connectorId: string) {
  const [row] = await db()
    .select()
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), eq(connectors.organisationId, actor.organisationId)))
    .limit(1);
  if (!row) throw new AppError("not_found", "That connector does not exist.");
  return row;
}

async function logConnectorEvent(input: { event: string; actor: CurrentUser; connectorId: string }) {
  (await requestLog()).info(
    { connectorId: input.connectorId, organisationId: input.actor.organisationId, actorUserId: input.actor.userId },
    `connector ${input.event}`,
  );
}

function recordConnectorEvent(input: {
  tx: Transaction;
  actor: CurrentUser;
  action: "connector.created" | "connector.revoked" | "connector.deleted";
  id: string;
  name: string;
}) {
  const { tx, actor, action, id, name } = input;
  return recordAuditEvent({ tx, ...byActor(actor), action, targetId: id, detail: { name } });
}

export interface PairingCode {
  connectorId: string;
  /** Shown once, to the admin who asked; only its hash is stored. */
  code: string;
  expiresAt: Date;
}

function freshPairingCode() {
  const code = createPairingCode();
  return {
    code,
    pairingCodeHash: hashConnectorSecret(normalisePairingCode(code) as string),
    pairingExpiresAt: new Date(Date.now() + PAIRING_CODE_TTL_MS),
  };
}

/** A new connector, waiting for its program to pair with the code returned here. */
export async function createConnector(input: { actor: CurrentUser; name: string }): Promise<PairingCode> {
  assertAdmin(input.actor);
  const name = createConnectorSchema.shape.name.parse(input.name);
  const { code, ...pairing } = freshPairingCode();
  try {
    const row = await db().transaction(async (tx) => {
      const [inserted] = await tx
        .insert(connectors)
        .values({ organisationId: input.actor.organisationId, name, createdById: input.actor.userId, ...pairing })
        .returning({ id: connectors.id });
      if (!inserted) throw new Error("insert returned no row");
      await recordConnectorEvent({ tx, actor: input.actor, action: "connector.created", id: inserted.id, name });
      return inserted;
    });
    await logConnectorEvent({ event: "created", actor: input.actor, connectorId: row.id });
    return { connectorId: row.id, code, expiresAt: pairing.pairingExpiresAt };
  } catch (error) {
    if (isUniqueViolation(error, "connectors_organisation_name_key")) {
      throw new AppError("conflict", "A connector with this name exists already.");
    }
    throw error;
  }
}

/**
 * A new pairing code for a connector: to pair it the first time after the code expired, to bring a revoked
 * connector back, or to move it to another machine. Pairing replaces the token, so the old one stops working.
 */
export async function renewPairingCode(input: { actor: CurrentUser; connectorId: string }): Promise<PairingCode> {
  assertAdmin(input.actor);
  const row = await findConnector(input.actor, input.connectorId);
  const { code, ...pairing } = freshPairingCode();
  await db().update(connectors).set(pairing).where(eq(connectors.id, row.id));
  await logConnectorEvent({ event: "pairing code issued", actor: input.actor, connectorId: row.id });
  return { connectorId: row.id, code, expiresAt: pairing.pairingExpiresAt };
}

/**
 * Stops a connector: its token is refused from now on (with "revoked", so the program tells its user why and
 * stops), any open channel closes, and its mailboxes answer "connector offline" until it is paired again.
 */
export async function revokeConnector(input: { actor: CurrentUser; connectorId: string }): Promise<void> {
  assertAdmin(input.actor);
  const row = await findConnector(input.actor, input.connectorId);
  await db().transaction(async (tx) => {
    await tx
      .update(connectors)
      .set({ revokedAt: sql`now()`, pairingCodeHash: null, pairingExpiresAt: null, onlineUntil: null })
      .where(eq(connectors.id, row.id));
    await recordConnectorEvent({ tx, actor: input.actor, action: "connector.revoked", id: row.id, name: row.name });
  });
  await signalConnector({ connectorId: row.id, kind: "revoked" });
  await logConnectorEvent({ event: "revoked", actor: input.actor, connectorId: row.id });
}

/**
 * Removes a connector and everything held for it: its token hash, its queued requests, and the connections
 * of the mailboxes it served (disconnected like any other: bookings stay, and relink when the mailbox is
 * connected again, directly or through another connector).
 */
export async function deleteConnector(input: { actor: CurrentUser; connectorId: string }): Promise<void> {
  assertAdmin(input.actor);
  const row = await findConnector(input.actor, input.connectorId);
  const served = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(eq(exchangeConnections.connectorId, row.id));
  for (const connection of served) await disconnectConnection({ actor: input.actor, connectionId: connection.id });
  await db().transaction(async (tx) => {
    await tx.delete(connectors).where(eq(connectors.id, row.id));
    await recordConnectorEvent({ tx, actor: input.actor, action: "connector.deleted", id: row.id, name: row.name });
  });
  await signalConnector({ connectorId: row.id, kind: "revoked" });
  await logConnectorEvent({ event: "deleted", actor: input.actor, connectorId: row.id });
}

export interface ConnectorSummary {
  id: string;
  name: string;
  state: ConnectorState;
  version: string | null;
  hostname: string | null;
  lastSeenAt: Date | null;
  /** What it can serve, and which of those are attached to a connection in this organisation. */
  mailboxes: Array<ConnectorMailbox & { attached: boolean }>;
  attachedCount: number;
}

/** The organisation's connectors with their status, for the Calendars page (admins). */
export async function listConnectors(actor: CurrentUser, now: Date = new Date()): Promise<ConnectorSummary[]> {
  assertAdmin(actor);
  const rows = await db()
    .select()
    .from(connectors)
    .where(eq(connectors.organisationId, actor.organisationId))
    .orderBy(asc(connectors.name));
  const attached = await db()
    .select({ connectorId: exchangeConnections.connectorId, mailbox: exchangeConnections.mailboxEmail })
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        sql`${exchangeConnections.connectorId} is not null`,
      ),
    );
  return rows.map((row) => {
    const mine = new Set(attached.filter((a) => a.connectorId === row.id).map((a) => a.mailbox));
    return {
      id: row.id,
      name: row.name,
      state: connectorState(row, now),
      version: row.version,
      hostname: row.hostname,
      lastSeenAt: row.lastSeenAt,
      mailboxes: row.mailboxes.map((mailbox) => ({ ...mailbox, attached: mine.has(mailbox.address) })),
      attachedCount: mine.size,
    };
  });
}
