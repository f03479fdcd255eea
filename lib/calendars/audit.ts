import "server-only";
import type { ConnectionAuditAction } from "@/lib/db/schema";
import { connectionAuditLog } from "@/lib/db/schema";
import type { Transaction } from "./access";

/** One audit row, written inside the caller's transaction so the action and its record stand or fall together. */
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
  mailboxEmail: string | null;
  actorUserId: string | null;
  action: ConnectionAuditAction;
  /** A reason code or a label we built: never server text, never anything typed into a password field. */
  outcome: string;
}) {
  await tx.insert(connectionAuditLog).values({
    organisationId,
    connectionId,
    mailboxEmail,
    actorUserId,
    action,
    outcome: outcome.slice(0, 500),
  });
}
