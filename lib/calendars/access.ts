import "server-only";
import { and, eq } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db, type Transaction } from "@/lib/db";
import { exchangeConnections } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type { Transaction };

/** Owners and admins manage every connection of their organisation; members only their own mailbox's. */
export function mayManageAll(actor: CurrentUser): boolean {
  return hasRole(actor.role, "admin");
}

/**
 * The connection row (with its sealed secret, for server use only), if the actor may manage it.
 * Another organisation's row and a colleague's row (for a member) are both not_found: a member must not
 * learn which mailboxes others connected by probing ids.
 */
export async function findManageableConnection({
  actor,
  connectionId,
  tx,
}: {
  actor: CurrentUser;
  connectionId: string;
  tx?: Transaction;
}) {
  const [row] = await (tx ?? db())
    .select()
    .from(exchangeConnections)
    .where(and(eq(exchangeConnections.id, connectionId), eq(exchangeConnections.organisationId, actor.organisationId)))
    .limit(1);
  if (!row || (!mayManageAll(actor) && row.ownerUserId !== actor.userId)) {
    throw new AppError("not_found", "That calendar connection does not exist.");
  }
  return row;
}

/** Which member a new connection belongs to: members always themselves; admins whoever they name (or nobody). */
export function resolveConnectionOwner({
  actor,
  ownerUserId,
}: {
  actor: CurrentUser;
  ownerUserId: string | null | undefined;
}): string | null {
  if (mayManageAll(actor)) return ownerUserId ?? null;
  if (ownerUserId !== undefined && ownerUserId !== actor.userId) {
    throw new AppError("forbidden", "Members can connect only their own calendar.");
  }
  return actor.userId;
}
