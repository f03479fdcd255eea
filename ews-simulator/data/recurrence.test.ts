import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "./model";
import { listCalendarEntries, listOriginalStarts } from "./recurrence";

const DAY = 86_400_000;

function weeklySeries(): CalendarEvent {
  // Mondays and Wednesdays 09:00 New York time, across the March 2025 change to daylight time.
  const start = Date.parse("2025-03-03T14:00:00Z");
  return {
    uid: "series",
    mailbox: "bob@contoso.test",
    version: 1,
    subject: "Sync",
    body: "",
    bodyType: "Text",
    location: "",
    start,
    end: start + 3_600_000,
    isAllDay: false,
    freeBusy: "Busy",
    sensitivity: "Normal",
    reminderIsSet: false,
    reminderMinutes: 15,
    timeZone: "America/New_York",
    endTimeZone: "America/New_York",
    organizer: { email: "bob@contoso.test", name: "Bob" },
    requiredAttendees: [],
    optionalAttendees: [],
    extendedProperties: [],
    categories: [],
    importance: "Normal",
    folder: "calendar",
    recurrence: {
      pattern: { kind: "weekly", interval: 1, days: [1, 3] },
      startDate: "2025-03-03",
      endDate: "2025-03-19",
    },
    exceptions: new Map(),
    created: start,
    modified: start,
  };
}

/** A structurally equal copy: a different object, so nothing cached for the original applies to it. */
function freshCopy(event: CalendarEvent): CalendarEvent {
  return { ...event, recurrence: structuredClone(event.recurrence), exceptions: new Map(event.exceptions) };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("series expansion", () => {
  it("keeps the wall-clock time across a DST change", () => {
    expect(listOriginalStarts({ event: weeklySeries(), until: Number.MAX_SAFE_INTEGER }).map(iso)).toEqual([
      "2025-03-03T14:00:00.000Z",
      "2025-03-05T14:00:00.000Z",
      "2025-03-10T13:00:00.000Z",
      "2025-03-12T13:00:00.000Z",
      "2025-03-17T13:00:00.000Z",
      "2025-03-19T13:00:00.000Z",
    ]);
  });

  it("stops before `until`", () => {
    const starts = listOriginalStarts({ event: weeklySeries(), until: Date.parse("2025-03-10T13:00:00Z") });
    expect(starts.map(iso)).toEqual(["2025-03-03T14:00:00.000Z", "2025-03-05T14:00:00.000Z"]);
  });

  it("re-expands after any change the starts depend on, edited in place or replaced", () => {
    const event = weeklySeries();
    const all = () => listOriginalStarts({ event, until: Number.MAX_SAFE_INTEGER });
    const expectFresh = () =>
      expect(all()).toEqual(listOriginalStarts({ event: freshCopy(event), until: Number.MAX_SAFE_INTEGER }));
    expect(all()).toHaveLength(6);
    if (event.recurrence?.pattern.kind !== "weekly") throw new Error("weekly series expected");
    event.recurrence.endDate = "2025-03-26";
    expectFresh();
    event.recurrence.pattern.days.push(5);
    expectFresh();
    event.recurrence.numberOfOccurrences = 4;
    expectFresh();
    expect(all()).toHaveLength(4);
    event.recurrence = { pattern: { kind: "daily", interval: 2 }, startDate: "2025-03-03" };
    expectFresh();
    event.start += 30 * 60_000;
    expectFresh();
    event.timeZone = "Europe/London";
    expectFresh();
    event.isAllDay = true;
    expectFresh();
  });

  it("applies exceptions made after the series was expanded", () => {
    const event = weeklySeries();
    const window = { from: Date.parse("2025-03-10T00:00:00Z"), to: Date.parse("2025-03-17T00:00:00Z") };
    expect(listCalendarEntries({ events: [event], ...window }).map((e) => e.kind)).toEqual([
      "Occurrence",
      "Occurrence",
    ]);
    const monday = Date.parse("2025-03-10T13:00:00Z");
    const laterMonday = Date.parse("2025-03-17T13:00:00Z");
    event.exceptions.set(monday, { deleted: true });
    // An occurrence from the following week moved back into this window is found too.
    event.exceptions.set(laterMonday, {
      deleted: false,
      fields: { start: monday + DAY, end: monday + DAY + 1_800_000 },
    });
    const entries = listCalendarEntries({ events: [event], ...window });
    expect(entries.map((e) => [e.kind, iso(e.fields.start)])).toEqual([
      ["Exception", "2025-03-11T13:00:00.000Z"],
      ["Occurrence", "2025-03-12T13:00:00.000Z"],
    ]);
  });
});
