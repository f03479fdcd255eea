import "server-only";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { cancelBooking, findBookingByManageToken } from "@/lib/bookings/manage";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db, type Transaction } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ExchangeOutboundConfig } from "@/lib/exchange";

/** What an erased booking shows instead of its customer: readable, and no one's (".invalid" is reserved). */
export const ERASED_CUSTOMER = { name: "Erased customer", email: "erased@erased.invalid", timeZone: "UTC" } as const;

/** The columns an erasure overwrites; time, page, status and hosts stay for the organisation's statistics. */
export const erasedCustomerColumns = () => ({
  customerName: ERASED_CUSTOMER.name,
  customerEmail: ERASED_CUSTOMER.email,
  customerTimeZone: ERASED_CUSTOMER.timeZone,
  notes: null,
  answers: {},
  manageTokenHash: null,
  cancelReason: null,
  customerErasedAt: sql`now()`,
});

const sameAddress = (email: string) => sql`lower(${bookings.customerEmail}) = lower(${email.trim()})`;

const CANCEL_REASON = "The customer asked for their details to be erased.";

/**
 * Cancels the customer's bookings still to come (their Exchange items too, per the page's cancellation
 * setting): a meeting with someone whose details are gone cannot be kept. No mail: the address is about to
 * go, and the customer asked for this. Returns how many were cancelled.
 */
async function cancelComingBookings(input: {
  organisationId: string;
  email: string;
  now: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<number> {
  const coming = await db()
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.organisationId, input.organisationId),
        sameAddress(input.email),
        ne(bookings.status, "cancelled"),
        gt(bookings.endsAt, input.now),
      ),
    );
  let cancelled = 0;
  for (const { id } of coming) {
    const result = await cancelBooking({
      bookingId: id,
      by: "customer",
      reason: CANCEL_REASON,
      now: input.now,
      queueCustomerMail: false,
      ...(input.config ? { config: input.config } : {}),
      ...(input.keys ? { keys: input.keys } : {}),
    });
    if (result.ok) cancelled += 1;
  }
  return cancelled;
}

/** Overwrites the customer's details on every booking of the organisation with that address; returns how many. */
async function eraseByAddress(input: { tx: Transaction; organisationId: string; email: string }): Promise<number> {
  const erased = await input.tx
    .update(bookings)
    .set(erasedCustomerColumns())
    .where(
      and(
        eq(bookings.organisationId, input.organisationId),
        sameAddress(input.email),
        isNull(bookings.customerErasedAt),
      ),
    )
    .returning({ id: bookings.id });
  return erased.length;
}

export interface ErasureResult {
  erased: number;
  cancelled: number;
}

/**
 * An owner or admin erases one customer's details across the organisation's bookings (on the customer's
 * request, usually). The audit line holds the counts, never the address.
 */
export async function eraseCustomerAsAdmin(input: {
  actor: CurrentUser;
  email: string;
  now?: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<ErasureResult> {
  if (!hasRole(input.actor.role, "admin")) throw new AppError("forbidden", "Only owners and admins erase customers.");
  const { organisationId } = input.actor;
  const cancelled = await cancelComingBookings({ ...input, organisationId, now: input.now ?? new Date() });
  const erased = await db().transaction(async (tx) => {
    const count = await eraseByAddress({ tx, organisationId, email: input.email });
    await recordAuditEvent({
      tx,
      organisationId,
      actorUserId: input.actor.userId,
      action: "customer.erased",
      outcome: count > 0 ? "ok" : "nothing-found",
      detail: { bookings: count, cancelled, requestedBy: "admin" },
    });
    return count;
  });
  return { erased, cancelled };
}

/**
 * The customer erases their own details from their manage link: on this booking and on the organisation's
 * other bookings under the same address. The link is the proof (it went to that address, and only its hash
 * is stored); it stops working with the erasure, as the hash goes too.
 */
export async function eraseCustomerFromManageLink(input: {
  token: string;
  now?: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<{ ok: true; erased: number; cancelled: number } | { ok: false }> {
  const found = await findBookingByManageToken(input.token);
  if (!found || found.booking.customerErasedAt) return { ok: false };
  const { organisationId, customerEmail: email } = found.booking;
  const cancelled = await cancelComingBookings({ ...input, organisationId, email, now: input.now ?? new Date() });
  const erased = await db().transaction(async (tx) => {
    const count = await eraseByAddress({ tx, organisationId, email });
    await recordAuditEvent({
      tx,
      organisationId,
      actorUserId: null,
      action: "customer.erased",
      targetId: found.booking.id,
      detail: { bookings: count, cancelled, requestedBy: "customer" },
    });
    return count;
  });
  return { ok: true, erased, cancelled };
}

/** How many bookings of the organisation carry this address (for the admin's search before erasing). */
export async function countCustomerBookings(input: { actor: CurrentUser; email: string }) {
  if (!hasRole(input.actor.role, "admin")) throw new AppError("forbidden", "Only owners and admins erase customers.");
  const rows = await db()
    .select({
      total: sql<number>`count(*)::int`,
      coming: sql<number>`(count(*) filter (where ${bookings.status} <> 'cancelled' and ${bookings.endsAt} > now()))::int`,
    })
    .from(bookings)
    .where(
      and(
        eq(bookings.organisationId, input.actor.organisationId),
        sameAddress(input.email),
        isNull(bookings.customerErasedAt),
      ),
    );
  return rows[0] ?? { total: 0, coming: 0 };
}
