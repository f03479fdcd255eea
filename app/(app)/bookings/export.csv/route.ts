import { getCurrentUser } from "@/lib/auth/session";
import { exportBookings } from "@/lib/bookings/list";

// One viewer's customer data: never cached by the browser, a proxy or Next.js.
export const dynamic = "force-dynamic";
const NO_STORE = { "Cache-Control": "no-store, private" };

const plainText = (status: number, text: string) =>
  new Response(`${text}\n`, { status, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });

/**
 * GET /bookings/export.csv?<the Bookings page's filters> (session cookie): the bookings the page would list
 * under those filters, every page of them, as a CSV download. Scoped like the page: the organisation from the
 * session, admins all of it, members the bookings they host (a member's host filter is ignored). A filter
 * that cannot be read (a NUL in the search, a malformed id) answers 400 naming it.
 */
export async function GET(request: Request) {
  const actor = await getCurrentUser();
  if (!actor) return plainText(401, "Sign in first.");
  const exported = await exportBookings({ actor, searchParams: new URL(request.url).searchParams });
  if (!exported.ok) return plainText(400, exported.message);
  return new Response(exported.csv, {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
