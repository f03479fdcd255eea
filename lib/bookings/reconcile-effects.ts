import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";
import type { JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { type BookingMailKind, enqueueBookingMail } from "@/lib/notifications/enqueue";

/** What reconciliation does beyond its own row updates: cancelling a booking and telling the customer. */
export interface ReconcileEffects {
  /** Must not touch the Exchange item again: it is the calendar that cancelled. */
  cancelBooking(input: {
    bookingId: string;
    by: "calendar";
    reason: string;
    notifyCustomer: boolean;
  }): Promise<unknown>;
  /** The booking moved with its item; the customer gets the new time (a "reschedule" mail). */
  notifyCustomerOfMove(input: { bookingId: string }): Promise<unknown>;
}

/**
 * Stand-in until lib/bookings/manage.ts (cancelBooking) and lib/notifications/enqueue.ts land: the same
 * transaction cancelBooking runs (status, who and why, holds released, ICS sequence bumped), no mail.
 */
async function cancelInDatabase(input: { bookingId: string; by: "calendar"; reason: string }): Promise<boolean> {
  return db().transaction(async (tx) => {
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
    if (cancelled.length === 0) return false;
    await tx.update(bookingHolds).set({ released: true }).where(eq(bookingHolds.bookingId, input.bookingId));
    return true;
  });
}

/** Mail is queued, never sent inline; a failure to queue is logged and never undoes what was reconciled. */
async function queueMail(input: { boss: JobQueue | null; bookingId: string; kind: BookingMailKind }) {
  if (!input.boss) return;
  try {
    await enqueueBookingMail({ boss: input.boss, bookingId: input.bookingId, kind: input.kind });
  } catch (error) {
    log.error({ bookingId: input.bookingId, kind: input.kind, err: summarizeError(error) }, "mail not queued");
  }
}

/** Without a job queue (scripts, tests) no mail is queued; the booking changes all the same. */
export function defaultReconcileEffects({ boss = null }: { boss?: JobQueue | null } = {}): ReconcileEffects {
  return {
    async cancelBooking({ notifyCustomer, ...input }) {
      const cancelled = await cancelInDatabase(input);
      if (cancelled && notifyCustomer) await queueMail({ boss, bookingId: input.bookingId, kind: "cancellation" });
    },
    notifyCustomerOfMove: ({ bookingId }) => queueMail({ boss, bookingId, kind: "reschedule" }),
  };
}
