import "server-only";
import { enqueueCalendarWrite, writeBookingToCalendar } from "@/lib/bookings/calendar-write";
import { env } from "@/lib/env";
import { runningJobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { enqueueBookingMail, scheduleReminders } from "@/lib/notifications/enqueue";

export interface FinishedBooking {
  status: "confirmed" | "write_pending" | "write_failed" | "cancelled";
  manageUrl: string;
  icsUrl: string;
}

/** The customer's private links; the token is in them and nowhere else (only its hash is stored). */
export function customerLinks(manageToken: string): { manageUrl: string; icsUrl: string } {
  const base = env().APP_URL.replace(/\/$/, "");
  return {
    manageUrl: `${base}/manage/${manageToken}`,
    icsUrl: `${base}/api/v1/public/manage/${manageToken}/ics`,
  };
}

/**
 * After a reservation: one attempt to write the item to Exchange now, so most customers see "confirmed";
 * when Exchange is slow or throttling, the booking stays "write_pending" and a durable job retries it.
 * The booking itself is already safe in the database whatever happens here.
 */
export async function finishBooking(input: { bookingId: string; manageToken: string }): Promise<FinishedBooking> {
  const links = customerLinks(input.manageToken);
  let outcome: Awaited<ReturnType<typeof writeBookingToCalendar>>;
  try {
    outcome = await writeBookingToCalendar({ bookingId: input.bookingId });
  } catch (error) {
    log.error({ bookingId: input.bookingId, err: summarizeError(error) }, "calendar write failed unexpectedly");
    outcome = { status: "write_pending" };
  }
  if (outcome.status === "write_pending") {
    const boss = runningJobQueue();
    if (boss) {
      await enqueueCalendarWrite({
        boss,
        bookingId: input.bookingId,
        startAfterSeconds: Math.ceil((outcome.retryAfterMs ?? 10_000) / 1000),
      });
    } else {
      // The start-up sweep re-enqueues pending writes, so even this is picked up later.
      log.warn({ bookingId: input.bookingId }, "no job queue running: calendar write left for the start-up sweep");
    }
  }
  await queueBookingMails(input);
  return { status: outcome.status, ...links };
}

/** Confirmation, host notice and reminders; a failure to queue them is logged and never fails the booking. */
async function queueBookingMails(input: { bookingId: string; manageToken: string }) {
  const boss = runningJobQueue();
  if (!boss) {
    log.warn({ bookingId: input.bookingId }, "no job queue running: booking mails not queued");
    return;
  }
  try {
    await enqueueBookingMail({
      boss,
      bookingId: input.bookingId,
      kind: "confirmation",
      manageToken: input.manageToken,
    });
    await enqueueBookingMail({ boss, bookingId: input.bookingId, kind: "host-notice" });
    await scheduleReminders({ boss, bookingId: input.bookingId });
  } catch (error) {
    log.error({ bookingId: input.bookingId, err: summarizeError(error) }, "queueing booking mails failed");
  }
}
