import { afterEach, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { AvailabilityWindow } from "@/lib/exchange";
import { fetchTeamFreeBusy } from "./fetch-team-free-busy";
import { simulatorAccess } from "./test-helpers";
import type { TeamFreeBusyResult } from "./types";

/**
 * The simulator lays its calendars out around "now"; pinned to the week before Europe's clock change
 * (Sunday 25 October 2026, 03:00 CEST → 02:00 CET) and America's (Sunday 1 November 2026, 02:00 EDT →
 * 01:00 EST). Every seeded person has a daily 15-minute check-in at the start of their working day.
 */
const simulator = setUpTestSimulator({ now: () => new Date("2026-10-21T12:00:00Z") });

const block = (start: string, end: string) => ({ start, end, status: "busy" });

async function busyOf(input: { mailbox: string; window: AvailabilityWindow }) {
  const result: TeamFreeBusyResult = await fetchTeamFreeBusy({
    ...simulatorAccess({ simulator }),
    mailboxes: [input.mailbox],
    window: input.window,
  });
  if (!result.ok || result.members[0]?.status !== "ok") throw new Error(`lookup failed: ${JSON.stringify(result)}`);
  return result.members[0].busy;
}

// Chloé's week as she sees it in Paris: Monday 00:00 CEST to the next Monday 00:00 CET (7 days and 1 hour).
const parisWeek = { start: new Date("2026-10-18T22:00:00Z"), end: new Date("2026-10-25T23:00:00Z") };

describe("team free/busy across a DST change", () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = hostZone;
  });

  it("Europe/Paris, week of 25 October: 09:00 local is 07:00Z before the change and 08:00Z after", async () => {
    const busy = await busyOf({ mailbox: "chloe@contoso.test", window: parisWeek });
    expect(busy).toContainEqual(block("2026-10-23T07:00:00.000Z", "2026-10-23T07:15:00.000Z"));
    expect(busy).toContainEqual(block("2026-10-24T07:00:00.000Z", "2026-10-24T07:15:00.000Z"));
    expect(busy).toContainEqual(block("2026-10-25T08:00:00.000Z", "2026-10-25T08:15:00.000Z"));
    expect(busy).not.toContainEqual(block("2026-10-25T07:00:00.000Z", "2026-10-25T07:15:00.000Z"));
    // Monday's weekly sync at 10:00 CEST, inside the window's first (pre-change) day.
    expect(busy).toContainEqual(block("2026-10-19T08:00:00.000Z", "2026-10-19T09:00:00.000Z"));
  });

  it("America/New_York, week of 1 November: 08:00 local is 12:00Z before the change and 13:00Z after", async () => {
    const nyWeek = { start: new Date("2026-10-26T04:00:00Z"), end: new Date("2026-11-02T05:00:00Z") };
    const busy = await busyOf({ mailbox: "bob@contoso.test", window: nyWeek });
    expect(busy).toContainEqual(block("2026-10-31T12:00:00.000Z", "2026-10-31T12:15:00.000Z"));
    expect(busy).toContainEqual(block("2026-11-01T13:00:00.000Z", "2026-11-01T13:15:00.000Z"));
    expect(busy).not.toContainEqual(block("2026-11-01T12:00:00.000Z", "2026-11-01T12:15:00.000Z"));
  });

  it("gives the same instants whatever the app server's own zone", async () => {
    const reference = await busyOf({ mailbox: "chloe@contoso.test", window: parisWeek });
    // West of Greenwich a UTC midnight is still the previous local day; far east it is already the next.
    for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati"]) {
      process.env.TZ = zone;
      expect(await busyOf({ mailbox: "chloe@contoso.test", window: parisWeek })).toEqual(reference);
    }
  });
});
