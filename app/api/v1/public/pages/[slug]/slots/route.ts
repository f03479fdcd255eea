import {
  directRouteHeaders,
  limitCaller,
  PAGE_NOT_FOUND,
  publicError,
  publicJson,
  SLUG_PATTERN,
  type SlotsQuery,
  slotsQuerySchema,
  unexpected,
} from "@/lib/bookings/public";
import { type BookablePage, computePageSlots, loadBookablePage, toPublicSlots } from "@/lib/bookings/slots";

export const dynamic = "force-dynamic";

type Asked =
  | { ok: true; bookable: BookablePage; query: SlotsQuery }
  | { ok: false; response: Response | Promise<Response> };

/** The published page and the window asked for, or the 404/400/500 to answer instead. */
async function readAsked(input: {
  request: Request;
  params: Promise<{ slug: string }>;
  requestId: string;
}): Promise<Asked> {
  const { slug } = await input.params;
  if (!SLUG_PATTERN.test(slug)) return { ok: false, response: PAGE_NOT_FOUND() };
  const query = slotsQuerySchema.safeParse(Object.fromEntries(new URL(input.request.url).searchParams));
  if (!query.success) {
    const message = query.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")} ${issue.message}` : issue.message))
      .join("; ");
    return { ok: false, response: publicError({ status: 400, error: "invalid_input", message }) };
  }
  try {
    const bookable = await loadBookablePage(slug);
    return bookable ? { ok: true, bookable, query: query.data } : { ok: false, response: PAGE_NOT_FOUND() };
  } catch (error) {
    return {
      ok: false,
      response: unexpected({ error, what: "public slot lookup failed", requestId: input.requestId }),
    };
  }
}

/**
 * GET /api/v1/public/pages/{slug}/slots?start=YYYY-MM-DD&end=YYYY-MM-DD&timeZone=IANA (no sign-in):
 * { timeZone, slots: [{ start, end }] } in UTC, read live from Exchange. Slot instants and nothing else.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  // The proxy does not run for this route (proxy.ts): its headers and request id are set here.
  const direct = directRouteHeaders(request);
  return direct.apply(await answer({ request, params, requestId: direct.requestId }));
}

async function answer(input: {
  request: Request;
  params: Promise<{ slug: string }>;
  requestId: string;
}): Promise<Response> {
  // The caller's budget is counted while the page loads (two database round trips at once, not one after
  // the other). Exchange is only asked, and anything about the page only answered, once the limiter said yes.
  const asking = readAsked(input);
  const limited = await limitCaller({ request: input.request, policy: "publicSlotsByIp" });
  if (limited) return limited;
  const asked = await asking;
  if (!asked.ok) return asked.response;
  try {
    const { bookable, query } = asked;
    const result = await computePageSlots({ bookable, window: query.window, now: Date.now() });
    if (!result.ok) return publicError({ status: 503, error: result.reason, message: result.message });
    return publicJson({
      status: 200,
      body: { timeZone: query.timeZone, slots: toPublicSlots(result.slots) },
    });
  } catch (error) {
    return unexpected({ error, what: "public slot lookup failed", requestId: input.requestId });
  }
}
