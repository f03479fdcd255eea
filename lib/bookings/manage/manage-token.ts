import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { bookingPages, bookings, organisations, users } from "@/lib/db/schema";

/** Tokens are 32 random bytes in base64url: anything else is refused before touching the database. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The booking a customer's manage token opens, with its page's location and its organiser; null if none. */
export async function findBookingByManageToken(token: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db()
    .select({
      booking: bookings,
      location: bookingPages.location,
      organiserName: users.name,
      organiserEmail: users.email,
    })
    .from(bookings)
    // A disabled organisation's bookings cannot be managed either: its whole public face answers 404.
    .innerJoin(organisations, and(eq(organisations.id, bookings.organisationId), isNull(organisations.disabledAt)))
    .leftJoin(bookingPages, eq(bookingPages.id, bookings.pageId))
    .leftJoin(users, eq(users.id, bookings.organiserUserId))
    .where(eq(bookings.manageTokenHash, hashToken(token)));
  return row ?? null;
}
