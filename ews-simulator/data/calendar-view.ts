import type { CalendarItemView } from "../contract";
import { findWindowsZoneId, formatUtc } from "../timezone/zones";
import { encodeItemId } from "./ids";
import type { CalendarEvent } from "./model";

/** A stored event as the control API shows it: what a test needs to see that a write reached the calendar. */
export function describeCalendarEvent(event: CalendarEvent): CalendarItemView {
  return {
    id: encodeItemId({ mailbox: event.mailbox, uid: event.uid }),
    subject: event.subject,
    body: event.body,
    location: event.location,
    start: formatUtc(event.start),
    end: formatUtc(event.end),
    timeZone: event.timeZone,
    startTimeZoneId: findWindowsZoneId(event.timeZone),
    organizer: event.organizer.email,
    requiredAttendees: event.requiredAttendees.map((p) => p.email),
    optionalAttendees: event.optionalAttendees.map((p) => p.email),
    ...(event.sendMeetingInvitations ? { sendMeetingInvitations: event.sendMeetingInvitations } : {}),
    extendedProperties: event.extendedProperties.map((p) => ({
      uri: { ...p.uri },
      ...(p.value !== undefined ? { value: p.value } : {}),
      ...(p.values ? { values: [...p.values] } : {}),
    })),
  };
}
