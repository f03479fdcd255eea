// The EWS simulator's control API, for specs that steer it (faults, latency) or look into a mailbox.

/** A calendar item as the control API shows it (the fields specs look at). */
export interface SimulatorCalendarItem {
  id: string;
  subject: string;
  start: string;
  end: string;
  requiredAttendees: string[];
  extendedProperties: Array<{ uri: Record<string, string>; value?: string }>;
}

/** One control call; the JSON answer, or undefined for an empty one. */
export async function simulatorControl(input: { controlUrl: string; method: string; path: string; body?: unknown }) {
  const response = await fetch(`${input.controlUrl}${input.path}`, {
    method: input.method,
    headers: input.body === undefined ? {} : { "Content-Type": "application/json" },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Every item in `mailbox`'s calendar, straight from the simulator. */
export async function simulatorCalendar(input: { controlUrl: string; mailbox: string }) {
  const path = `/mailboxes/${encodeURIComponent(input.mailbox)}/calendar`;
  return (await simulatorControl({ controlUrl: input.controlUrl, method: "GET", path })) as SimulatorCalendarItem[];
}
