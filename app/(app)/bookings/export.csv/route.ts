import { getCurrentUser } from "@/lib/auth/session";
import {
  formatBookingsCsv,
  loadBookingsForExport,
  parseBookingListQuery,
  toBookingListFilters,
} from "@/lib/bookings/list";

// One viewer's customer data: never cached by the browser, a proxy or Next.js.
export const dynamic = "force-dynamic";
const NO_STORE = { "Cache-Control": "no-store, private" };

/**
 * GET /bookings/export.csv?<the Bookings page's filters> (session cookie): the bookings the page would list
 * under those filters, every page of them, as a CSV download. Scoped like the page: the organisation from the
 * session, admins all of it, members the bookings they host (a member's host filter is ignored).
 */
export async function GET(request: Request) {
  const actor = await getCurrentUser();
  if (!actor)
    return new Response("Sign in first.\n", { status: 401, headers: { ...NO_STORE, "Content-Type": "text/plain" } });
  const params: Record<string, string[]> = {};
  for (const [key, value] of new URL(request.url).searchParams) params[key] = [...(params[key] ?? []), value];
  const single = Object.fromEntries(
    Object.entries(params).map(([key, values]) => [key, values.length === 1 ? values[0] : values]),
  );
  // The same lenient reading as the page: what the page showed is what is exported.
  const { query } = parseBookingListQuery(single);
  const rows = await loadBookingsForExport({ actor, filters: toBookingListFilters({ query, role: actor.role }) });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(formatBookingsCsv(rows), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bookings-${query.tab}-${day}.csv"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
