import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { applyCalendarChangeNow, type CalendarChangeOutcome } from "@/lib/bookings/calendar-write";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookingHolds, bookingPages, bookings } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { runningJobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { enqueueBookingMail } from "@/lib/notifications/enqueue";

export type CancelBookingResult =
  | { ok: true; calendar: CalendarChangeOutcome["status"] | "not_needed" }
  | { ok: false; reason: "not_found" | "cancelled" };

/**
 * Cancels a booking, whoever asks (access is the caller's to check): in one transaction the booking is
 * marked cancelled (when, why, by whom, a new ICS sequence) and its holds released, so its time is free at
 * once; then the Exchange item is cancelled (now, else by a durable job; not when the calendar itself
 * cancelled, by: "calendar"); then the customer's cancellation mail is queued (for the calendar's own
 * cancellations only when the page tells customers of calendar changes).
 */
export async function cancelBooking(input: {
  bookingId: string;
  by: "customer" | "host" | "calendar";
  reason?: string;
  now?: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  /** A host or admin cancelling from the app: recorded in the audit trail, in the same transaction. */
  actor?: { organisationId: string; userId: string };
  /**
   * false: the caller mails the customer itself (deletions send at once, before the rows go) or must not
   * (an erasure, whose address is about to be gone).
   */
  queueCustomerMail?: boolean;
}): Promise<CancelBookingResult> {
  const reason = input.reason?.trim() || null;
  const touchesExchange = input.by !== "calendar";
  const outcome = await db().transaction(async (tx) => {
    const [current] = await tx
      .select({ status: bookings.status })
      .from(bookings)
      .where(eq(bookings.id, input.bookingId))
      .for("update");
    if (!current) return "not_found" as const;
    if (current.status === "cancelled") return "cancelled" as const;
    await tx
      .update(bookings)
      .set({
        status: "cancelled",
        cancelledAt: input.now ?? new Date(),
        cancelReason: reason,
        cancelledBy: input.by,
        icsSequence: sql`${bookings.icsSequence} + 1`,
        calendarPendingChange: touchesExchange ? "cancel" : null,
      })
      .where(and(eq(bookings.id, input.bookingId), ne(bookings.status, "cancelled")));
    await tx.update(bookingHolds).set({ released: true }).where(eq(bookingHolds.bookingId, input.bookingId));
    // The reason went to the customer; the trail keeps only who cancelled which booking.
    if (input.actor) {
      const event = { ...byActor(input.actor), targetId: input.bookingId, detail: { by: input.by } };
      await recordAuditEvent({ tx, ...event, action: "booking.cancelled" });
    }
    return "cancelled_now" as const;
  });
  if (outcome === "not_found") return { ok: false, reason: "not_found" };
  if (outcome === "cancelled") return { ok: false, reason: "cancelled" };

  const calendar = touchesExchange
    ? (
        await applyCalendarChangeNow({
          bookingId: input.bookingId,
          ...(input.config ? { config: input.config } : {}),
          ...(input.keys ? { keys: input.keys } : {}),
        })
      ).status
    : ("not_needed" as const);
  if (input.queueCustomerMail === false) return { ok: true, calendar };
  if (input.by !== "calendar" || (await pageTellsCustomers(input.bookingId))) {
    await queueMail({ bookingId: input.bookingId, kind: "cancellation" });
  }
  return { ok: true, calendar };
}

async function pageTellsCustomers(bookingId: string): Promise<boolean> {
  const [row] = await db()
    .select({ notify: bookingPages.notifyCustomerOfCalendarChanges })
    .from(bookings)
    .innerJoin(bookingPages, eq(bookingPages.id, bookings.pageId))
    .where(eq(bookings.id, bookingId))
    .limit(1);
  return row?.notify ?? true;
}

/** Mail is queued, never sent inline: a failure here must not undo the change already made. */
export async function queueMail(input: {
  bookingId: string;
  kind: "cancellation" | "reschedule";
  manageToken?: string;
}): Promise<void> {
  const boss = runningJobQueue();
  if (!boss) {
    log.warn({ bookingId: input.bookingId, kind: input.kind }, "no job queue running: booking mail not queued");
    return;
  }
  try {
    await enqueueBookingMail({
      boss,
      bookingId: input.bookingId,
      kind: input.kind,
      ...(input.manageToken ? { manageToken: input.manageToken } : {}),
    });
  } catch (error) {
    log.error({ bookingId: input.bookingId, kind: input.kind, err: summarizeError(error) }, "booking mail not queued");
  }
}
