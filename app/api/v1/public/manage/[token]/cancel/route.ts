import { cancelBookingAsCustomer, cancelRequestSchema, readBody, refusedLink } from "@/lib/bookings/manage";
import { limitCaller, publicJson, unexpected } from "@/lib/bookings/public";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/public/manage/{token}/cancel (no sign-in; the token is the key) with { reason? } →
 * 200 { status: "cancelled" }; 404 for an unknown link, 410 for a meeting that is over or already cancelled.
 * The Exchange item is cancelled before the answer when Exchange allows, else by a retry job.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const limited = await limitCaller({ request, policy: "publicBookingByIp" });
  if (limited) return limited;
  const { token } = await params;
  const body = await readBody({ request, schema: cancelRequestSchema });
  if (!body.ok) return body.response;
  try {
    const result = await cancelBookingAsCustomer({ token, ...(body.data.reason ? { reason: body.data.reason } : {}) });
    if (!result.ok) return refusedLink(result.reason);
    return publicJson({ status: 200, body: { status: "cancelled" } });
  } catch (error) {
    return unexpected({ error, what: "customer cancel failed" });
  }
}
