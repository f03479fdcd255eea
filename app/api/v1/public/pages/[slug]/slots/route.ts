import { loadBookablePage } from "@/lib/bookings/bookable-page";
import { computePageSlots } from "@/lib/bookings/page-slots";
import {
  limitCaller,
  PAGE_NOT_FOUND,
  publicError,
  publicJson,
  SLUG_PATTERN,
  unexpected,
} from "@/lib/bookings/public-http";
import { slotsQuerySchema } from "@/lib/bookings/public-schema";
import { toPublicSlots } from "@/lib/bookings/public-slots";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/public/pages/{slug}/slots?start=YYYY-MM-DD&end=YYYY-MM-DD&timeZone=IANA (no sign-in):
 * { timeZone, slots: [{ start, end }] } in UTC, read live from Exchange. Slot instants and nothing else.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const limited = await limitCaller({ request, policy: "publicSlotsByIp" });
  if (limited) return limited;
  const { slug } = await params;
  if (!SLUG_PATTERN.test(slug)) return PAGE_NOT_FOUND();
  const query = slotsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const message = query.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")} ${issue.message}` : issue.message))
      .join("; ");
    return publicError({ status: 400, error: "invalid_input", message });
  }
  try {
    const bookable = await loadBookablePage(slug);
    if (!bookable) return PAGE_NOT_FOUND();
    const result = await computePageSlots({ bookable, window: query.data.window, now: Date.now() });
    if (!result.ok) return publicError({ status: 503, error: result.reason, message: result.message });
    return publicJson({ status: 200, body: { timeZone: query.data.timeZone, slots: toPublicSlots(result.slots) } });
  } catch (error) {
    return unexpected({ error, what: "public slot lookup failed" });
  }
}
