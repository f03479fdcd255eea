import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import type { ConnectionRow } from "@/lib/calendars/connection-check";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { db } from "@/lib/db";
import { bookings, exchangeConnections } from "@/lib/db/schema";
import {
  type CalendarChangeResult,
  cancelBookingItem,
  type ExchangeOutboundConfig,
  findBookingItem,
  updateBookingItem,
} from "@/lib/exchange";
import { log } from "@/lib/log";
import { toBookingItem } from "./booking-item-text";
import { claimCalendarLease, releaseCalendarLease } from "./calendar-lease";
import { writeBookingToCalendar } from "./calendar-write";
import { type CalendarWriteData, loadCalendarWriteData } from "./calendar-write-data";
import { MAX_CALENDAR_WRITE_ATTEMPTS, nextWriteDelayMs } from "./retry-delay";

/**
 * "done": Exchange is in step (or there was nothing to change). "retry": try again no sooner than
 * `retryAfterMs`. "failed": given up; the booking says why in calendarWriteError.
 */
export type CalendarChangeOutcome =
  /** `writeRetryAfterMs`: the change became a new item whose write is still pending (calendar-write-job). */
  | { status: "done"; writeRetryAfterMs?: number }
  | { status: "retry"; retryAfterMs: number }
  | { status: "failed"; message: string };

type Failure = Extract<CalendarChangeResult, { ok: false }>;

/** The connection whose calendar holds the item: the one for the mailbox it was written to. */
async function findMailboxConnection(input: {
  organisationId: string;
  mailbox: string;
}): Promise<ConnectionRow | null> {
  const [row] = await db()
    .select()
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, input.organisationId),
        sql`lower(${exchangeConnections.mailboxEmail}) = lower(${input.mailbox})`,
      ),
    )
    .orderBy(asc(exchangeConnections.createdAt))
    .limit(1);
  return row ?? null;
}

interface ChangeContext {
  data: CalendarWriteData;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}

const permanent = (message: string): Failure => ({ ok: false, transient: false, message });

/** Cancels the booking's item wherever it is: by its stored id, else by its id property (a write may have landed). */
async function cancelItem({ data, config, keys }: ChangeContext): Promise<CalendarChangeResult> {
  const { booking, page } = data;
  const connection = booking.exchangeMailbox
    ? await findMailboxConnection({ organisationId: booking.organisationId, mailbox: booking.exchangeMailbox })
    : data.connection;
  if (!connection) {
    return booking.exchangeItemId
      ? permanent("The calendar holding the booking is no longer connected.")
      : { ok: true };
  }
  const opened = await openConnectionAccess({ row: connection, config, keys });
  if (!opened.ok) return permanent(opened.message);
  let itemId = booking.exchangeItemId;
  if (!itemId) {
    const found = await findBookingItem({
      access: opened.access,
      bookingId: booking.id,
      start: booking.startsAt,
      end: booking.endsAt,
    });
    if (!found.ok) return found;
    if (!found.itemId) return { ok: true };
    itemId = found.itemId;
  }
  return cancelBookingItem({
    access: opened.access,
    itemId,
    method: page?.cancellationMethod ?? "cancel_item",
    sendCancellations: page?.sendInvitations ?? true,
    ...(booking.cancelReason ? { reason: booking.cancelReason } : {}),
  });
}

/** A fresh write (lease released first: writeBookingToCalendar takes it itself) in the organiser's calendar. */
async function writeAnew(input: { bookingId: string; config: ExchangeOutboundConfig; keys: CredentialKeyRing }) {
  await db()
    .update(bookings)
    .set({
      status: "write_pending",
      exchangeItemId: null,
      exchangeMailbox: null,
      calendarWriteAttempts: 0,
      calendarPendingChange: null,
      calendarWriteLeaseUntil: null,
    })
    .where(eq(bookings.id, input.bookingId));
  return writeBookingToCalendar(input);
}

