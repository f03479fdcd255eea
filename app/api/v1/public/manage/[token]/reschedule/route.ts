import {
  loadManagedBooking,
  readBody,
  refusedLink,
  rescheduleBooking,
  rescheduleRequestSchema,
} from "@/lib/bookings/manage";
import { limitCaller, publicError, publicJson, unexpected } from "@/lib/bookings/public";
import { computePageSlots, customerDayWindow, loadBookablePage, toPublicSlots } from "@/lib/bookings/slots";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/public/manage/{token}/reschedule (no sign-in) with { start, timeZone } → 200 { id, start,
 * end }; 409 slot_taken with the customer's day of fresh slots; 404/410 for a link that opens nothing;
 * 503 when the calendar cannot be read. The same rules as a new booking on the page.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const limited = await limitCaller({ request, policy: "publicBookingByIp" });
  if (limited) return limited;
  const { token } = await params;
  const body = await readBody({ request, schema: rescheduleRequestSchema });
  if (!body.ok) return body.response;
  const { start, timeZone } = body.data;
  try {
    const result = await rescheduleBooking({ token, start, now: Date.now() });
    if (result.ok) {
      return publicJson({
        status: 200,
        body: { id: result.bookingId, start: result.start.toISOString(), end: result.end.toISOString() },
      });
    }
    if (result.error === "invalid" || result.error === "expired" || result.error === "cancelled") {
      return refusedLink(result.error);
    }
    if (result.error === "same_time") {
      return publicError({ status: 400, error: "invalid_input", message: result.message, extra: { fieldErrors: {} } });
    }
    if (result.error === "calendar_unavailable") {
      return publicError({ status: 503, error: result.error, message: result.message });
    }
    if (result.error === "page_unavailable") {
      return publicError({ status: 409, error: result.error, message: result.message });
    }
    return publicError({
      status: 409,
      error: "slot_taken",
      message: result.message,
      extra: { slots: await freshSlots({ token, start, timeZone }) },
    });
  } catch (error) {
    return unexpected({ error, what: "customer reschedule failed" });
  }
}

/** The customer's day again, fresh, so they can pick another time without a reload. */
async function freshSlots(input: { token: string; start: Date; timeZone: string }) {
  const managed = await loadManagedBooking(input.token);
  const bookable = managed.ok && managed.booking.pageSlug ? await loadBookablePage(managed.booking.pageSlug) : null;
  if (!bookable) return [];
  const fresh = await computePageSlots({
    bookable,
    window: customerDayWindow({ instant: input.start, timeZone: input.timeZone }),
    now: Date.now(),
  });
  return fresh.ok ? toPublicSlots(fresh.slots) : [];
}
