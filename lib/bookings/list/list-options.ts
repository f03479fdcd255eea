import "server-only";
import { and, asc, eq, exists, isNotNull } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingHolds, bookingPages, bookings, users } from "@/lib/db/schema";

export interface BookingFilterOptions {
  pages: Array<{ id: string; title: string }>;
  /** Hosts to filter by: admins only; null for members, who only ever see their own bookings. */
  hosts: Array<{ id: string; name: string }> | null;
}

/**
 * What the filter bar offers: the booking pages of the actor's organisation that have bookings the actor
 * may see (a member never learns of pages they have nothing to do with), and for admins the members.
 */
export async function loadBookingFilterOptions({ actor }: { actor: CurrentUser }): Promise<BookingFilterOptions> {
  const admin = hasRole(actor.role, "admin");
  const pages = await db()
    .selectDistinct({ id: bookingPages.id, title: bookingPages.title })
    .from(bookingPages)
    .where(
      and(
        eq(bookingPages.organisationId, actor.organisationId),
        exists(
          db()
            .select({ one: bookings.id })
            .from(bookings)
            .where(
              and(
                eq(bookings.pageId, bookingPages.id),
                isNotNull(bookings.pageId),
                admin
                  ? undefined
                  : exists(
                      db()
                        .select({ one: bookingHolds.bookingId })
                        .from(bookingHolds)
                        .where(and(eq(bookingHolds.bookingId, bookings.id), eq(bookingHolds.hostUserId, actor.userId))),
                    ),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(bookingPages.title), asc(bookingPages.id));
  if (!admin) return { pages, hosts: null };
  const hosts = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.organisationId, actor.organisationId))
    .orderBy(asc(users.name), asc(users.id));
  return { pages, hosts };
}
