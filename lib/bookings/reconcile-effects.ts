import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";

/** What reconciliation does beyond its own row updates: cancelling a booking and telling the customer. */
export interface ReconcileEffects {
  /** Must not touch the Exchange item again: it is the calendar that cancelled. */
  cancelBooking(input: { bookingId: string; by: "calendar"; reason: string }): Promise<unknown>;
  /** The booking moved with its item; the customer gets the new time (a "reschedule" mail). */
  notifyCustomerOfMove(input: { bookingId: string }): Promise<unknown>;
}

/**
 * Stand-in until lib/bookings/manage.ts (cancelBooking) and lib/notifications/enqueue.ts land: the same
 * transaction cancelBooking runs (status, who and why, holds released, ICS sequence bumped), no mail.
 */
async function cancelInDatabase(input: { bookingId: string; by: "calendar"; reason: string }) {
  await db().transaction(async (tx) => {
    const cancelled = await tx
      .update(bookings)
      .set({
        status: "cancelled",
        cancelledAt: new Date(),
        cancelReason: input.reason,
        cancelledBy: input.by,
        icsSequence: sql`${bookings.icsSequence} + 1`,
      })
      .where(and(eq(bookings.id, input.bookingId), ne(bookings.status, "cancelled")))
      .returning({ id: bookings.id });
    if (cancelled.length === 0) return;
    await tx.update(bookingHolds).set({ released: true }).where(eq(bookingHolds.bookingId, input.bookingId));
  });
}

export function defaultReconcileEffects(): ReconcileEffects {
  return {
    cancelBooking: cancelInDatabase,
    notifyCustomerOfMove: async () => undefined,
  };
}
