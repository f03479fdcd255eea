import "server-only";
import { db } from "@/lib/db";
import { isExclusionViolation } from "@/lib/db/errors";
import { bookingHolds, bookings } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type DailyLimitCheck, firstFullDay } from "./daily-limit-guard";
import { withHoldRetry } from "./hold-transaction";

/** The slot was taken between showing it and booking it: the caller answers 409 with fresh slots. */
export class SlotTakenError extends AppError {
  constructor() {
    super("conflict", "That time was just booked by someone else. Please choose another.");
    this.name = "SlotTakenError";
  }
}

/**
 * A host's day already holds the page's daily limit of bookings. The customer is told the same as for a
 * taken slot: why a time went is a business rule they are not shown.
 */
export class DayFullError extends SlotTakenError {
  constructor() {
    super();
    this.name = "DayFullError";
  }
}

export interface Reservation {
  organisationId: string;
  pageId: string;
  pageTitle: string;
  start: Date;
  end: Date;
  /** Every host the meeting needs: one for single and round robin pages, all of them for collective ones. */
  hostUserIds: string[];
  /** The host whose Exchange calendar will hold the item; one of hostUserIds. */
  organiserUserId: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  customer: { name: string; email: string; timeZone: string; notes?: string | undefined };
  answers?: Record<string, string>;
  manageTokenHash?: string;
  /** The page's daily limit and each host's day of `start`; absent when the page has none. */
  dailyLimit?: DailyLimitCheck;
}

/** Postgres range text for [from, to), in UTC. */
function range(from: Date, to: Date): string {
  return `[${from.toISOString()},${to.toISOString()})`;
}

/**
 * Inserts the booking and one hold per host in one transaction. The holds' exclusion constraint is the
 * final guard: if any host's time (buffers included) is already held, nothing is written at all and
 * SlotTakenError is thrown, whatever number of requests raced for it. The daily limit is guarded in the
 * same transaction (DayFullError; daily-limit-guard.ts). The Exchange write comes after, so the booking
 * starts as "write_pending".
 */
export async function reserveBooking(input: Reservation): Promise<{ bookingId: string }> {
  const from = new Date(input.start.getTime() - input.bufferBeforeMinutes * 60_000);
  const to = new Date(input.end.getTime() + input.bufferAfterMinutes * 60_000);
  try {
    return await withHoldRetry(() =>
      db().transaction(async (tx) => {
        if (input.dailyLimit && (await firstFullDay({ tx, ...input.dailyLimit }))) throw new DayFullError();
        const [booking] = await tx
          .insert(bookings)
          .values({
            organisationId: input.organisationId,
            pageId: input.pageId,
            pageTitle: input.pageTitle,
            startsAt: input.start,
            endsAt: input.end,
            status: "write_pending",
            organiserUserId: input.organiserUserId,
            customerName: input.customer.name,
            customerEmail: input.customer.email,
            customerTimeZone: input.customer.timeZone,
            notes: input.customer.notes ?? null,
            answers: input.answers ?? {},
            manageTokenHash: input.manageTokenHash ?? null,
          })
          .returning({ id: bookings.id });
        if (!booking) throw new Error("booking insert returned no row");
        await tx.insert(bookingHolds).values(
          [...new Set(input.hostUserIds)].map((hostUserId) => ({
            bookingId: booking.id,
            hostUserId,
            blockedDuring: range(from, to),
          })),
        );
        return { bookingId: booking.id };
      }),
    );
  } catch (error) {
    if (isExclusionViolation(error, "booking_holds_no_overlap")) throw new SlotTakenError();
    throw error;
  }
}
