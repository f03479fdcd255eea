import { refusedLink } from "@/lib/bookings/manage";
import { limitCaller, publicJson, unexpected } from "@/lib/bookings/public";
import { eraseCustomerFromManageLink } from "@/lib/erasure/customers";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/public/manage/{token}/erase (no sign-in; the token, mailed to the customer, is the proof) →
 * 200 { status: "erased", bookings } once the customer's details are erased from this booking and the
 * organisation's other bookings under the same address (coming ones cancelled first); 404 for an unknown or
 * already used link. The answer never names the address.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const limited = await limitCaller({ request, policy: "publicBookingByIp" });
  if (limited) return limited;
  const { token } = await params;
  try {
    const result = await eraseCustomerFromManageLink({ token });
    if (!result.ok) return refusedLink("invalid");
    return publicJson({ status: 200, body: { status: "erased", bookings: result.erased } });
  } catch (error) {
    return unexpected({ error, what: "customer erasure failed" });
  }
}
