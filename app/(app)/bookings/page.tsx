import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { type BookingListItem, loadBookings } from "@/lib/bookings/list";
import type { BookingStatus } from "@/lib/db/schema";

export const metadata: Metadata = { title: "Bookings" };

const STATUS: Record<BookingStatus, { label: string; tone: "neutral" | "brand" | "amber" | "red" }> = {
  confirmed: { label: "Confirmed", tone: "brand" },
  write_pending: { label: "Calendar write pending", tone: "amber" },
  write_failed: { label: "Calendar write failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

function when(booking: BookingListItem, timeZone: string): string {
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone }).format(booking.start);
  const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone });
  return `${day}, ${time.format(booking.start)}–${time.format(booking.end)} (${timeZone})`;
}

export default async function BookingsPage() {
  const actor = await requireUser();
  const upcoming = await loadBookings({ actor, when: "upcoming" });
  const scope = hasRole(actor.role, "admin") ? "every booking in your organisation" : "the bookings you host";
  return (
    <>
      <PageHeader title="Bookings" description={`Upcoming meetings customers booked: ${scope}.`} />
      {upcoming.length === 0 ? (
        <EmptyState title="No upcoming bookings">
          <p>
            Bookings appear here once customers book through a booking page; each one is also written to the host's
            Exchange calendar.
          </p>
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Upcoming bookings">
          {upcoming.map((booking) => (
            <li key={booking.id}>
              <Card>
                <CardBody>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div>
                      <p className="font-medium text-slate-900">
                        {booking.pageTitle} with {booking.customerName}
                      </p>
                      <p className="text-sm text-slate-600">{when(booking, booking.customerTimeZone)}</p>
                      <p className="text-sm text-slate-600">
                        {booking.customerEmail}
                        {booking.organiserName ? ` · host: ${booking.organiserName}` : ""}
                      </p>
                    </div>
                    <Badge tone={STATUS[booking.status].tone}>{STATUS[booking.status].label}</Badge>
                  </div>
                  {booking.calendarWriteError && booking.status !== "confirmed" ? (
                    <p className="mt-2 text-sm text-red-800">{booking.calendarWriteError}</p>
                  ) : null}
                </CardBody>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
