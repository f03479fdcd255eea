import type { CalendarItemView } from "@/ews-simulator/contract";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { callControl } from "@/ews-simulator/testing/test-simulator";

/** A simulator mailbox's calendar items through the control API: "did the booking reach Exchange?". */
export async function readSimulatorCalendar(input: {
  simulator: RunningSimulator;
  mailbox: string;
}): Promise<CalendarItemView[]> {
  const reply = await callControl({
    simulator: input.simulator,
    method: "GET",
    path: `/mailboxes/${encodeURIComponent(input.mailbox)}/calendar`,
  });
  if (reply.status !== 200) throw new Error(`the simulator has no calendar for ${input.mailbox}`);
  return reply.json as CalendarItemView[];
}

/** The items of a calendar that carry this booking's id property. */
export async function findSimulatorBookingItems(input: {
  simulator: RunningSimulator;
  mailbox: string;
  bookingId: string;
}): Promise<CalendarItemView[]> {
  const items = await readSimulatorCalendar(input);
  return items.filter((item) => item.extendedProperties.some((p) => p.value === input.bookingId));
}
