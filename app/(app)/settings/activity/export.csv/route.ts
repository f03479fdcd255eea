import { exportActivity } from "@/lib/audit/activity-export";
import { hasRole } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";

// One organisation's trail: never cached by the browser, a proxy or Next.js.
export const dynamic = "force-dynamic";
const NO_STORE = { "Cache-Control": "no-store, private" };

const plainText = (status: number, text: string) =>
  new Response(`${text}\n`, { status, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });

/**
 * GET /settings/activity/export.csv?<the Activity page's filters> (session cookie, owners and admins): the
 * events the page lists under those filters, every page of them, as a CSV download. The organisation comes
 * from the session. A filter that cannot be read answers 400 naming it; a member gets 404, as for the page.
 */
export async function GET(request: Request) {
  const actor = await getCurrentUser();
  if (!actor) return plainText(401, "Sign in first.");
  if (!hasRole(actor.role, "admin")) return plainText(404, "Not found.");
  const exported = await exportActivity({ actor, searchParams: new URL(request.url).searchParams });
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
