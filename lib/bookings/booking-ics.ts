import "server-only";
import { createEvent } from "ics";

export interface IcsBooking {
  id: string;
  title: string;
  start: Date;
  end: Date;
  location: string | null;
  organiser: { name: string; email: string } | null;
  customer: { name: string; email: string };
  status: "confirmed" | "cancelled";
}

/**
 * An "add to calendar" file for one booking: UTC times (every calendar converts them to the reader's zone),
 * a UID stable per booking so importing it twice updates rather than duplicates.
 */
export function bookingIcs(booking: IcsBooking): string {
  const { error, value } = createEvent({
    uid: `${booking.id}@slotbridge`,
    productId: "slotbridge/booking",
    method: "PUBLISH",
    title: booking.title,
    start: booking.start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: booking.end.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: booking.location ?? "A meeting link will follow",
    status: booking.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    ...(booking.organiser ? { organizer: booking.organiser } : {}),
    attendees: [{ ...booking.customer, rsvp: false, partstat: "ACCEPTED", role: "REQ-PARTICIPANT" }],
  });
  if (error || !value) throw error ?? new Error("ics produced no calendar");
  return value;
}
