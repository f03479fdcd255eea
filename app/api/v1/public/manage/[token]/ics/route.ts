import { bookingIcs, findBookingByManageToken } from "@/lib/bookings/manage";
import { limitCaller, publicError, unexpected } from "@/lib/bookings/public";

export const dynamic = "force-dynamic";

/** GET /api/v1/public/manage/{token}/ics: the booking as an "add to calendar" file, for its customer. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const limited = await limitCaller({ request, policy: "publicSlotsByIp" });
  if (limited) return limited;
  const { token } = await params;
  try {
    const found = await findBookingByManageToken(token);
    if (!found) return publicError({ status: 404, error: "not_found", message: "This booking link is not valid." });
    const { booking } = found;
    const ics = bookingIcs({
      id: booking.id,
      title: booking.pageTitle,
      start: booking.startsAt,
      end: booking.endsAt,
      location: found.location ?? null,
      organiser:
        found.organiserName && found.organiserEmail ? { name: found.organiserName, email: found.organiserEmail } : null,
      customer: { name: booking.customerName, email: booking.customerEmail },
      status: booking.status === "cancelled" ? "cancelled" : "confirmed",
    });
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="booking.ics"',
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return unexpected({ error, what: "booking calendar file failed" });
  }
}
