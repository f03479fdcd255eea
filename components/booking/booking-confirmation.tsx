"use client";

import { buttonClasses } from "@/components/ui/button";
import { formatAppointment } from "./calendar-dates";
import type { BookingConfirmation as Confirmation } from "./public-api";

/** What the customer keeps: the time in their zone, an .ics file, and the link to change it later. */
export function BookingConfirmation(props: {
  booking: Confirmation;
  timeZone: string;
  email: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const { booking } = props;
  return (
    <section aria-labelledby="confirmation-heading" className="space-y-4 text-center" data-testid="confirmation">
      <h2
        id="confirmation-heading"
        ref={props.headingRef}
        tabIndex={-1}
        className="text-xl font-semibold text-slate-900"
      >
        You're booked
      </h2>
      <p className="text-base text-slate-800">
        {formatAppointment({ slot: booking, timeZone: props.timeZone })}
        <span className="block text-sm text-slate-600">Times shown in {props.timeZone.replaceAll("_", " ")}</span>
      </p>
      <p className="text-sm text-slate-600">
        {booking.status === "confirmed"
          ? `A confirmation is on its way to ${props.email}.`
          : `Your time is reserved. The calendar invitation will reach ${props.email} shortly.`}
      </p>
      <div className="flex flex-col items-center justify-center gap-2 sm:flex-row">
        {/* download="" rather than a bare `download`: Preact writes `true` as the text "true", a file name. */}
        <a href={booking.icsUrl} download="" className={buttonClasses("primary")}>
          Add to calendar
        </a>
        <a href={booking.manageUrl} className={buttonClasses("secondary")}>
          Change or cancel
        </a>
      </div>
    </section>
  );
}
