import "server-only";
import { and, eq, exists } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { type BookingStatus, bookingHolds, bookings } from "@/lib/db/schema";

/**
 * The booking if the actor may cancel it from the Bookings page: it belongs to their organisation and they
 * are an admin or one of its hosts. Null otherwise, so callers answer "not found" and reveal nothing.
 */
export async function findBookingActorMayCancel(input: {
  actor: CurrentUser;
  bookingId: string;
}): Promise<{ id: string; status: BookingStatus; end: Date } | null> {
  const { actor } = input;
  const [booking] = await db()
    .select({ id: bookings.id, status: bookings.status, end: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.id, input.bookingId),
        eq(bookings.organisationId, actor.organisationId),
        hasRole(actor.role, "admin")
          ? undefined
          : exists(
              db()
                .select({ one: bookingHolds.bookingId })
                .from(bookingHolds)
                .where(and(eq(bookingHolds.bookingId, bookings.id), eq(bookingHolds.hostUserId, actor.userId))),
            ),
      ),
    )
    .limit(1);
  return booking ?? null;
}
