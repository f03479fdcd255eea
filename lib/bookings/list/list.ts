import "server-only";
import { and, asc, desc, eq, exists, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { type BookingStatus, bookingHolds, bookings, users } from "@/lib/db/schema";
import { FORMER_MEMBER } from "@/lib/erasure/labels";
import { BOOKINGS_PER_PAGE, type BookingListFilters, containsPattern } from "./list-query";

export type { BookingListFilters } from "./list-query";

export interface BookingListItem {
  id: string;
  pageTitle: string;
  start: Date;
  end: Date;
  status: BookingStatus;
  customerName: string;
  customerEmail: string;
  customerTimeZone: string;
  organiserName: string | null;
  /** Every host holding time for it, the organiser first, joined with ", ". */
  hostNames: string;
  /** Why the calendar write failed or is still pending, in plain words. */
  calendarWriteError: string | null;
  /** Set when the Exchange item could not be found: the host should look at it. */
  exchangeItemMissingSince: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

/** Rows beyond this are left out of one export; a filter narrows it. */
export const EXPORT_LIMIT = 10_000;

const hostsOf = (userId: string) =>
  exists(
    db()
      .select({ one: bookingHolds.bookingId })
      .from(bookingHolds)
      .where(and(eq(bookingHolds.bookingId, bookings.id), eq(bookingHolds.hostUserId, userId))),
  );

/**
 * What the actor may see under the filters: their organisation always (from the session, never from
 * input); admins and owners every booking of it, members those they host (hold time for).
 */
function visibleWhere(input: { actor: CurrentUser; filters: BookingListFilters; now: Date }): SQL | undefined {
  const { actor, filters, now } = input;
  const admin = hasRole(actor.role, "admin");
  const pattern = filters.search ? containsPattern(filters.search) : null;
  return and(
    eq(bookings.organisationId, actor.organisationId),
    admin ? undefined : hostsOf(actor.userId),
    admin && filters.hostUserId ? hostsOf(filters.hostUserId) : undefined,
    filters.when === "upcoming" ? gte(bookings.endsAt, now) : lt(bookings.endsAt, now),
    filters.status ? eq(bookings.status, filters.status) : undefined,
    filters.pageId ? eq(bookings.pageId, filters.pageId) : undefined,
    pattern
      ? or(
          ilike(bookings.customerName, pattern),
          ilike(bookings.customerEmail, pattern),
          ilike(bookings.pageTitle, pattern),
        )
      : undefined,
  );
}

function selectBookings(input: { actor: CurrentUser; filters: BookingListFilters; now: Date }) {
  const upcoming = input.filters.when === "upcoming";
  return db()
    .select({
      id: bookings.id,
      pageTitle: bookings.pageTitle,
      start: bookings.startsAt,
      end: bookings.endsAt,
      status: bookings.status,
      customerName: bookings.customerName,
      customerEmail: bookings.customerEmail,
      customerTimeZone: bookings.customerTimeZone,
      organiserName: users.name,
      // An organiser whose account was deleted is "former member" (their name went with the account).
      hostNames: sql<string>`concat_ws(', ',
        case when ${bookings.organiserUserId} is null then ${FORMER_MEMBER}::text end,
        (select string_agg(host.name, ', ' order by host.id = ${bookings.organiserUserId} desc, host.name)
           from ${bookingHolds} hold join ${users} host on host.id = hold.host_user_id
          where hold.booking_id = ${bookings.id}))`,
      calendarWriteError: bookings.calendarWriteError,
      exchangeItemMissingSince: bookings.exchangeItemMissingSince,
      cancelledAt: bookings.cancelledAt,
      cancelReason: bookings.cancelReason,
    })
    .from(bookings)
    .leftJoin(users, eq(users.id, bookings.organiserUserId))
    .where(visibleWhere(input))
    .orderBy(...(upcoming ? [asc(bookings.startsAt), asc(bookings.id)] : [desc(bookings.startsAt), desc(bookings.id)]));
}

/**
 * One page of the bookings the actor may see: upcoming ones (not yet ended) soonest first, past ones latest
 * first, `BOOKINGS_PER_PAGE` a page (`page` counts from 1).
 */
export async function loadBookings(input: {
  actor: CurrentUser;
  filters: BookingListFilters;
  page?: number;
  now?: Date;
}): Promise<{ items: BookingListItem[]; hasNext: boolean }> {
  const page = Math.max(1, input.page ?? 1);
  const rows = await selectBookings({ actor: input.actor, filters: input.filters, now: input.now ?? new Date() })
    .limit(BOOKINGS_PER_PAGE + 1)
    .offset((page - 1) * BOOKINGS_PER_PAGE);
  return { items: rows.slice(0, BOOKINGS_PER_PAGE), hasNext: rows.length > BOOKINGS_PER_PAGE };
}

/** Every booking the list would show under these filters (up to `EXPORT_LIMIT`), in the list's order. */
export async function loadBookingsForExport(input: {
  actor: CurrentUser;
  filters: BookingListFilters;
  now?: Date;
}): Promise<BookingListItem[]> {
  return selectBookings({ actor: input.actor, filters: input.filters, now: input.now ?? new Date() }).limit(
    EXPORT_LIMIT,
  );
}
