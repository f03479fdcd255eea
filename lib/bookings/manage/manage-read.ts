import "server-only";
import { asc, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { bookingHolds, bookingPages, users } from "@/lib/db/schema";
import { findBookingByManageToken } from "./manage-token";

/** Why a manage link opens nothing: unknown or tampered, the meeting is over, or it was cancelled. */
export type ManageRefusal = "invalid" | "expired" | "cancelled";

/** A booking as its customer may see it through the manage link: nothing about other bookings or Exchange. */
export interface ManagedBooking {
  bookingId: string;
  title: string;
  start: Date;
  end: Date;
  customerName: string;
  customerTimeZone: string;
  location: string | null;
  /** The hosts who hold the time (named once booked, round robin included). */
  hostNames: string[];
  /** The page's public slug while it is published: where other times come from. Null: no rescheduling. */
  pageSlug: string | null;
  status: "confirmed" | "write_pending" | "write_failed";
}

export type ManagedBookingResult = { ok: true; booking: ManagedBooking } | { ok: false; reason: ManageRefusal };

/** The booking row behind a token, checked: refused as the customer should be told, else the row. */
export async function findManageableBooking(input: { token: string; now: Date }) {
  const found = await findBookingByManageToken(input.token);
  if (!found) return { ok: false as const, reason: "invalid" as const };
  if (found.booking.status === "cancelled") return { ok: false as const, reason: "cancelled" as const };
  // The token lives as long as the meeting: after its end there is nothing left to manage.
  if (found.booking.endsAt <= input.now) return { ok: false as const, reason: "expired" as const };
  return { ok: true as const, found };
}

/**
 * The booking a customer's manage token opens, as they may see it, or why it opens nothing. Tokens are
 * stored hashed only; one that does not match is "invalid", whatever was changed in it.
 */
export async function loadManagedBooking(token: string, now: Date = new Date()): Promise<ManagedBookingResult> {
  const checked = await findManageableBooking({ token, now });
  if (!checked.ok) return checked;
  const { booking, location } = checked.found;
  const hosts = await db()
    .select({ name: users.name })
    .from(bookingHolds)
    .innerJoin(users, eq(users.id, bookingHolds.hostUserId))
    .where(eq(bookingHolds.bookingId, booking.id))
    .orderBy(asc(users.name));
  const [page] = booking.pageId
    ? await db()
        .select({ slug: bookingPages.slug, published: bookingPages.published })
        .from(bookingPages)
        .where(eq(bookingPages.id, booking.pageId))
        .limit(1)
    : [];
  return {
    ok: true,
    booking: {
      bookingId: booking.id,
      title: booking.pageTitle,
      start: booking.startsAt,
      end: booking.endsAt,
      customerName: booking.customerName,
      customerTimeZone: booking.customerTimeZone,
      location: location ?? null,
      hostNames: hosts.map((h) => h.name),
      pageSlug: page?.published ? page.slug : null,
      // findManageableBooking refused cancelled bookings already.
      status: booking.status as ManagedBooking["status"],
    },
  };
}
