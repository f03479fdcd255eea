import "server-only";
import { cancelBooking } from "@/lib/bookings/manage";
import type { JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { type BookingMailKind, enqueueBookingMail } from "@/lib/notifications/enqueue";

/** What reconciliation does beyond its own row updates: cancelling a booking and telling the customer. */
export interface ReconcileEffects {
  /** Must not touch the Exchange item again: it is the calendar that cancelled. */
  cancelBooking(input: { bookingId: string; by: "calendar"; reason: string }): Promise<unknown>;
  /** The booking moved with its item; the customer gets the new time (a "reschedule" mail). */
  notifyCustomerOfMove(input: { bookingId: string }): Promise<unknown>;
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
    // The shared cancellation: holds released, Exchange left alone (by: "calendar"), the customer told
    // when the page says so.
    cancelBooking: (input) => cancelBooking(input),
    notifyCustomerOfMove: ({ bookingId }) => queueMail({ boss, bookingId, kind: "reschedule" }),
  };
}
