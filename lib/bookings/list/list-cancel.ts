import "server-only";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/session";
import { cancelBooking } from "@/lib/bookings/manage";
import { AppError } from "@/lib/errors";
import { multiLineText } from "@/lib/validation/text";
import { findBookingActorMayCancel } from "./list-access";

export const cancelFromListSchema = z.object({
  bookingId: z.uuid("Unknown booking."),
  reason: multiLineText()
    .min(1, "Say why the booking is cancelled: the customer is told.")
    .max(500, "Keep the reason under 500 characters."),
});

/**
 * A host or admin cancels a booking from the Bookings page. Who may is checked here, against the database,
 * whatever the form claimed: the actor's organisation, and admin or one of the booking's hosts. Anyone else
 * gets "not found", as for a booking that does not exist.
 */
export async function cancelBookingFromList(input: {
  actor: CurrentUser;
  bookingId: string;
  reason: string;
  now?: Date;
}): Promise<{ calendar: "done" | "pending" | "failed" }> {
  const now = input.now ?? new Date();
  const booking = await findBookingActorMayCancel({ actor: input.actor, bookingId: input.bookingId });
  if (!booking) throw new AppError("not_found", "That booking was not found.");
  if (booking.status === "cancelled") throw new AppError("conflict", "This booking is already cancelled.");
  if (booking.end <= now) throw new AppError("conflict", "This meeting is already over.");
  const result = await cancelBooking({
    bookingId: booking.id,
    by: "host",
    reason: input.reason,
    now,
    actor: input.actor,
  });
  if (!result.ok) {
    throw result.reason === "cancelled"
      ? new AppError("conflict", "This booking is already cancelled.")
      : new AppError("not_found", "That booking was not found.");
  }
  // "not_needed": the booking never reached Exchange (its write had failed), so nothing is left there.
  if (result.calendar === "done" || result.calendar === "not_needed") return { calendar: "done" };
  return { calendar: result.calendar === "retry" ? "pending" : "failed" };
}
