import "server-only";
import { and, eq } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db, type Transaction } from "@/lib/db";
import { bookingPages } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type { Transaction };
export type BookingPageRow = typeof bookingPages.$inferSelect;

/** Owners and admins manage every page of their organisation. */
export function mayManageAllPages(actor: CurrentUser): boolean {
  return hasRole(actor.role, "admin");
}

/** Members edit the pages they created; admins and owners every page of their organisation. */
export function mayEditPage(input: {
  actor: CurrentUser;
  page: Pick<BookingPageRow, "organisationId" | "createdById">;
}) {
  const { actor, page } = input;
  if (page.organisationId !== actor.organisationId) return false;
  return mayManageAllPages(actor) || page.createdById === actor.userId;
}

/**
 * The page, if the actor may edit it. Another organisation's page is not_found (its existence is not
 * theirs to learn); a colleague's page, for a member, is forbidden. Inside a transaction the row is locked,
 * so two saves of one page run one after another and each validates what the other wrote.
 */
export async function findEditablePage(input: {
  actor: CurrentUser;
  pageId: string;
  tx?: Transaction;
}): Promise<BookingPageRow> {
  const query = (input.tx ?? db())
    .select()
    .from(bookingPages)
    .where(and(eq(bookingPages.id, input.pageId), eq(bookingPages.organisationId, input.actor.organisationId)))
    .limit(1);
  const [page] = input.tx ? await query.for("update") : await query;
  if (!page) throw new AppError("not_found", "That booking page does not exist.");
  if (!mayEditPage({ actor: input.actor, page })) {
    throw new AppError(
      "forbidden",
      "You can edit only the booking pages you created. Ask an admin to change this one.",
    );
  }
  return page;
}

/** Members host only their own pages: the one host they may name is themselves. */
export function assertMayHost(input: { actor: CurrentUser; hostUserIds: readonly string[] }) {
  if (mayManageAllPages(input.actor)) return;
  if (input.hostUserIds.some((id) => id !== input.actor.userId)) {
    throw new AppError("forbidden", "Members can create booking pages with themselves as the only host.");
  }
}
