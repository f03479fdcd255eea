import type { BookingItem } from "@/lib/exchange";
import type { CalendarWriteData } from "./calendar-write-data";

export const NO_LOCATION = "A meeting link will follow";

/**
 * The calendar item for a booking: the page's title and location, the customer's details in a plain-text
 * body (the host needs them; they come from the booking form, never from Exchange), and invitations to
 * the customer when the page sends them and to the other hosts of a collective booking.
 */
export function toBookingItem(data: CalendarWriteData): BookingItem {
  const { booking, page } = data;
  const labels = new Map((page?.questions ?? []).map((q) => [q.id, q.label]));
  const lines = [
    `Booked through Slotbridge (${booking.pageTitle}).`,
    "",
    `Name: ${booking.customerName}`,
    `Email: ${booking.customerEmail}`,
    `Customer's time zone: ${booking.customerTimeZone}`,
  ];
  if (booking.notes?.trim()) lines.push("", "Notes:", booking.notes.trim());
  const answers = Object.entries(booking.answers).filter(([, answer]) => answer.trim());
  if (answers.length > 0) {
    lines.push("");
    for (const [id, answer] of answers) lines.push(`${labels.get(id) ?? id}: ${answer.trim()}`);
  }
  const sendInvitations = page?.sendInvitations ?? true;
  return {
    bookingId: booking.id,
    subject: `${booking.pageTitle}: ${booking.customerName}`,
    location: page?.location?.trim() || NO_LOCATION,
    body: lines.join("\n"),
    start: booking.startsAt,
    end: booking.endsAt,
    timeZone: data.organiser?.timeZone ?? "UTC",
    attendees: [...(sendInvitations ? [booking.customerEmail] : []), ...data.otherHostMailboxes],
    sendInvitations,
  };
}
