import "server-only";
import { recordAuditEvent } from "@/lib/audit/record";
import type { Transaction } from "./access";

/** What the calendar side records: the connection's own actions and the organisation's certificate authorities. */
export type ConnectionAuditAction =
  | "connection.connected"
  | "connection.retested"
  | "connection.password-changed"
  | "connection.disconnected"
  | "connection.certificate-accepted"
  /** The background check saw the status change (written on changes only, not on every run). */
  | "connection.status-changed"
  | "certificate-authority.added"
  | "certificate-authority.removed";

/** One audit event, written inside the caller's transaction so the action and its record stand or fall together. */
export async function writeAuditEntry({
  tx,
  organisationId,
  connectionId,
  mailboxEmail,
  actorUserId,
  action,
  outcome,
}: {
  tx: Transaction;
  organisationId: string;
  connectionId: string | null;
  /** The mailbox, kept as the line's label after the connection is gone. */
  mailboxEmail: string | null;
  actorUserId: string | null;
  action: ConnectionAuditAction;
  /** A reason code or a label we built: never server text, never anything typed into a password field. */
  outcome: string;
}) {
  await recordAuditEvent({
    tx,
    organisationId,
    actorUserId,
    action,
    targetId: connectionId,
    outcome,
    detail: mailboxEmail === null ? {} : { mailbox: mailboxEmail },
  });
}
