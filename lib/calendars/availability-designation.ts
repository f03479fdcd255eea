import "server-only";
import { and, eq } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { exchangeConnections } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Makes one connection the organisation's connection for team availability lookups (or none): viewers
 * without a connection of their own look colleagues up through it, with its account's permissions.
 */
export async function designateAvailabilityConnection({
  actor,
  connectionId,
}: {
  actor: CurrentUser;
  connectionId: string | null;
}) {
  if (!hasRole(actor.role, "admin")) {
    throw new AppError("forbidden", "Only owners and admins can choose the connection for availability lookups.");
  }
  await db().transaction(async (tx) => {
    await tx
      .update(exchangeConnections)
      .set({ availabilityLookups: false })
      .where(
        and(
          eq(exchangeConnections.organisationId, actor.organisationId),
          eq(exchangeConnections.availabilityLookups, true),
        ),
      );
    if (!connectionId) return;
    const updated = await tx
      .update(exchangeConnections)
      .set({ availabilityLookups: true })
      .where(
        and(eq(exchangeConnections.id, connectionId), eq(exchangeConnections.organisationId, actor.organisationId)),
      )
      .returning({ id: exchangeConnections.id });
    if (updated.length === 0) throw new AppError("not_found", "That calendar connection does not exist.");
  });
}
