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
 * PUBLISH: a file to import (the download link). REQUEST / CANCEL: an invitation or its withdrawal sent
 * by mail (iTIP), which calendars apply to the event with the same UID when SEQUENCE is not lower than
 * the one they hold; a reschedule therefore sends REQUEST with a higher SEQUENCE.
 */
export type IcsMethod = "PUBLISH" | "REQUEST" | "CANCEL";

/**
 * A calendar file for one booking: UTC times (every calendar converts them to the reader's zone),
 * a UID stable per booking so importing it twice, or a later update, changes rather than duplicates it.
 */
export function bookingIcs(booking: IcsBooking, options: { method?: IcsMethod; sequence?: number } = {}): string {
  const method = options.method ?? "PUBLISH";
  const cancelled = method === "CANCEL" || booking.status === "cancelled";
  const { error, value } = createEvent({
    uid: `${booking.id}@slotbridge`,
    productId: "slotbridge/booking",
    method,
    ...(options.sequence !== undefined ? { sequence: options.sequence } : {}),
    title: booking.title,
    start: booking.start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: booking.end.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: booking.location ?? "A meeting link will follow",
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    ...(booking.organiser ? { organizer: booking.organiser } : {}),
    attendees: [{ ...booking.customer, rsvp: false, partstat: "ACCEPTED", role: "REQ-PARTICIPANT" }],
  });
  if (error || !value) throw error ?? new Error("ics produced no calendar");
  return value;
}
