import { describe, expect, it } from "vitest";
import { clock, commonFree, dayWindows, placeBlocks, shiftWeek, weekRange, weekStartOf } from "./week-grid";

const iso = (ms: number) => new Date(ms).toISOString();

describe("the team grid's week", () => {
  it("finds the Monday in the viewer's zone, not the server's", () => {
    // Sunday 23:30 in New York is already Monday in UTC (and in Kathmandu, where tests run).
    expect(weekStartOf(new Date("2026-11-30T04:30:00Z"), "America/New_York")).toBe("2026-11-23");
    expect(weekStartOf(new Date("2026-11-30T04:30:00Z"), "Europe/London")).toBe("2026-11-30");
    expect(shiftWeek("2026-11-23", 1)).toBe("2026-11-30");
    expect(shiftWeek("2026-11-23", -4)).toBe("2026-10-26");
  });

  it("spans 169 hours in the week London falls back, and 167 in the week it springs forward", () => {
    const autumn = weekRange("2026-10-19", "Europe/London");
    expect(iso(autumn.start)).toBe("2026-10-18T23:00:00.000Z");
    expect((autumn.end - autumn.start) / 3_600_000).toBe(169);
    const spring = weekRange("2026-03-23", "Europe/London");
    expect((spring.end - spring.start) / 3_600_000).toBe(167);
  });

  it("keeps the work day at 08:00–18:00 on the clock across a DST change", () => {
    // New York falls back on Sunday 1 November 2026: Friday is EDT (UTC−4), the next Monday EST (UTC−5).
    const days = dayWindows({
      weekStart: "2026-10-26",
      zone: "America/New_York",
      workDays: [1, 2, 3, 4, 5, 6, 7],
      startHour: 8,
      endHour: 18,
    });
    expect(days.map((d) => d.date)).toEqual([
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
      "2026-10-29",
      "2026-10-30",
      "2026-10-31",
      "2026-11-01",
    ]);
    expect(iso(days[4]?.start ?? 0)).toBe("2026-10-30T12:00:00.000Z");
    expect(iso(days[6]?.start ?? 0)).toBe("2026-11-01T13:00:00.000Z");
    expect(days[0]?.label).toBe("Mon 26 Oct");
  });

  it("handles half-hour zones and a day that ends at midnight", () => {
    const [monday] = dayWindows({
      weekStart: "2026-11-23",
      zone: "Asia/Kolkata",
      workDays: [1],
      startHour: 0,
      endHour: 24,
    });
    expect(iso(monday?.start ?? 0)).toBe("2026-11-22T18:30:00.000Z");
    expect(iso(monday?.end ?? 0)).toBe("2026-11-23T18:30:00.000Z");
  });
});

describe("blocks and common free time", () => {
  const window = { start: Date.parse("2026-11-23T08:00:00Z"), end: Date.parse("2026-11-23T18:00:00Z") };

  it("clips blocks to the window and places them in percent", () => {
    const placed = placeBlocks(
      [
        { start: "2026-11-23T07:00:00Z", end: "2026-11-23T09:00:00Z", status: "busy" },
        { start: "2026-11-23T13:00:00Z", end: "2026-11-23T15:30:00Z", status: "tentative" },
        { start: "2026-11-23T19:00:00Z", end: "2026-11-23T20:00:00Z", status: "oof" },
      ],
      window,
    );
    expect(placed.map((b) => [b.status, b.left, b.width])).toEqual([
      ["busy", 0, 10],
      ["tentative", 50, 25],
    ]);
  });

  it("finds when everyone picked is free, with unsorted and overlapping blocks", () => {
    const free = commonFree(
      [
        [
          { start: "2026-11-23T12:00:00Z", end: "2026-11-23T13:00:00Z" },
          { start: "2026-11-23T07:00:00Z", end: "2026-11-23T09:00:00Z" },
        ],
        [
          { start: "2026-11-23T12:30:00Z", end: "2026-11-23T14:00:00Z" },
          { start: "2026-11-23T16:00:00Z", end: "2026-11-23T19:00:00Z" },
        ],
      ],
      window,
    );
    expect(free.map((f) => [clock(f.start, "UTC"), clock(f.end, "UTC")])).toEqual([
      ["09:00", "12:00"],
      ["14:00", "16:00"],
    ]);
    expect(commonFree([], window)).toEqual([window]);
  });
});