/**
 * Moves the item to the booking's time. A booking whose host changed (round robin) or whose item is gone
 * gets a new item in the organiser's calendar, the old one cancelled first.
 */
async function updateItem(context: ChangeContext): Promise<CalendarChangeResult | "write_anew"> {
  const { booking, connection } = context.data;
  if (!booking.exchangeItemId) return "write_anew";
  const sameCalendar = connection && booking.exchangeMailbox?.toLowerCase() === connection.mailboxEmail.toLowerCase();
  if (!sameCalendar || !connection) {
    const cancelled = await cancelItem(context);
    return cancelled.ok ? "write_anew" : cancelled;
  }
  const opened = await openConnectionAccess({ row: connection, config: context.config, keys: context.keys });
  if (!opened.ok) return permanent(opened.message);
  const updated = await updateBookingItem({
    access: opened.access,
    itemId: booking.exchangeItemId,
    item: toBookingItem(context.data),
  });
  if (!updated.ok && updated.missing) return "write_anew";
  return updated;
}

async function recordDone(bookingId: string) {
  await db()
    .update(bookings)
    .set({ calendarPendingChange: null, calendarWriteError: null })
    .where(eq(bookings.id, bookingId));
}

/** Given up: the pending change is dropped and the host sees why (an update also marks the booking failed). */
async function recordGivenUp(input: { bookingId: string; change: "update" | "cancel"; message: string }) {
  await db()
    .update(bookings)
    .set({
      calendarPendingChange: null,
      calendarWriteError: input.message,
      ...(input.change === "update" ? { status: "write_failed" as const } : {}),
    })
    .where(eq(bookings.id, input.bookingId));
}

/**
 * Brings the booking's Exchange item in step with a change already committed (calendarPendingChange):
 * UpdateItem on the same item after a reschedule, CancelCalendarItem/DeleteItem after a cancel. One attempt;
 * `attempts` counts earlier ones so a failure that keeps coming is given up after the calendar write's limit.
 * Nothing about the event or the credentials is logged.
 */
export async function applyCalendarChange({
  bookingId,
  attempts = 0,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
}: {
  bookingId: string;
  attempts?: number;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CalendarChangeOutcome> {
  if (!(await claimCalendarLease({ bookingId }))) {
    return { status: "retry", retryAfterMs: nextWriteDelayMs({ attempts: 1 }) };
  }
  let released = false;
  try {
    const data = await loadCalendarWriteData(bookingId);
    const change = data?.booking.calendarPendingChange;
    if (!data || !change) return { status: "done" };
    const result =
      change === "cancel" ? await cancelItem({ data, config, keys }) : await updateItem({ data, config, keys });
    if (result === "write_anew") {
      released = true;
      const written = await writeAnew({ bookingId, config, keys });
      log.info({ bookingId, status: written.status }, "calendar change written as a new item");
      if (written.status === "write_failed") return { status: "failed", message: "The calendar write failed." };
      return written.status === "write_pending"
        ? { status: "done", writeRetryAfterMs: written.retryAfterMs ?? 10_000 }
        : { status: "done" };
    }
    if (result.ok) {
      await recordDone(bookingId);
      log.info({ bookingId, change, attempts: attempts + 1 }, "calendar change applied");
      return { status: "done" };
    }
    const tries = attempts + 1;
    log.info({ bookingId, change, attempts: tries, transient: result.transient }, "calendar change failed");
    if (result.transient && tries < MAX_CALENDAR_WRITE_ATTEMPTS) {
      await db().update(bookings).set({ calendarWriteError: result.message }).where(eq(bookings.id, bookingId));
      return {
        status: "retry",
        retryAfterMs: nextWriteDelayMs({ attempts: tries, serverBackOffMs: result.backOffMs }),
      };
    }
    const message = result.transient ? `Gave up after ${tries} attempts. ${result.message}` : result.message;
    await recordGivenUp({ bookingId, change, message });
    return { status: "failed", message };
  } finally {
    if (!released) await releaseCalendarLease(bookingId);
  }
}
