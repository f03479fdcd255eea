import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { applyCalendarChangeNow, type CalendarChangeOutcome } from "@/lib/bookings/calendar-write";
import {
  type DailyLimitCheck,
  DayFullError,
  dailyLimitCheck,
  firstFullDay,
  SlotTakenError,
  withHoldRetry,
} from "@/lib/bookings/reserve";
import { type BookablePage, computePageSlots, loadBookablePage } from "@/lib/bookings/slots";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { isExclusionViolation } from "@/lib/db/errors";
import { bookingHolds, bookingPageHosts, bookingPages, bookings } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import type { SlotWithHosts } from "@/lib/scheduling/get-slots";
import { pickRoundRobinHost } from "@/lib/scheduling/round-robin";
import { MINUTE_MS } from "@/lib/scheduling/zone-clock";
import { queueMail } from "./manage-cancel";
import { findManageableBooking } from "./manage-read";

export type RescheduleResult =
  | { ok: true; bookingId: string; start: Date; end: Date; calendar: CalendarChangeOutcome["status"] }
  /** One member per refusal, so a caller's checks narrow the union. */
  | { ok: false; error: "invalid" }
  | { ok: false; error: "expired" }
  | { ok: false; error: "cancelled" }
  | { ok: false; error: "page_unavailable" | "slot_taken" | "same_time" | "calendar_unavailable"; message: string };

const SLOT_TAKEN = "That time is no longer available. Please choose another.";

type Booking = typeof bookings.$inferSelect;

/**
 * Moves the booking a manage token opens to `start`, under the rules of a new booking on its page: a live
 * re-check against Exchange and the holds of other bookings (its own do not count), a round-robin booking
 * keeps its host when that host is free then, and the exclusion constraint decides any race. In one
 * transaction the old holds give way to new ones and the booking gets its new time and ICS sequence; the
 * Exchange item is then moved (UpdateItem, same item) and the customer's "reschedule" mail queued.
 */
