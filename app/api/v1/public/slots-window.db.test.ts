import { describe, expect, it } from "vitest";
import { readRequestLog } from "@/lib/calendars/test-helpers";
import { DAY_MS, MINUTE_MS } from "@/lib/scheduling/zone-clock";
import { publicApi, setUpPublicApi, slotsQuery } from "./test-helpers";

// The slots endpoint asks Exchange only about time the page could ever offer: from now plus its minimum
// notice (4 hours here) to now plus its horizon (14 days). A window wholly outside costs no EWS request.

const world = setUpPublicApi({ clearLogEach: true });

const NOTICE_MS = 240 * MINUTE_MS;
const HORIZON_MS = 14 * DAY_MS;
/** The page's slot length: busy time is read that much either side of the offered span. */
const REACH_MS = 30 * MINUTE_MS;

async function lookUp(query: string) {
  const response = await publicApi.slots({ slug: world.slug, query });
  return { status: response.status, body: (await response.json()) as { slots?: { start: string }[] } };
}

/** An EWS TimeWindow bound as the app writes it: UTC (TimeZoneContext), with or without a zone suffix. */
const utcOf = (text: string) => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);

describe("the public slots window", () => {
  it("in 1990 or 2099 answers an empty list without a single request to Exchange", async () => {
    for (const query of [
      "start=1990-01-01&end=1990-01-31&timeZone=UTC",
      "start=2099-06-01&end=2099-07-31&timeZone=Europe/London",
    ]) {
      expect(await lookUp(query), query).toEqual({ status: 200, body: { timeZone: expect.any(String), slots: [] } });
    }
    expect(await readRequestLog(world.simulator)).toEqual([]);
  });

  it("just past the horizon or wholly before the notice ends answers empty without asking Exchange", async () => {
    for (const query of [
      slotsQuery({ fromDays: 16, toDays: 40 }),
      slotsQuery({ fromDays: -20, toDays: -1 }),
      // Today in a zone already a day behind UTC: nothing of it lies four hours ahead.
      slotsQuery({ fromDays: -1, toDays: -1, timeZone: "Etc/GMT+12" }),
    ]) {
      const answer = await lookUp(query);
      expect(answer.status, query).toBe(200);
      expect(answer.body.slots, query).toEqual([]);
    }
    expect(await readRequestLog(world.simulator)).toEqual([]);
  });

  it("partly inside asks Exchange only for the part the page could offer", async () => {
    const before = Date.now();
    const answer = await lookUp(slotsQuery({ fromDays: -20, toDays: 40 }));
    const after = Date.now();
    expect(answer.status).toBe(200);
    const starts = (answer.body.slots ?? []).map((slot) => Date.parse(slot.start));
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) {
      expect(start).toBeGreaterThanOrEqual(before + NOTICE_MS);
      expect(start).toBeLessThan(after + HORIZON_MS);
    }

    const asked = (await readRequestLog(world.simulator)).filter((entry) => entry.operation === "GetUserAvailability");
    expect(asked.length).toBeGreaterThan(0);
    // Whole UTC days around [now + notice, now + horizon], widened by a slot: never the 60 days asked for.
    const firstDay = Math.floor((before + NOTICE_MS - REACH_MS) / DAY_MS) * DAY_MS;
    const lastDay = Math.ceil((after + HORIZON_MS + REACH_MS) / DAY_MS) * DAY_MS;
    for (const entry of asked) {
      if (!entry.timeWindow) throw new Error("no time window logged");
      expect(utcOf(entry.timeWindow.start)).toBeGreaterThanOrEqual(firstDay);
      expect(utcOf(entry.timeWindow.end)).toBeLessThanOrEqual(lastDay);
    }
    expect(Math.min(...asked.map((entry) => utcOf(entry.timeWindow?.start ?? "")))).toBe(firstDay);
  });
});
