import { consumeRateLimit, RateLimitedError } from "@/lib/auth/rate-limit";
import { verifyProofOfWork } from "@/lib/bookings/proof-of-work";
import {
  bookingRequestSchema,
  fieldErrorsOf,
  limitCaller,
  PAGE_NOT_FOUND,
  publicError,
  publicJson,
  SLUG_PATTERN,
  unexpected,
} from "@/lib/bookings/public";
import { createBooking, finishBooking } from "@/lib/bookings/reserve";
import { computePageSlots, customerDayWindow, loadBookablePage, toPublicSlots } from "@/lib/bookings/slots";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const INVALID = "Please check the highlighted fields.";

/**
 * POST /api/v1/public/pages/{slug}/bookings (no sign-in) with { start, name, email, timeZone, notes?,
 * answers?, challenge, nonce, website } → 201 { id, start, end, status, manageUrl, icsUrl }; 409 with the
 * day's fresh slots when the time was taken; 400 for bad input or a failed proof of work.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const limited = await limitCaller({ request, policy: "publicBookingByIp" });
  if (limited) return limited;
  const { slug } = await params;
  if (!SLUG_PATTERN.test(slug)) return PAGE_NOT_FOUND();
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return publicError({ status: 400, error: "invalid_input", message: "The request body must be JSON." });
  }
  const parsed = bookingRequestSchema.safeParse(body);
  if (!parsed.success) {
    return publicError({
      status: 400,
      error: "invalid_input",
      message: INVALID,
      extra: { fieldErrors: fieldErrorsOf(parsed.error) },
    });
  }
  const input = parsed.data;
  const now = Date.now();
  const proof = verifyProofOfWork({
    slug,
    challenge: input.challenge,
    nonce: input.nonce,
    secret: env().AUTH_SECRET,
    now,
  });
  if (!proof.ok) return publicError({ status: 400, error: proof.error, message: proof.message });
  try {
    await consumeRateLimit({ policy: "challengeUse", key: proof.challengeId });
  } catch (error) {
    if (!(error instanceof RateLimitedError)) return unexpected({ error, what: "challenge bookkeeping failed" });
    return publicError({
      status: 400,
      error: "challenge_expired",
      message: "The booking check was already used. Please try again.",
    });
  }

  try {
    const bookable = await loadBookablePage(slug);
    if (!bookable) return PAGE_NOT_FOUND();
    const result = await createBooking({ bookable, request: input, now });
    if (result.ok) {
      const finished = await finishBooking({ bookingId: result.bookingId, manageToken: result.manageToken });
      return publicJson({
        status: 201,
        body: {
          id: result.bookingId,
          start: result.start.toISOString(),
          end: result.end.toISOString(),
          status: finished.status,
          manageUrl: finished.manageUrl,
          icsUrl: finished.icsUrl,
        },
      });
    }
    if (result.error === "invalid_input") {
      return publicError({
        status: 400,
        error: result.error,
        message: result.message,
        extra: { fieldErrors: result.fieldErrors },
      });
    }
    if (result.error === "calendar_unavailable") {
      return publicError({ status: 503, error: result.error, message: result.message });
    }
    // Taken: the customer's day again, fresh, so they can pick another time without a reload.
    const fresh = await computePageSlots({
      bookable,
      window: customerDayWindow({ instant: input.start, timeZone: input.timeZone }),
      now: Date.now(),
    });
    return publicError({
      status: 409,
      error: "slot_taken",
      message: result.message,
      extra: { slots: fresh.ok ? toPublicSlots(fresh.slots) : [] },
    });
  } catch (error) {
    return unexpected({ error, what: "public booking failed" });
  }
}
