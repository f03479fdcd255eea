"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { cancelBookingFromList, cancelFromListSchema } from "@/lib/bookings/list";

// Members may cancel bookings they host, admins any of their organisation's: lib/bookings/list-cancel.ts decides.
export const cancelBookingAction = authedAction(
  { role: "member", schema: cancelFromListSchema },
  async ({ bookingId, reason }, user) => {
    const { calendar } = await cancelBookingFromList({ actor: user, bookingId, reason });
    revalidatePath("/bookings");
    const exchange = {
      done: "",
      pending: " Exchange could not be reached: the calendar item is cancelled as soon as it can be.",
      failed: " The calendar item could not be cancelled in Exchange: remove it from the host's calendar.",
    }[calendar];
    return { ok: true, data: null, message: `Booking cancelled. The customer is told.${exchange}` };
  },
);
