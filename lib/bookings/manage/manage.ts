import "server-only";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { type CancelBookingResult, cancelBooking } from "./manage-cancel";
import { findManageableBooking, type ManageRefusal } from "./manage-read";

// The customer's manage link (no account: the token is the key) and the cancel every actor shares.
export { type CancelBookingResult, cancelBooking } from "./manage-cancel";
export {
  loadManagedBooking,
  type ManagedBooking,
  type ManagedBookingResult,
  type ManageRefusal,
} from "./manage-read";
export { type RescheduleResult, rescheduleBooking } from "./manage-reschedule";

export type CustomerCancelResult = Extract<CancelBookingResult, { ok: true }> | { ok: false; reason: ManageRefusal };

/** The customer cancels through their link: refused for an unknown, expired or already cancelled one. */
export async function cancelBookingAsCustomer(input: {
  token: string;
  reason?: string;
  now?: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CustomerCancelResult> {
  const checked = await findManageableBooking({ token: input.token, now: input.now ?? new Date() });
  if (!checked.ok) return checked;
  const result = await cancelBooking({
    bookingId: checked.found.booking.id,
    by: "customer",
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.now ? { now: input.now } : {}),
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });
  if (result.ok) return result;
  // Cancelled between the check and the transaction (a second click): the same answer as a used link.
  return { ok: false, reason: result.reason === "cancelled" ? "cancelled" : "invalid" };
}
