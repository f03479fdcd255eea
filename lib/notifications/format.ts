/** A zone Intl knows, else UTC (a zone removed from the tz database must not stop a mail). */
function usableZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/**
 * "Tuesday, 2 March 2032, 10:00 – 10:30 GMT" in the reader's language and zone, followed by the zone's
 * name, so a reader abroad sees whose clock the times are on.
 */
export function formatMeetingTime(input: { start: Date; end: Date; timeZone: string; locale: string }): string {
  const timeZone = usableZone(input.timeZone);
  const range = new Intl.DateTimeFormat(input.locale, {
    timeZone,
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).formatRange(input.start, input.end);
  return `${range} (${timeZone.replaceAll("_", " ")})`;
}

/** The date alone, short, for subject lines: "Tue, 2 Mar 2032". */
export function formatMeetingDay(input: { start: Date; timeZone: string; locale: string }): string {
  return new Intl.DateTimeFormat(input.locale, {
    timeZone: usableZone(input.timeZone),
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(input.start);
}

/** "in 1 hour", "tomorrow"… for reminders: how long before the start the reminder was planned. */
export function formatLeadTime(input: { minutes: number; locale: string }): string {
  const rtf = new Intl.RelativeTimeFormat(input.locale, { numeric: "auto" });
  if (input.minutes % 1440 === 0) return rtf.format(input.minutes / 1440, "day");
  if (input.minutes % 60 === 0) return rtf.format(input.minutes / 60, "hour");
  return rtf.format(input.minutes, "minute");
}
