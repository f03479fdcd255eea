import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { BookingListItem } from "@/lib/bookings/list";
import { formatMeetingTime } from "./format-time";
import { MeetingTime } from "./meeting-time";
import { STATUS } from "./status";

const shortDate = (date: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date);

/** One booking as a card: reads well at phone width, where a many-column table would not. */
export function BookingRow({ booking, actions }: { booking: BookingListItem; actions?: ReactNode }) {
  const status = STATUS[booking.status];
  const missing = booking.exchangeItemMissingSince;
  return (
    <article
      aria-labelledby={`booking-${booking.id}`}
      data-testid="booking-row"
      className={`rounded-lg border bg-white px-4 py-3 shadow-xs sm:px-5 ${missing ? "border-red-300" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          <h2 id={`booking-${booking.id}`} className="font-medium text-slate-900">
            {booking.pageTitle} with {booking.customerName}
          </h2>
          <p className="text-sm text-slate-700">
            <MeetingTime start={booking.start.toISOString()} end={booking.end.toISOString()} />
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Badge tone={status.tone}>{status.label}</Badge>
          {missing ? <Badge tone="red">Item missing from Exchange</Badge> : null}
        </div>
      </div>
      <dl className="mt-2 grid gap-x-4 gap-y-0.5 text-sm text-slate-600 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">Customer</dt>
        <dd className="break-words">
          {booking.customerName} · {booking.customerEmail}
        </dd>
        <dt className="font-medium text-slate-700">Customer's time</dt>
        <dd>{formatMeetingTime({ start: booking.start, end: booking.end, timeZone: booking.customerTimeZone })}</dd>
        <dt className="font-medium text-slate-700">{booking.hostNames.includes(", ") ? "Hosts" : "Host"}</dt>
        <dd>{booking.hostNames || booking.organiserName || "former member"}</dd>
        {booking.cancelledAt ? (
          <>
            <dt className="font-medium text-slate-700">Cancelled</dt>
            <dd>
              {shortDate(booking.cancelledAt)} UTC{booking.cancelReason ? `: ${booking.cancelReason}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {booking.calendarWriteError && (booking.status === "write_pending" || booking.status === "write_failed") ? (
        <p className="mt-2 text-sm text-red-800">{booking.calendarWriteError}</p>
      ) : null}
      {missing ? (
        <p className="mt-2 text-sm text-red-800">
          The Exchange item for this booking could not be found since {shortDate(missing)} UTC: it may have been deleted
          in Outlook. Check the host's calendar.
        </p>
      ) : null}
      {actions ? <div className="mt-3 empty:hidden">{actions}</div> : null}
    </article>
  );
}
