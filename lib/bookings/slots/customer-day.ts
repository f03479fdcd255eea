import { DateTime } from "luxon";
import type { TimeInterval } from "@/lib/scheduling/intervals";

/** The local day around `instant` in the customer's zone, as epoch ms (23 or 25 hours long on DST days). */
export function customerDayWindow(input: { instant: Date; timeZone: string }): TimeInterval {
  const day = DateTime.fromJSDate(input.instant, { zone: input.timeZone }).startOf("day");
  return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
}
