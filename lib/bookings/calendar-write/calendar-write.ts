import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import {
  type CalendarItemResult,
  createBookingItem,
  type ExchangeOutboundConfig,
  findBookingItem,
} from "@/lib/exchange";
import { log } from "@/lib/log";
import { toBookingItem } from "./booking-item-text";
import { claimCalendarLease, releaseCalendarLease } from "./calendar-lease";
import { loadCalendarWriteData } from "./calendar-write-data";
import { MAX_CALENDAR_WRITE_ATTEMPTS, nextWriteDelayMs } from "./retry-delay";

/**
 * "cancelled" also stands for a booking that no longer exists: either way there is nothing to write.
 * `retryAfterMs` comes with "write_pending": the next attempt should start no sooner.
 */
export interface CalendarWriteOutcome {
  status: "confirmed" | "write_pending" | "write_failed" | "cancelled";
  retryAfterMs?: number;
}

type Failure = Extract<CalendarItemResult, { ok: false }>;

/** Only these may change as a result of a write: a booking cancelled meanwhile stays cancelled. */
const WRITABLE = ["write_pending", "write_failed"] as const;

async function recordConfirmed(input: { bookingId: string; mailbox: string; itemId: string }) {
  await db()
    .update(bookings)
    .set({
      status: "confirmed",
      exchangeMailbox: input.mailbox,
      exchangeItemId: input.itemId,
      calendarWriteAttempts: sql`${bookings.calendarWriteAttempts} + 1`,
      calendarWriteError: null,
    })
    .where(and(eq(bookings.id, input.bookingId), inArray(bookings.status, WRITABLE)));
}

async function recordFailure(input: {
  bookingId: string;
  attempts: number;
  failure: Failure;
}): Promise<CalendarWriteOutcome> {
  const attempts = input.attempts + 1;
  const givingUp = !input.failure.transient || attempts >= MAX_CALENDAR_WRITE_ATTEMPTS;
  const message =
    input.failure.transient && givingUp
      ? `Gave up after ${attempts} attempts. ${input.failure.message}`
      : input.failure.message;
  await db()
    .update(bookings)
    .set({
      status: givingUp ? "write_failed" : "write_pending",
      calendarWriteAttempts: attempts,
      calendarWriteError: message,
    })
    .where(and(eq(bookings.id, input.bookingId), inArray(bookings.status, WRITABLE)));
  if (givingUp) return { status: "write_failed" };
  return {
    status: "write_pending",
    retryAfterMs: nextWriteDelayMs({ attempts, serverBackOffMs: input.failure.backOffMs }),
  };
}

const permanent = (message: string): Failure => ({ ok: false, transient: false, message });

/**
 * Writes one booking to its organising host's Exchange calendar, once. Looks for an item an earlier
 * attempt may have created (a timed-out write can still have reached Exchange) before creating one, and
 * records the outcome on the booking: confirmed with the item's id, write_pending with when to try again,
 * or write_failed in plain words for the host. Nothing about the event or the credentials is logged.
 */
export async function writeBookingToCalendar({
  bookingId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
}: {
  bookingId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CalendarWriteOutcome> {
  if (!(await claimCalendarLease({ bookingId, statuses: WRITABLE }))) {
    const data = await loadCalendarWriteData(bookingId);
    if (!data || data.booking.status === "cancelled") return { status: "cancelled" };
    if (data.booking.status === "confirmed") return { status: "confirmed" };
    // Another instance (or job) is writing it right now: look again after its attempt.
    return { status: "write_pending", retryAfterMs: nextWriteDelayMs({ attempts: 1 }) };
  }
  try {
    const data = await loadCalendarWriteData(bookingId);
    if (!data || data.booking.status === "cancelled") return { status: "cancelled" };
    if (data.booking.status === "confirmed") return { status: "confirmed" };
    const attempts = data.booking.calendarWriteAttempts;
    const fail = async (failure: Failure) => {
      const outcome = await recordFailure({ bookingId, attempts, failure });
      log.info(
        { bookingId, status: outcome.status, attempts: attempts + 1, transient: failure.transient },
        "calendar write failed",
      );
      return outcome;
    };
    if (!data.organiser) return fail(permanent("The organising host is no longer a member of the organisation."));
    if (!data.connection) return fail(permanent(`${data.organiser.name} has no connected Exchange calendar.`));
    const opened = await openConnectionAccess({ row: data.connection, config, keys });
    if (!opened.ok) return fail(permanent(opened.message));

    const item = toBookingItem(data);
    const existing = await findBookingItem({ access: opened.access, ...item });
    if (!existing.ok) return fail(existing);
    const written = existing.itemId
      ? ({ ok: true, itemId: existing.itemId } as const)
      : await createBookingItem({ access: opened.access, item });
    if (!written.ok) return fail(written);
    await recordConfirmed({ bookingId, mailbox: data.connection.mailboxEmail, itemId: written.itemId });
    log.info(
      { bookingId, attempts: attempts + 1, foundExisting: Boolean(existing.itemId) },
      "calendar write confirmed",
    );
    return { status: "confirmed" };
  } finally {
    await releaseCalendarLease(bookingId);
  }
}