export async function rescheduleBooking(input: {
  token: string;
  start: Date;
  now: number;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<RescheduleResult> {
  const checked = await findManageableBooking({ token: input.token, now: new Date(input.now) });
  if (!checked.ok) return { ok: false, error: checked.reason };
  const { booking } = checked.found;
  if (booking.startsAt.getTime() === input.start.getTime()) {
    return { ok: false, error: "same_time", message: "The booking is already at that time." };
  }
  const bookable = await loadPageOf(booking);
  if (!bookable) {
    return { ok: false, error: "page_unavailable", message: "This booking can no longer be moved online." };
  }
  const start = input.start.getTime();
  const live = await computePageSlots({
    bookable,
    window: { start, end: start + MINUTE_MS },
    now: input.now,
    ignoreBookingId: booking.id,
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });
  if (!live.ok) return { ok: false, error: "calendar_unavailable", message: live.message };
  const slot = live.slots.find((candidate) => candidate.start === start);
  if (!slot) return { ok: false, error: "slot_taken", message: SLOT_TAKEN };

  for (const hostUserIds of hostChoices({ bookable, slot, organiserUserId: booking.organiserUserId })) {
    try {
      const moved = await moveBooking({
        booking,
        bookable,
        slot,
        hostUserIds,
        dailyLimit: dailyLimitCheck({
          dailyLimit: bookable.page.dailyLimit,
          hostUserIds,
          start: slot.start,
          hostTimeZones: live.hostTimeZones,
        }),
      });
      if (!moved) return { ok: false, error: "cancelled" };
      if (bookable.page.schedulingType === "round_robin" && hostUserIds[0] !== booking.organiserUserId) {
        await markBooked({ pageId: bookable.page.id, userId: hostUserIds[0], at: new Date(input.now) });
      }
      const calendar = await applyCalendarChangeNow({
        bookingId: booking.id,
        ...(input.config ? { config: input.config } : {}),
        ...(input.keys ? { keys: input.keys } : {}),
      });
      await queueMail({ bookingId: booking.id, kind: "reschedule", manageToken: input.token });
      return {
        ok: true,
        bookingId: booking.id,
        start: new Date(slot.start),
        end: new Date(slot.end),
        calendar: calendar.status,
      };
    } catch (error) {
      if (!(error instanceof SlotTakenError)) throw error;
    }
  }
  return { ok: false, error: "slot_taken", message: SLOT_TAKEN };
}

/** The booking's page as booking sees it: published, by slug (a page gone or unpublished takes no moves). */
async function loadPageOf(booking: Booking): Promise<BookablePage | null> {
  if (!booking.pageId) return null;
  const [page] = await db()
    .select({ slug: bookingPages.slug })
    .from(bookingPages)
    .where(eq(bookingPages.id, booking.pageId))
    .limit(1);
  const bookable = page ? await loadBookablePage(page.slug) : null;
  return bookable?.page.id === booking.pageId ? bookable : null;
}

/**
 * Host sets to try: a round-robin booking's own host first when free, then the others in round-robin
 * order; collective and single pages need every host the slot has.
 */
function hostChoices(input: { bookable: BookablePage; slot: SlotWithHosts; organiserUserId: string | null }) {
  const { bookable, slot } = input;
  if (bookable.page.schedulingType !== "round_robin") return [[...slot.hostIds]];
  const order: string[][] = [];
  let free = [...slot.hostIds];
  if (input.organiserUserId && free.includes(input.organiserUserId)) {
    order.push([input.organiserUserId]);
    free = free.filter((id) => id !== input.organiserUserId);
  }
  const candidates = bookable.hosts.map((host) => ({
    id: host.settings.userId,
    priority: host.settings.priority,
    lastBookedAt: host.settings.lastBookedAt?.getTime() ?? null,
  }));
  for (;;) {
    const next = pickRoundRobinHost({ hosts: candidates, freeHostIds: free });
    if (!next) return order;
    order.push([next]);
    free = free.filter((id) => id !== next);
  }
}

/** A round-robin host who took over a moved booking counts as booked now, as for a new booking. */
async function markBooked(input: { pageId: string; userId: string | undefined; at: Date }) {
  if (!input.userId) return;
  await db()
    .update(bookingPageHosts)
    .set({ lastBookedAt: input.at })
    .where(and(eq(bookingPageHosts.pageId, input.pageId), eq(bookingPageHosts.userId, input.userId)));
}

function range(from: number, to: number): string {
  return `[${new Date(from).toISOString()},${new Date(to).toISOString()})`;
}

/**
 * The move itself, in one transaction: the booking row locked and re-read (false when it was cancelled
 * meanwhile), the new day checked against the daily limit (DayFullError), its holds replaced (the exclusion
 * constraint refuses a taken time: SlotTakenError), its time,
 * organiser and ICS sequence updated, and the Exchange change marked pending.
 */
async function moveBooking(input: {
  booking: Booking;
  bookable: BookablePage;
  slot: SlotWithHosts;
  hostUserIds: string[];
  dailyLimit: DailyLimitCheck | undefined;
}): Promise<boolean> {
  const { booking, slot, hostUserIds } = input;
  const { page } = input.bookable;
  const organiserUserId = hostUserIds.includes(booking.organiserUserId ?? "")
    ? booking.organiserUserId
    : (hostUserIds[0] ?? null);
  const blocked = range(
    slot.start - page.bufferBeforeMinutes * MINUTE_MS,
    slot.end + page.bufferAfterMinutes * MINUTE_MS,
  );
  try {
    return await withHoldRetry(() =>
      db().transaction(async (tx) => {
        const [current] = await tx
          .select({ status: bookings.status })
          .from(bookings)
          .where(eq(bookings.id, booking.id))
          .for("update");
        if (!current || current.status === "cancelled") return false;
        const { dailyLimit } = input;
        if (dailyLimit && (await firstFullDay({ tx, ...dailyLimit, ignoreBookingId: booking.id }))) {
          throw new DayFullError();
        }
        await tx.delete(bookingHolds).where(eq(bookingHolds.bookingId, booking.id));
        await tx.insert(bookingHolds).values(
          [...new Set(hostUserIds)].map((hostUserId) => ({
            bookingId: booking.id,
            hostUserId,
            blockedDuring: blocked,
          })),
        );
        await tx
          .update(bookings)
          .set({
            startsAt: new Date(slot.start),
            endsAt: new Date(slot.end),
            organiserUserId,
            icsSequence: sql`${bookings.icsSequence} + 1`,
            calendarPendingChange: "update",
            // A failed write gets another chance at the new time.
            ...(current.status === "write_failed"
              ? { status: "write_pending" as const, calendarWriteAttempts: 0 }
              : {}),
          })
          .where(eq(bookings.id, booking.id));
        return true;
      }),
    );
  } catch (error) {
    if (isExclusionViolation(error, "booking_holds_no_overlap")) throw new SlotTakenError();
    throw error;
  }
}
